"""The demo's agencies and sign-ins, the base every demo scenario stands on (the demo and the tests).

The registry (LAs, RAAs, synthetic agencies), the IFAs of the assurance priority list (SCH-7), then the
sign-ins: provider users are linked to demo agencies, `fostering` to one of those IFAs, so the agencies
come first.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from careinspect.core.demo_users import DemoSignIn, ensure_demo_users
from careinspect.registry.demo import load_demo_registry
from careinspect.scenarios.ifa_assurance import load_demo_ifas


def load_demo_agencies_and_sign_ins(today: date) -> tuple[Any, tuple[DemoSignIn, ...]]:
    """Load (idempotently) the registry, the IFAs and the sign-ins: the registry's summary, the sign-ins."""
    summary = load_demo_registry(today)
    load_demo_ifas(today)
    return summary, ensure_demo_users()
