"""URL map: one include per app."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from econwatch import views

admin.site.site_header = "econwatch 管理后台"
admin.site.site_title = "econwatch"
admin.site.index_title = "主数据与用户"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        auth_views.LoginView.as_view(template_name="login.html"),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("register/", include("econwatch.register.urls")),
    path("monitoring/", include("econwatch.monitoring.urls")),
    path("alerts/", include("econwatch.alerts.urls")),
    path("admin/", admin.site.urls),
]
