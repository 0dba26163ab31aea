from django.apps import AppConfig


class ComplianceConfig(AppConfig):
    """Requirements not met, compliance notices and monitoring visits (REQ-3, ENF-1, SCH-8, KND-4, RPT-6)."""

    name = "careinspect.compliance"
