"""Enforcement after an inspection: case reviews, DCS alerts and calls, safeguarding referrals, inadequate
and serious-concern next steps (ENF-2, ENF-3, ENF-4, SAF-1).
"""

from django.db import models  # noqa: F401
