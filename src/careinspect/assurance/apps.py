from django.apps import AppConfig


class AssuranceConfig(AppConfig):
    """Assurance visits to independent fostering agencies: the priority list, the visit, the narrative report
    with no grade, the child-friendly summary (SCH-7, KND-3, JDG-9, RPT-4, RPT-5).
    """

    name = "careinspect.assurance"

    def ready(self) -> None:
        from careinspect.assurance import deadlines as assurance_deadlines
        from careinspect.assurance import services, summary_receivers
        from careinspect.core import deadlines
        from careinspect.inspections.signals import final_report_sent

        # RULES: RPT-8 — the survey goes with the final report (the report machinery never imports us).
        final_report_sent.connect(services.on_final_report_sent, dispatch_uid="assurance.survey")
        deadlines.register("assurance.visits", assurance_deadlines.visit_deadlines, agency_owned=True)
        # RULES: RPT-5 — the child-friendly summary is published beside the report (H8's summary_*).
        summary_receivers.connect()
