from django.apps import AppConfig


class InspectionsConfig(AppConfig):
    name = "careinspect.inspections"
    label = "inspections"
    verbose_name = "Inspections"

    def ready(self) -> None:
        # The due list's refresh and its "inspection under way" (careinspect.registry.signals).
        from careinspect.inspections import receivers

        receivers.connect()
        # The inspections' own deadlines, for the dashboards' reminders and the reminder emails (issue 13).
        from careinspect.core import deadlines
        from careinspect.inspections.owned_deadlines import inspection_deadlines

        deadlines.register("inspections", inspection_deadlines, agency_owned=True)
