from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "careinspect.core"
    label = "core"
    verbose_name = "careinspect core"
