"""The emails an inspection's steps send the agency (issue 12, item 6): the letter of notice, the
announcement of a thematic inspection or an assurance visit, the draft and final reports sent and the report
published. Each is plain text in a few short lines with the page to read it on, and goes through
`services.send_to_provider`, kept with the inspection; an agency with no address on file gets a note on the
inspection's Messages page instead, and the step goes ahead.

The inspections' services call these inside their own transaction, after the step is recorded.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse

from careinspect.messaging.models import Message
from careinspect.messaging.services import send_to_provider
from careinspect.rules.calendar import day_text
from careinspect.rules.frameworks import load_framework

SIGN_OFF = "careinspect, for the regulator of adoption and fostering agencies in England"


def link(path: str) -> str:
    """The address of a page: the service's address (CAREINSPECT_SITE_URL) and the path, or the path alone."""
    return f"{getattr(settings, 'CAREINSPECT_SITE_URL', '')}{path}"


def _portal(inspection: Any) -> str:
    return link(reverse("portal:inspection", args=[inspection.pk]))


def _letter_html(inspection: Any, letter: str) -> str:
    if letter not in inspection.declaration.letters:
        return ""
    from careinspect.reports.letters import render_letter  # reports builds on inspections, as we do

    return render_letter(inspection, letter)


def _lines(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p) + f"\n\n{SIGN_OFF}\n"


def send_notice(inspection: Any, *, by: Any, now: datetime) -> Message:
    """RULES: NTC-1 — the letter of notice and the staff letter, by email, with the day the forms are due."""
    provider = inspection.provider
    letters = [
        f"{title}: {link(reverse('reports:letter', args=[inspection.pk, key]))}"
        for key, title in inspection.declaration.letters.items()
    ]
    body = _lines(
        f"We will inspect {provider.name} ({provider.urn}) on site {_on_site(inspection)}.",
        "Read the letters and print the staff letter for everyone who works for you:\n" + "\n".join(letters),
        f"Send the information forms and the case list by {day_text(inspection.information_due)}: "
        f"{_portal(inspection)}"
        if inspection.information_due
        else "",
        f"Your lead inspector, {_inspector(inspection)}, will phone you to talk about the inspection.",
    )
    return send_to_provider(
        provider,
        kind="notice",
        subject=f"Inspection of {provider.name}: letter of notice ({inspection.reference})",
        body=body,
        html=_letter_html(inspection, "notice"),
        by=by,
        now=now,
        inspection=inspection,
        rule="NTC-1",
    )


def send_announcement(inspection: Any, *, by: Any, now: datetime, rule: str) -> Message:
    """RULES: NTC-2 — the thematic inspection's letter of notice to the RAA leader, or (NTC-4) the email
    confirming the arrangements of an assurance visit, with when the information is due."""
    provider = inspection.provider
    letter = inspection.declaration.letters.get("notice", "Letter of notice")
    due = inspection.information_due
    what = f"{inspection.kind_label}{' to ' if 'visit' in inspection.kind_label else ' of '}{provider.name}"
    body = _lines(
        f"This confirms the {what[:1].lower()}{what[1:]} ({provider.urn}), on site {_on_site(inspection)}.",
        f"{letter}: {link(reverse('reports:letter', args=[inspection.pk, 'notice']))}"
        if "notice" in inspection.declaration.letters
        else "",
        f"Send the information we ask for by {_hour(inspection)}{day_text(due)} "
        f"({inspection.declaration.information_rule}): "
        f"{_portal(inspection)}"
        if due
        else "",
        f"Your lead inspector is {_inspector(inspection)}.",
    )
    return send_to_provider(
        provider,
        kind="arrangements" if rule == "NTC-4" else "notice",
        subject=f"{what}: {letter[:1].lower()}{letter[1:]} ({inspection.reference})",
        body=body,
        html=_letter_html(inspection, "notice"),
        by=by,
        now=now,
        inspection=inspection,
        rule=rule,
    )


def send_report_sent(inspection: Any, *, by: Any, now: datetime, which: str, rule: str) -> Message:
    """RULES: RPT-3 — the draft report (comments due in 5 working days), the final report, or the report
    published: each tells the agency by email where to read it."""
    provider = inspection.provider
    if which == "draft":
        subject = "draft report"
        lines = (
            f"The draft report of the inspection of {provider.name} ({provider.urn}) is ready to read: "
            f"{_portal(inspection)}",
            f"Send any comments, or a formal complaint, by {day_text(inspection.comments_due)}."
            if inspection.comments_due
            else "",
        )
    elif which == "final":
        subject = "final report"
        lines = (
            f"The final report of the inspection of {provider.name} ({provider.urn}) is ready: "
            f"{_portal(inspection)}",
            f"It will be published on {day_text(inspection.publication_due)}."
            if inspection.publication_due
            else "",
        )
    else:
        subject = "report published"
        published = getattr(inspection, "published", None)
        where = (
            link(reverse("reports:public_detail", args=[published.pk]))
            if published is not None
            else link(reverse("reports:public_list"))
        )
        lines = (
            f"The report of the inspection of {provider.name} ({provider.urn}) is published today: {where}",
            "",
        )
    return send_to_provider(
        provider,
        kind="report_sent",
        subject=f"Inspection of {provider.name}: {subject} ({inspection.reference})",
        body=_lines(*lines),
        by=by,
        now=now,
        inspection=inspection,
        rule=rule,
    )


def _hour(inspection: Any) -> str:
    """RULES: INF-1 — "4pm on " (INF-3: "midday on "): the hour the framework gives, in GOV.UK style."""
    at = load_framework(inspection.framework_name).information.due_time
    if at is None:
        return ""
    if (at.hour, at.minute) == (12, 0):
        return "midday on "
    minutes = f".{at.minute:02d}" if at.minute else ""
    return f"{at.hour % 12 or 12}{minutes}{'am' if at.hour < 12 else 'pm'} on "


def _on_site(inspection: Any) -> str:
    start, end = inspection.start_date, inspection.end_date
    return f"on {day_text(start)}" if start == end else f"from {day_text(start)} to {day_text(end)}"


def _inspector(inspection: Any) -> str:
    """The lead inspector by name, with their address when one is held."""
    lead = inspection.lead_inspector
    name = lead.get_full_name() or lead.get_username()
    return f"{name} ({lead.email})" if lead.email else name
