"""Hooks other apps attach to, so that the registry never imports them (inspections → registry, never back).

`under_way_wanted` is sent by `services.refresh_due` with `provider_ids` (a list of provider ids) while it
works out their rows of the due list. A receiver answers with a mapping {provider id: `due.UnderWay`} of
the providers among them that have an inspection under way; the inspections app is the one that does
(`careinspect.inspections.receivers`). With no receiver, no provider has an inspection under way.

`brought_forward_wanted` is sent the same way, with `provider_ids` and `today`. A receiver answers with a
mapping {provider id: `due.BroughtForward`} of the providers among them whose next inspection a recorded
decision has brought forward (SCH-5, SCH-10); the notifications app is the one that does
(`careinspect.notifications.receivers`). With no receiver, nothing is brought forward.
"""

from __future__ import annotations

from django.dispatch import Signal

under_way_wanted = Signal()
brought_forward_wanted = Signal()
