from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    """Requirements not met, compliance notices and monitoring visits (REQ-3, ENF-1, SCH-8, KND-4, RPT-6)."""

    name = "careinspect.compliance"

    def ready(self) -> None:
        from careinspect.compliance import deadlines as sources
        from careinspect.core import deadlines

        deadlines.register("compliance.requirement_outcomes", sources.requirement_outcomes)
        deadlines.register("compliance.notice_dates", sources.notice_dates)
        deadlines.register("compliance.visits_to_schedule", sources.visits_to_schedule)
        deadlines.register("compliance.monitoring_visits", sources.monitoring_visits)
