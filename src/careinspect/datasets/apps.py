from django.apps import AppConfig


class DatasetsConfig(AppConfig):
    name = "careinspect.datasets"
    label = "datasets"
    verbose_name = "careinspect datasets"
