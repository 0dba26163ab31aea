from django.apps import AppConfig


class EnforcementConfig(AppConfig):
    """Enforcement after an inspection: case reviews, DCS alerts and calls, safeguarding referrals,
    inadequate and serious-concern next steps (ENF-2, ENF-3, ENF-4, SAF-1).
    """

    name = "careinspect.enforcement"
