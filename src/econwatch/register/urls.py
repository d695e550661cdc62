"""Register URLs; each page's JSON twin is ``?format=json`` or a ``.json`` URL."""

from django.urls import path

from econwatch.register import views

app_name = "register"

urlpatterns = [
    path("", views.search, name="search"),
    path("search.json", views.search, {"fmt": "json"}, name="search-json"),
    path("unit/new/", views.unit_create, name="unit-new"),
    path("unit/<int:pk>/", views.unit_detail, name="unit"),
    path("unit/<int:pk>.json", views.unit_detail, {"fmt": "json"}, name="unit-json"),
    path("unit/<int:pk>/edit/", views.unit_edit, name="unit-edit"),
    path("industries/", views.industry_hints, name="industry-hints"),
]
