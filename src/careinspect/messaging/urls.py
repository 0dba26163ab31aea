"""The messaging pages, included by the project's urls under `outbox/` with the namespace `messaging`."""

from django.urls import path

from careinspect.messaging import views

app_name = "messaging"
urlpatterns = [
    path("", views.outbox, name="outbox"),
    path("<int:pk>/", views.outbox_email, name="outbox_email"),
    path("inspections/<int:pk>/", views.inspection_messages, name="inspection_messages"),
]
