from django.urls import path

from careinspect.assurance import summary_views
from careinspect.fieldwork import views as programme_views
from careinspect.reports import views

app_name = "reports"
urlpatterns = [
    path("inspections/<int:pk>/letters/<str:letter>/", views.letter, name="letter"),
    path("inspections/<int:pk>/letters/<str:letter>.pdf", views.letter_pdf, name="letter_pdf"),
    path("inspections/<int:pk>/report.pdf", views.draft_pdf, name="draft_pdf"),
    path("reports/", views.public_list, name="public_list"),
    path("reports/<int:pk>/", views.public_detail, name="public_detail"),
    path("reports/<int:pk>.pdf", views.public_pdf, name="public_pdf"),
    # RULES: THM-7 — the one report of a thematic programme, by the programme's id.
    path("reports/programmes/<int:pk>/", programme_views.public_detail, name="programme_detail"),
    path("reports/programmes/<int:pk>.pdf", programme_views.public_pdf, name="programme_pdf"),
    # RPT-5: an assurance visit's child-friendly summary, published beside its report.
    path("reports/<int:pk>/for-children/", summary_views.public_summary, name="public_summary"),
    path("reports/<int:pk>/for-children.pdf", summary_views.public_summary_pdf, name="public_summary_pdf"),
]
