from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "careinspect.portal"
    label = "portal"
    verbose_name = "Provider portal"
