"""Monitoring URLs; every page also answers ``?format=json`` and ``?format=xlsx``."""

from django.urls import path

from econwatch.monitoring import importviews, views

app_name = "monitoring"

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("daily/", views.daily, name="daily"),
    path("town/<str:code12>/", views.town, name="town"),
    path("enterprise/<int:unit_id>/", views.enterprise, name="enterprise"),
    path("imports/", importviews.imports, name="imports"),
    path("imports/<int:pk>/", importviews.batch, name="import-batch"),
    path("imports/<int:pk>/report/", importviews.report, name="import-report"),
    path("imports/<int:pk>/file/", importviews.original, name="import-file"),
    path("imports/<int:pk>/repeat/", importviews.repeat, name="import-repeat"),
    path("imports/template/<str:kind>/", importviews.template, name="import-template"),
]
