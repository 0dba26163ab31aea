from __future__ import annotations

from datetime import date

from careinspect.rules.planning import Horizon

YEAR = Horizon(date(2026, 4, 1), date(2027, 3, 31))
