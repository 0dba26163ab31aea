"""What a provider is due for, worked out from plain facts with no query.

`services.refresh_due` stores the answer in `ProviderDue`; the data migration that first filled that table
uses the same functions, so both agree on every window, status and reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from careinspect.registry.models import DueStatus, ProviderKind
from careinspect.rules.calendar import day_text
from careinspect.rules.grades import Grade
from careinspect.rules.scheduling import Window, first_inspection_window, next_inspection_window


@dataclass(frozen=True)
class ProviderFacts:
    """What the window depends on: the provider and its latest graded full inspection, if any."""

    pk: int
    kind: str
    name: str
    registration_date: date
    serves_users: bool
    registered_as_vaa: bool
    last_end: date | None = None
    last_judgement: str = ""

    @property
    def on_inspection_cycle(self) -> bool:
        """RULES: THM-3 — RAAs meet the regulator through the thematic programme unless registered as VAAs."""
        return self.kind != ProviderKind.RAA or self.registered_as_vaa


@dataclass(frozen=True)
class UnderWay:
    """An inspection under way, as the inspections app describes it to the registry (issue 15)."""

    inspection_id: int
    reference: str  # "INS-00009"
    status: str  # "Draft report sent"


@dataclass(frozen=True)
class BroughtForward:
    """A decision that brought a provider's next inspection forward, as the app that records it tells the
    registry: from when, by when the inspection is now wanted, under which rule and why."""

    on: date
    inspect_by: date
    rule: str  # "SCH-5" or "SCH-10"
    reason: str


def brought_forward(
    window: Window | None, reason: str, forward: BroughtForward | None
) -> tuple[Window | None, str]:
    """RULES: SCH-5 — an inspection brought forward is due from the day of the decision (and by the day
    it names, if sooner than the window's end), and the list says why. A provider with no window has no
    inspection to bring forward."""
    if forward is None or window is None:
        return window, reason
    moved = Window(
        min(window.earliest, forward.on), min(window.latest, max(forward.inspect_by, forward.on)), window.rule
    )
    text = f"Brought forward: {forward.reason} ({forward.rule})"
    return moved, text[:200]


def quarter_end(day: date) -> date:
    """Last day of the quarter `day` is in (the inspection year's quarters are calendar quarters)."""
    last_month = ((day.month - 1) // 3 + 1) * 3
    following = date(day.year + (last_month == 12), last_month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _long(day: date) -> str:
    return f"{day_text(day)}"


def window_for(facts: ProviderFacts) -> tuple[Window | None, str]:
    """The next-inspection window and why, in the guidance's words (or why there is none)."""
    if not facts.on_inspection_cycle:
        return None, "Regional adoption agency: inspected through the thematic programme (THM-3)"
    if facts.last_end is not None and facts.last_judgement:
        grade = Grade(facts.last_judgement)
        # RULES: SCH-1
        window = next_inspection_window(facts.last_end, grade)  # SCH-2 and SCH-3 by the grade
        return window, f"Last inspected {_long(facts.last_end)}: {grade.label.lower()}"
    if facts.serves_users:
        # RULES: SCH-4
        window = first_inspection_window(facts.registration_date)
        return window, f"Not yet inspected; registered {_long(facts.registration_date)}"
    return None, "Not yet inspected; nobody receives services yet (SCH-4)"


def status_of(window: Window | None, today: date, under_way: UnderWay | None = None) -> DueStatus:
    """An inspection under way comes first: the provider is being inspected, whatever the window says."""
    if under_way is not None:
        return DueStatus.UNDER_WAY
    if window is None:
        return DueStatus.NOT_ON_CYCLE
    if window.latest < today:
        return DueStatus.OVERDUE
    if window.earliest <= quarter_end(today):
        return DueStatus.THIS_QUARTER
    return DueStatus.LATER
