from django.urls import path

from careinspect.inspections.views import overview, sccif

# The team's pages of information received and A1 measures are the portal's, added to this namespace by
# the project's urls (the portal builds on inspections, never the reverse).
app_name = "inspections"
urlpatterns = [
    # Every kind's pages.
    path("dashboard/", overview.dashboard_view, name="dashboard"),
    path("inspections/", overview.inspection_list, name="list"),
    path("inspections/new/", overview.schedule, name="schedule"),
    path("inspections/<int:pk>/", overview.detail, name="detail"),
    path("inspections/<int:pk>/act/<str:transition>/", overview.act, name="act"),
    path("inspections/<int:pk>/notice/", overview.notice, name="notice"),
    # The SCCIF full inspection's own pages (other kinds answer 404: `views.common._kind_page`).
    path("inspections/<int:pk>/preparation/", sccif.preparation, name="preparation"),
    path("inspections/<int:pk>/cases/", sccif.cases, name="cases"),
    path("inspections/<int:pk>/evidence/", sccif.evidence, name="evidence"),
    path("inspections/<int:pk>/judgements/", sccif.judgements, name="judgements"),
    path("inspections/<int:pk>/requirements/", sccif.requirements, name="requirements"),
    path("inspections/<int:pk>/report/", sccif.report, name="report"),
]
