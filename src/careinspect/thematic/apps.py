from django.apps import AppConfig


class ThematicConfig(AppConfig):
    """The RAA thematic programme: selection, plan, fieldwork under the 5 themes, one report."""

    name = "careinspect.thematic"
