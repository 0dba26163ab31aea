from django.apps import AppConfig


class PlanningConfig(AppConfig):
    """The national plan: every due inspection placed with an inspector and dates (SCH-1..SCH-10)."""

    name = "careinspect.planning"
