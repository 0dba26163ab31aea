from django.apps import AppConfig


class ThematicConfig(AppConfig):
    """The RAA thematic programme: selection, plan, fieldwork under the 5 themes, one report."""

    name = "careinspect.thematic"

    def ready(self) -> None:
        from careinspect.core import deadlines
        from careinspect.thematic.deadlines import announcements_due

        deadlines.register("thematic.announcements", announcements_due)
