"""The emails a compliance notice sends the agency (ENF-1): the notice when it is issued, and what the
monitoring visit found of it once recorded.

Each goes through `messaging.services.send_to_provider`, kept as a `Message` with the agency (and the
inspection the notice follows, or the visit), so it shows in the outbox and on the inspection's Messages
page; an agency with no address on file gets a note there instead and the step goes ahead.

Only the notice's regulation and what must be done leave the regulator: they pass the one identifying-text
check (`rules.identifying`, DPR-2) before the notice is issued, a passage it flags going only once the
manager confirms it names nobody. The concern a notice follows stays the regulator's own record: it may
tell of a source (a whistle-blower's identity is protected, DPR-2) that no check of names can find.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.urls import reverse

from careinspect.messaging.identifying import check_emailed_texts
from careinspect.messaging.inspection_mail import SIGN_OFF, link
from careinspect.messaging.models import Message
from careinspect.messaging.services import send_to_provider
from careinspect.rules.calendar import day_text
from careinspect.rules.monitoring import NoticeAction

NOTICE_KIND = "compliance_notice"
OUTCOME_KIND = "compliance_notice_outcome"
KINDS = (NOTICE_KIND, OUTCOME_KIND)
# The notice's texts that the emails carry, in the order a writer reads them on the form.
EMAILED_FIELDS = ("regulation", "action")


def _follows(notice: Any) -> str:
    if notice.requirement is not None:
        requirement = notice.requirement
        return (
            f"It follows the requirement made at our inspection {requirement.inspection.reference}, which "
            f"was not met by {day_text(requirement.compliance_date)}."
        )
    if notice.previous is not None:
        return f"It follows compliance notice {notice.previous.reference}, which was not met."
    return "It follows concerns we hold about the agency."


def _lines(*parts: str) -> str:
    return "\n\n".join(p for p in parts if p) + f"\n\n{SIGN_OFF}\n"


def notice_email(notice: Any) -> tuple[str, str]:
    """The subject and body of the email that sends the agency its compliance notice."""
    provider = notice.provider
    subject = f"Compliance notice {notice.reference}: {provider.name} ({provider.urn})"
    body = _lines(
        f"We have issued compliance notice {notice.reference} to {provider.name} ({provider.urn}).",
        f"Regulation: {notice.regulation}",
        f"What you must do: {notice.action}",
        f"By: {day_text(notice.compliance_date)}",
        _follows(notice),
        "We will visit after this date to check the notice is met, usually without telling you first. "
        "A notice is met only when everything it asks is done: partial action is not enough.",
    )
    return subject, body


def _inspection_of(notice: Any) -> Any:
    """The inspection the notice follows, if one: the requirement's, or the visit that found the previous
    notice not met."""
    if notice.requirement is not None:
        return notice.requirement.inspection
    if notice.previous is not None:
        found = notice.previous.outcomes.filter(fully_met=False).order_by("-recorded_at", "-pk").first()
        return found.inspection if found is not None else None
    return None


def send_notice(notice: Any, *, by: Any, now: datetime) -> Message:
    """RULES: ENF-1 — the notice goes to the agency when it is issued (called in the issuing transaction,
    once the notice is saved and its texts have passed `check_emailed_texts`)."""
    subject, body = notice_email(notice)
    return send_to_provider(
        notice.provider,
        kind=NOTICE_KIND,
        subject=subject,
        body=body,
        by=by,
        now=now,
        inspection=_inspection_of(notice),
        rule="ENF-1",
    )


def outcome_email(outcome: Any) -> tuple[str, str]:
    """The subject and body of the email telling the agency what the visit found of a notice: the finding
    in the rule's words, never the inspector's evidence note (working evidence stays the regulator's)."""
    notice, visit = outcome.notice, outcome.inspection
    words = "met" if outcome.fully_met else "not met"
    subject = f"Compliance notice {notice.reference}: {words}"
    if outcome.fully_met:
        next_step = "The notice is met: nothing more is needed for it. The visit's report will follow."
    else:
        next_step = (
            "Partial action is not enough, so the notice is not met. We will decide what further action to "
            "take (a further notice, cancelling the registration or prosecution) and write to you."
        )
    body = _lines(
        f"At our monitoring visit {visit.reference} on {day_text(visit.start_date)} we checked compliance "
        f"notice {notice.reference}, due by {day_text(notice.compliance_date)}.",
        f"Regulation: {notice.regulation}",
        f"What we found: {NoticeAction(outcome.action).label}.",
        next_step,
        f"Read about the visit: {link(reverse('portal:inspection', args=[visit.pk]))}",
    )
    return subject, body


def send_outcome(outcome: Any, *, by: Any, now: datetime) -> Message:
    """RULES: ENF-1 — the agency is told whether each notice was met once the visit records it. Its texts
    are the notice's, checked when it was issued; checked again here in case a notice predates the check."""
    notice = outcome.notice
    check_emailed_texts(
        notice.provider, {"regulation": notice.regulation}, confirmed=notice.identifying or ()
    )
    subject, body = outcome_email(outcome)
    return send_to_provider(
        notice.provider,
        kind=OUTCOME_KIND,
        subject=subject,
        body=body,
        by=by,
        now=now,
        inspection=outcome.inspection,
        rule="ENF-1",
    )
