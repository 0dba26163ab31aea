"""The compliance pages, under `compliance/` with the namespace `compliance`.

`team_urlpatterns` is the monitoring visit's own page among the inspection's pages, joined to the
`inspections` namespace by the project's URLconf (like the portal's team pages), so that the inspection's
sub-navigation links to it.
"""

from django.urls import URLPattern, path

from careinspect.compliance import views

app_name = "compliance"
urlpatterns: list[URLPattern] = [
    path("", views.index, name="index"),
    path("providers/<int:pk>/", views.provider, name="provider"),
    path("providers/<int:pk>/visits/new/", views.schedule_visit, name="schedule_visit"),
]

team_urlpatterns: list[URLPattern] = [
    path("inspections/<int:pk>/visit/", views.visit, name="visit"),
]
