from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    """Enforcement after an inspection: case reviews, DCS alerts and calls, safeguarding referrals,
    inadequate and serious-concern next steps (ENF-2, ENF-3, ENF-4, SAF-1).
    """

    name = "careinspect.enforcement"

    def ready(self) -> None:
        from careinspect.core import deadlines
        from careinspect.enforcement import deadlines as sources
        from careinspect.enforcement.services import on_judged_inadequate
        from careinspect.inspections.signals import judged_inadequate

        judged_inadequate.connect(on_judged_inadequate, dispatch_uid="enforcement-judged-inadequate")
        deadlines.register("enforcement.case_reviews", sources.case_reviews)
        deadlines.register("enforcement.dcs_emails", sources.dcs_emails)
        deadlines.register("enforcement.dcs_calls", sources.dcs_calls)
        deadlines.register("enforcement.safeguarding_follow_ups", sources.safeguarding_follow_ups)
        deadlines.register("enforcement.monitoring_visits", sources.monitoring_visits)
