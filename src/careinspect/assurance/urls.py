"""The assurance pages, included by the project's urls under `assurance/` with the namespace `assurance`."""

from django.urls import URLPattern, path

from careinspect.assurance import summary_urls, views

app_name = "assurance"
urlpatterns: list[URLPattern] = [
    path("priority/", views.priority, name="priority"),
    path("priority/<str:urn>/schedule/", views.schedule, name="schedule"),
    path("visits/<int:pk>/", views.visit, name="visit"),
    path("survey/<str:token>/", views.survey, name="survey"),
]
# The child-friendly summary's pages (RPT-5).
urlpatterns += summary_urls.urlpatterns
