"""The letters sent with the notice of an ASA inspection, written from the provider's and inspection's data.

RULES: NTC-1 (the letter of notice, then a phone call), INF-2 (the two forms, the date agreed for them,
and a letter for all staff with the inspector's contact details), NTC-5 (a deferral is asked for during
the call), CAS-1 (case tracking on site), RPT-3 (the report timeline).

The wording is ours, in plain English, from the SCCIF guidance for adoption support agencies (seed 002).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from django.template.loader import render_to_string

from careinspect.core.regime import current_calendar, current_policy
from careinspect.inspections.models import Inspection
from careinspect.rules.frameworks import load_framework
from careinspect.rules.sampling import tracked_minimum
from careinspect.rules.timelines import compute_timeline

KIND = "asa-full"
Letter = Literal["notice", "staff"]
LETTERS: dict[str, str] = {"notice": "Letter of notice", "staff": "Letter for all staff"}
FILE_NAMES: dict[str, str] = {"notice": "letter-of-notice", "staff": "letter-for-staff"}


@dataclass(frozen=True)
class ReportDates:
    """RULES: RPT-3 — when the draft, the comments, the final report and publication are due."""

    draft: date
    comments: date
    final: date
    published: date


def report_dates(inspection: Inspection) -> ReportDates:
    """The dates recorded at feedback, or else those the planned last on-site day gives."""
    timeline = compute_timeline(
        KIND,
        inspection.start_date,
        inspection.end_date,
        calendar=current_calendar(),
        policy=current_policy(),
        single_individual=inspection.provider.single_individual,
    )
    return ReportDates(
        draft=inspection.draft_due or timeline.get("draft_report_due").day,
        comments=inspection.comments_due or timeline.get("provider_comments_due").day,
        final=inspection.final_due or timeline.get("final_report_due").day,
        published=inspection.publication_due or timeline.get("publication_due").day,
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _on_site_days(inspection: Inspection) -> list[date]:
    """KND-1: 2 days on site, possibly spread over 3; list every working day in the span."""
    cal = current_calendar()
    days = []
    day = inspection.start_date
    while day <= inspection.end_date:
        if cal.is_working_day(day):
            days.append(day)
        day = cal.add_working_days(day, 1)
    return days


def letter_context(inspection: Inspection, letter: Letter) -> dict[str, Any]:
    if letter not in LETTERS:
        raise ValueError(f"{letter!r} is not a letter; use one of {', '.join(LETTERS)}")
    provider = inspection.provider
    lead = inspection.lead_inspector
    framework = load_framework(KIND)
    policy = current_policy()
    cases_needed = (
        tracked_minimum(inspection.service_users, policy) if inspection.service_users is not None else None
    )
    return {
        "letter": letter,
        "title": LETTERS[letter],
        "inspection": inspection,
        "provider": provider,
        # The registry keeps no postal address yet; show one if the model gains it.
        "address": getattr(provider, "address", "") or "",
        "based_in": provider.local_authority.name if provider.local_authority is not None else "",
        "letter_date": inspection.notified_on or inspection.notice_due,
        "sent": inspection.notified_on is not None,
        "on_site_days": _on_site_days(inspection),
        "lead_name": lead.get_full_name() or lead.get_username(),
        "lead_email": lead.email,
        "forms": [_sentence_case(item) for item in framework.information.items],
        "information_due": inspection.information_due,
        "cases_needed": cases_needed,
        "larger_agency_threshold": policy.larger_agency_threshold,
        "report_dates": report_dates(inspection),
    }


def render_letter(inspection: Inspection, letter: Letter) -> str:
    """The letter's body as HTML (no page around it): the web page and the PDF both wrap it."""
    return render_to_string(f"reports/letters/{letter}.html", letter_context(inspection, letter))


def file_name(inspection: Inspection, letter: Letter) -> str:
    return f"{inspection.reference}-{FILE_NAMES[letter]}.pdf"
