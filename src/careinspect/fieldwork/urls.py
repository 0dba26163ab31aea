"""The fieldwork pages, included by the project's urls under `fieldwork/` with the namespace `fieldwork`.

`team_urlpatterns` is the inspection's own fieldwork page, joined to the `inspections` namespace by the
project's URLconf (like the portal's team pages) so that the inspection's sub-navigation links to it.
"""

from django.urls import URLPattern, path

from careinspect.fieldwork import views

app_name = "fieldwork"
urlpatterns: list[URLPattern] = [
    path("programmes/", views.programmes, name="programmes"),
    path("programmes/<int:pk>/", views.programme_page, name="programme"),
    path("programmes/<int:pk>/report/", views.report_page, name="report"),
]

team_urlpatterns: list[URLPattern] = [
    path("fieldwork/inspections/<int:pk>/", views.fieldwork_page, name="fieldwork"),
]
