from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from careinspect.api import api
from careinspect.core import two_factor

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inspections:dashboard", permanent=False), name="home"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor"),
    path("", include("careinspect.registry.urls")),
    path("", include("careinspect.inspections.urls")),
    path("portal/", include("careinspect.portal.urls")),
    path("", include("careinspect.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
