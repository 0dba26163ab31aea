"""The fieldwork of a thematic inspection under the 5 themes: case sample, timetable, keep-in-touch log,
evidence with consent, feedback, the verbal summary (CAS-2, THM-5, THM-6, VEW-1).
"""

from django.db import models  # noqa: F401
