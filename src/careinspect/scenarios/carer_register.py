"""A foster carer register as an agency sends it for an assurance visit (INF-3): the demo's and the tests'.

Two sheets, `households` and `placements` (docs/datasets/ifa_carer_register.md), with every date counted
back from the day the register is sent, so it is valid whatever day the demo is built. The children are
known by the agency's case record IDs only (EVD-2); one child moved carers, so the register has more
placements than children.
"""

from __future__ import annotations

import io
from datetime import date, timedelta

from openpyxl import Workbook  # type: ignore[import-untyped]

HOUSEHOLD_COLUMNS = (
    "household_id", "approval_date", "approval_type", "age_range_min", "age_range_max", "places", "status",
    "last_review_date", "end_date", "la_code",
)  # fmt: skip
PLACEMENT_COLUMNS = (
    "child_ref", "household_id", "placing_la_code", "birth_month", "placement_type", "placement_start",
    "placement_end",
)  # fmt: skip

# (household, approved years ago, approval type, ages, places, placing LA of its children)
HOUSEHOLDS = (
    ("H-201", 6, "mainstream", (0, 17), 2, "878"),
    ("H-202", 3, "short_break", (5, 17), 1, "879"),
    ("H-203", 2, "parent_and_child", (0, 17), 1, "878"),
    ("H-204", 1, "mainstream", (8, 17), 2, "908"),
)
# (child's case record ID, household, placing LA, age in years, placement type, started days ago, ended days
# ago or None). C-1044 moved from a short-term placement to long-term carers three months ago.
PLACEMENTS = (
    ("C-1041", "H-201", "878", 11, "long_term", 900, None),
    ("C-1042", "H-201", "879", 7, "long_term", 400, None),
    ("C-1043", "H-202", "879", 13, "short_break", 200, None),
    ("C-1044", "H-202", "878", 14, "short_term", 300, 95),
    ("C-1044", "H-204", "878", 14, "long_term", 90, None),
    ("C-1045", "H-203", "878", 0, "parent_and_child", 60, None),
    ("C-1046", "H-204", "908", 15, "emergency", 20, None),
)
# What the demo's inspector samples, and why (CAS-3: a sampled case follows a line of enquiry).
DEMO_SAMPLE = {
    "C-1044": "Stability: a child who moved carers this year",
    "C-1046": "Emergency placements and matching",
}


def register_workbook(as_at: date) -> bytes:
    """The register as an XLSX workbook, valid on `as_at` (the day it is sent)."""
    book = Workbook()
    households = book.active
    assert households is not None
    households.title = "households"
    households.append(HOUSEHOLD_COLUMNS)
    for ref, years, kind, (youngest, oldest), places, la in HOUSEHOLDS:
        approved = as_at - timedelta(days=365 * years + 30)
        reviewed = as_at - timedelta(days=120)
        households.append((ref, approved, kind, youngest, oldest, places, "active", reviewed, None, la))
    placements = book.create_sheet("placements")
    placements.append(PLACEMENT_COLUMNS)
    for child, household, la, age, kind, started, ended in PLACEMENTS:
        born = as_at - timedelta(days=365 * age + 200)
        placements.append(
            (
                child,
                household,
                la,
                f"{born.year:04d}-{born.month:02d}",
                kind,
                as_at - timedelta(days=started),
                as_at - timedelta(days=ended) if ended is not None else None,
            )
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
