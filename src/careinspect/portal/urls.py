from django.contrib.auth.decorators import login_required
from django.urls import path

from careinspect.portal import team_views, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("requests/<int:pk>/", views.information_request, name="request"),
    path("uploads/<int:pk>/original", views.original, name="original"),
    path(
        "team/inspections/<int:pk>/measures.csv", login_required(team_views.measures_csv), name="measures_csv"
    ),
]

# The inspection team's views of what an agency sent, under the inspections pages and namespace (see the
# project's urls.py).
team_urlpatterns = [
    path("inspections/<int:pk>/information/", login_required(team_views.information), name="information"),
    path("inspections/<int:pk>/measures/", login_required(team_views.measures_page), name="measures"),
]
