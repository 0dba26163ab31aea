"""The planning pages, included by the project's urls under `planning/` with the namespace `planning`."""

from django.urls import path

from careinspect.planning import views

app_name = "planning"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<int:pk>/", views.plan_detail, name="detail"),
    path("<int:pk>/replan/", views.replan, name="replan"),
    path("<int:pk>/final/", views.finalise, name="finalise"),
    path("<int:pk>/placements/<int:placement_pk>/lock/", views.lock, name="lock"),
    path("<int:pk>/placements/<int:placement_pk>/unlock/", views.unlock, name="unlock"),
    path("<int:pk>/placements/<int:placement_pk>/move/", views.move, name="move"),
    path("<int:pk>/placements/<int:placement_pk>/schedule/", views.schedule, name="schedule"),
]
