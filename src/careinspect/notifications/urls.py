"""The notifications pages, included by the project's urls under `notifications/` with the namespace
`notifications`.
"""

from django.urls import URLPattern, path

from careinspect.notifications import views

app_name = "notifications"
urlpatterns: list[URLPattern] = [
    # The regulator's pages
    path("", views.inbox, name="inbox"),
    path("<int:pk>/", views.review, name="review"),
    path("bring-forward/", views.decisions, name="decisions"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/<int:pk>/original", views.questionnaire_original, name="questionnaire_original"),
    path("nms25/<int:pk>/original", views.nms25_original, name="nms25_original"),
    # The agency's own pages
    path("agency/", views.agency, name="agency"),
    path("agency/new/", views.send, name="send"),
    path("agency/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("agency/manager/", views.manager_notice, name="manager_notice"),
    path("agency/manager/<int:pk>/", views.correct_manager_notice, name="correct_manager_notice"),
    path("agency/nms25/", views.nms25_send, name="nms25_send"),
]
