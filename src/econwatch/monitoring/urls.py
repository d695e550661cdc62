"""Monitoring URLs; every page also answers ``?format=json`` and ``?format=xlsx``."""

from django.urls import path

from econwatch.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
    path("daily/", views.daily, name="daily"),
    path("town/<str:code12>/", views.town, name="town"),
    path("enterprise/<int:unit_id>/", views.enterprise, name="enterprise"),
]
