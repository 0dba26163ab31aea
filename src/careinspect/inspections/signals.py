"""Hooks other apps attach to, so that inspections never imports them (portal → inspections, never back).

`information_due` is sent, with `inspection` and `by`, whenever an inspection's information date is set or
moved: on notice (NTC-1), on an announcement (NTC-2, NTC-4) and when a date is agreed (INF-2). The portal
answers it by opening or re-dating the kind's information requests (INF-1, INF-2, INF-3).
"""

from __future__ import annotations

from django.dispatch import Signal

information_due = Signal()
