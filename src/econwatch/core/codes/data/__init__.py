"""Package data of econwatch.core.codes: the code-list files (see SOURCES.md).

A package, not a plain folder, so that the project's package-data globs ship the
files in wheels; they are read with importlib.resources, never imported.
"""
