"""Requirements not met, compliance notices and monitoring visits (REQ-3, ENF-1, SCH-8, KND-4, RPT-6)."""

from django.db import models  # noqa: F401
