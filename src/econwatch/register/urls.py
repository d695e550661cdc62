from django.urls import path

from econwatch.register import views

app_name = "register"

urlpatterns = [
    path("", views.search, name="search"),
]
