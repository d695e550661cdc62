from django.urls import path

from econwatch.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("", views.cockpit, name="cockpit"),
]
