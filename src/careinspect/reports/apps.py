from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "careinspect.reports"
    label = "reports"
    verbose_name = "Reports and letters"
