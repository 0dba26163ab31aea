from django.urls import path

from careinspect.portal import views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
]
