from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "careinspect.inspections"
    label = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        # The due list's refresh and its "inspection under way" (careinspect.registry.signals).
        from careinspect.inspections import receivers

        receivers.connect()
