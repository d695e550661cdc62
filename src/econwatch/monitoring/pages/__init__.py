"""What each monitoring page shows, as plain data (the page's JSON twin).

Every ``*_page`` function returns a dict of strings, numbers, lists and dicts:
the HTML template renders it, ``?format=json`` returns it unchanged and
``?format=xlsx`` writes its tables, so the three cannot drift apart. The views in
:mod:`econwatch.monitoring.views` only choose which function to call.

Numbers come from :mod:`econwatch.monitoring.indicators` (monthly indicator set),
:mod:`econwatch.monitoring.daily` (daily series) and the alerts app; this package
selects, scopes and lays them out.
"""
