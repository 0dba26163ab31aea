"""The enforcement pages, included by the project's urls under `enforcement/` with the namespace
`enforcement`.
"""

from django.urls import URLPattern, path

from careinspect.enforcement import views

app_name = "enforcement"
urlpatterns: list[URLPattern] = [
    path("", views.dashboard, name="dashboard"),
    path("inspections/<int:pk>/next-steps/", views.next_steps, name="next_steps"),
    path("inspections/<int:pk>/safeguarding/", views.new_referral, name="new_referral"),
    path("inspections/<int:pk>/monitoring-visit/", views.monitoring_visit, name="monitoring_visit"),
    path("alerts/<int:pk>/", views.alert, name="alert"),
    path("case-reviews/<int:pk>/", views.case_review, name="case_review"),
    path("referrals/<int:pk>/", views.referral, name="referral"),
    path("referrals/<int:pk>/follow-up/", views.referral_follow_up, name="referral_follow_up"),
]
