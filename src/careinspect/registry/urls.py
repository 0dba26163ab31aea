from django.urls import path

from careinspect.registry import views

app_name = "registry"
urlpatterns = [
    path("inspections-due/", views.inspections_due_list, name="due"),
]
