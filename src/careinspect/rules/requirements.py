"""Requirements and recommendations, checked by rule (no Django): REQ-1 and REQ-2, one function each."""

from __future__ import annotations

import re
from collections.abc import Iterable

from careinspect.rules.errors import RuleViolation

# A standard is cited by its number ("NMS 5.2", "Standard 12").
_NMS_NUMBER = re.compile(r"\d")


def req1_requirement_is_complete(regulation: str, action: str, impact: str) -> None:
    """RULES: REQ-1 — a requirement cites the regulation, says what must be done and states the impact."""
    for field, value in (("regulation", regulation), ("action", action), ("impact", impact)):
        if not value.strip():
            raise RuleViolation(f"give the {field.replace('_', ' ')}", rule="REQ-1", field=field)


def req1_rests_on_more_than_one_source(sources: Iterable[str]) -> None:
    """RULES: REQ-1 — a requirement rests on evidence from more than one source."""
    if len(set(sources)) < 2:
        raise RuleViolation(
            "a requirement rests on evidence from more than one source: cite records of at least two "
            "different sources",
            rule="REQ-1",
            field="evidence",
        )


def req2_cites_a_standard(nms_standard: str, text: str) -> None:
    """RULES: REQ-2 — a recommendation cites the relevant national minimum standard and summarises it."""
    if not _NMS_NUMBER.search(nms_standard or ""):
        raise RuleViolation(
            "cite the national minimum standard by number, for example 'NMS 5.2'",
            rule="REQ-2",
            field="nms_standard",
        )
    if not text.strip():
        raise RuleViolation("write the recommendation", rule="REQ-2", field="text")
