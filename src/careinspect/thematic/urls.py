"""The thematic pages, included by the project's urls under `thematic/` with the namespace `thematic`."""

from django.urls import path

from careinspect.thematic import views

app_name = "thematic"
urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_new, name="new"),
    path("<int:pk>/", views.programme_detail, name="detail"),
    path("<int:pk>/candidates/", views.candidates, name="candidates"),
    path("<int:pk>/selection/", views.selection, name="selection"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/visits/<int:visit_pk>/announce/", views.announce, name="announce"),
]
