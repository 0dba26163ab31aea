from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import RedirectView

from careinspect.api import api
from careinspect.compliance import urls as compliance_urls
from careinspect.core import two_factor, views_assets
from careinspect.fieldwork import urls as fieldwork_urls
from careinspect.inspections import urls as inspection_urls
from careinspect.portal import urls as portal_urls

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="inspections:dashboard", permanent=False), name="home"),
    path("favicon.ico", views_assets.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/", two_factor.verify, name="two_factor"),
    path("", include("careinspect.registry.urls")),
    path(
        "",
        include(
            (
                inspection_urls.urlpatterns
                + portal_urls.team_urlpatterns
                + fieldwork_urls.team_urlpatterns
                + compliance_urls.team_urlpatterns,
                "inspections",
            )
        ),
    ),
    path("portal/", include("careinspect.portal.urls")),
    path("planning/", include("careinspect.planning.urls")),
    path("thematic/", include("careinspect.thematic.urls")),
    path("fieldwork/", include("careinspect.fieldwork.urls")),
    path("assurance/", include("careinspect.assurance.urls")),
    path("enforcement/", include("careinspect.enforcement.urls")),
    path("compliance/", include("careinspect.compliance.urls")),
    path("notifications/", include("careinspect.notifications.urls")),
    path("outbox/", include("careinspect.messaging.urls")),
    path("", include("careinspect.reports.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
