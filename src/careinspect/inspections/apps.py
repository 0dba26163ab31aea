from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "careinspect.inspections"
    label = "inspections"
    verbose_name = "Inspections"
