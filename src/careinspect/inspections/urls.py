from django.urls import path

from careinspect.inspections import views

# The team's pages of information received and A1 measures are the portal's, added to this namespace by
# the project's urls (the portal builds on inspections, never the reverse).
app_name = "inspections"
urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("inspections/", views.inspection_list, name="list"),
    path("inspections/new/", views.schedule, name="schedule"),
    path("inspections/<int:pk>/", views.detail, name="detail"),
    path("inspections/<int:pk>/act/<str:transition>/", views.act, name="act"),
    path("inspections/<int:pk>/notice/", views.notice, name="notice"),
    path("inspections/<int:pk>/preparation/", views.preparation, name="preparation"),
    path("inspections/<int:pk>/cases/", views.cases, name="cases"),
    path("inspections/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("inspections/<int:pk>/judgements/", views.judgements, name="judgements"),
    path("inspections/<int:pk>/requirements/", views.requirements, name="requirements"),
    path("inspections/<int:pk>/report/", views.report, name="report"),
]
