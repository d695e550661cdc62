"""Alert URLs; each page also answers ``?format=json`` and ``?format=xlsx``."""

from django.urls import path

from econwatch.alerts import views

app_name = "alerts"

urlpatterns = [
    path("", views.alert_list, name="list"),
    path("<int:alert_id>/", views.alert_detail, name="detail"),
]
