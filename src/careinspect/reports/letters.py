"""The letters an inspection's kind sends when it is announced, written from the provider's and the
inspection's data. Each kind declares its own letters (`rules.kinds`); the templates are per kind under
`reports/letters/<kind>/`.

RULES: NTC-1 — the SCCIF letter of notice, then a phone call (with INF-2's forms, the date agreed for
them and a letter for all staff). The thematic inspection's letter to the RAA leader follows NTC-2 (and
INF-1's list due by 4pm, THM-1's themes, NTC-3's stakeholder letters); the assurance visit's email
confirming arrangements follows NTC-4 (and INF-3's list due by 12pm, RPT-4's timeline).

The wording is ours, in plain English, from the guidance (seeds 000, 002 and 004).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.template.loader import render_to_string

from careinspect.core.regime import current_calendar, current_policy
from careinspect.inspections.models import Inspection
from careinspect.rules.frameworks import Framework, load_framework
from careinspect.rules.kinds import Kind
from careinspect.rules.sampling import tracked_minimum
from careinspect.rules.timelines import LONDON, compute_timeline

FILE_NAMES: dict[str, str] = {"notice": "letter-of-notice", "staff": "letter-for-staff"}


def letters_of(inspection: Inspection) -> list[tuple[str, str]]:
    """(letter, title) for every letter this kind of inspection sends, in its declaration's order."""
    return list(inspection.declaration.letters.items())


def title_of(inspection: Inspection, letter: str) -> str | None:
    return dict(letters_of(inspection)).get(letter)


@dataclass(frozen=True)
class ReportDates:
    """RULES: RPT-3 — when the draft, the comments, the final report and publication are due."""

    draft: date
    comments: date
    final: date
    published: date | None


def report_dates(inspection: Inspection) -> ReportDates | None:
    """The dates recorded at feedback, or else those the planned last on-site day gives; None for a kind
    with no report of its own (THM-7: one programme report)."""
    framework = load_framework(inspection.framework_name)
    if framework.timeline is None:
        return None
    timeline = compute_timeline(
        inspection.framework_name,
        inspection.start_date,
        inspection.end_date,
        calendar=current_calendar(),
        policy=current_policy(),
        single_individual=inspection.provider.single_individual and inspection.kind == Kind.SCCIF_FULL,
    )
    named = {d.name: d.day for d in timeline.deadlines}
    return ReportDates(
        draft=inspection.draft_due or named["draft_report_due"],
        comments=inspection.comments_due or named["provider_comments_due"],
        final=inspection.final_due or named["final_report_due"],
        published=inspection.publication_due or named.get("publication_due"),
    )


def _sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:]


def _on_site_days(inspection: Inspection) -> list[date]:
    """Every working day from the first on-site day to the last (KND-1: 2 days may be spread over 3)."""
    cal = current_calendar()
    days = []
    day = inspection.start_date
    while day <= inspection.end_date:
        if cal.is_working_day(day):
            days.append(day)
        day = cal.add_working_days(day, 1)
    return days


def _information_due_at(inspection: Inspection, framework: Framework) -> datetime | None:
    """INF-1 4pm, INF-3 12pm on their day; INF-2 a date only."""
    if inspection.information_due is None or framework.information.due_time is None:
        return None
    return datetime.combine(inspection.information_due, framework.information.due_time, tzinfo=LONDON)


def clock_time(at: datetime | None) -> str:
    """A time as GOV.UK writes it: "4pm", "9:30am", "midday" (the style guide's words, not "12pm")."""
    if at is None:
        return ""
    if (at.hour, at.minute) == (12, 0):
        return "midday"
    hour = at.hour % 12 or 12
    minutes = f":{at.minute:02d}" if at.minute else ""
    return f"{hour}{minutes}{'am' if at.hour < 12 else 'pm'}"


def letter_context(inspection: Inspection, letter: str) -> dict[str, Any]:
    title = title_of(inspection, letter)
    if title is None:
        raise ValueError(f"{letter!r} is not a letter of {inspection.declaration.described_as}")
    provider = inspection.provider
    lead = inspection.lead_inspector
    framework = load_framework(inspection.framework_name)
    policy = current_policy()
    context: dict[str, Any] = {
        "letter": letter,
        "title": title,
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
        "team": [m.inspector for m in inspection.team_members.select_related("inspector")],
        "forms": [_sentence_case(item) for item in framework.information.items],
        "information_notes": list(framework.information.notes),
        "information_due": inspection.information_due,
        "information_due_at": _information_due_at(inspection, framework),
        "information_due_time": clock_time(_information_due_at(inspection, framework)),
        "report_dates": report_dates(inspection),
        "framework": framework,
    }
    if inspection.kind == Kind.SCCIF_FULL:
        detail = getattr(inspection, "sccif", None)
        users = detail.service_users if detail is not None else None
        context["cases_needed"] = tracked_minimum(users, policy) if users is not None else None
        context["larger_agency_threshold"] = policy.larger_agency_threshold
    if inspection.kind == Kind.RAA_THEMATIC:
        detail = getattr(inspection, "thematic", None)
        context["notice_to"] = detail.notice_to if detail is not None else "RAA leader"
        context["themes"] = list(framework.themes)
        context["stakeholder_letters"] = list(framework.stakeholder_letters)
        context["member_las"] = list(provider.member_las.order_by("name"))
    if inspection.kind == Kind.IFA_ASSURANCE:
        context["headings"] = list(framework.headings)
    return context


def render_letter(inspection: Inspection, letter: str) -> str:
    """The letter's body as HTML (no page around it): the web page and the PDF both wrap it."""
    return render_to_string(
        f"reports/letters/{inspection.kind}/{letter}.html", letter_context(inspection, letter)
    )


def file_name(inspection: Inspection, letter: str) -> str:
    return f"{inspection.reference}-{FILE_NAMES.get(letter, letter)}.pdf"
