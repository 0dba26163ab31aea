from django.urls import path

from careinspect.reports import views

app_name = "reports"
urlpatterns = [
    path("inspections/<int:pk>/letters/<str:letter>/", views.letter, name="letter"),
    path("inspections/<int:pk>/letters/<str:letter>.pdf", views.letter_pdf, name="letter_pdf"),
    path("inspections/<int:pk>/report.pdf", views.draft_pdf, name="draft_pdf"),
    path("reports/", views.public_list, name="public_list"),
    path("reports/<int:pk>/", views.public_detail, name="public_detail"),
    path("reports/<int:pk>.pdf", views.public_pdf, name="public_pdf"),
]
