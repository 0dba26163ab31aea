"""What agencies tell the regulator through the portal: notifications, NMS 25 reports, manager absence,
questionnaires (NOT-1..NOT-4, SCH-5, SCH-10).
"""

from django.db import models  # noqa: F401
