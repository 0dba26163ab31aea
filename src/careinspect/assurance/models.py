"""Assurance visits to independent fostering agencies: the priority list, the visit, the narrative report
with no grade, the child-friendly summary (SCH-7, KND-3, JDG-9, RPT-4, RPT-5).
"""

from django.db import models  # noqa: F401
