"""The child-friendly summary's pages under `assurance/` (RPT-5); included by `assurance/urls.py`. The
public copy lives beside the report under `/reports/` (see `careinspect.reports.urls`)."""

from django.urls import path

from careinspect.assurance import summary_views

urlpatterns = [
    path("inspections/<int:pk>/child-friendly-summary/", summary_views.summary_page, name="summary"),
    path(
        "portal/inspections/<int:pk>/child-friendly-summary/",
        summary_views.portal_summary,
        name="portal_summary",
    ),
]
