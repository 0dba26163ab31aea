"""The child-friendly summary of an assurance visit: written, checked, adapted, published (RPT-5).

Seed 004, "Summary report for children": "Inspectors also complete a brief, child-friendly summary
following every assurance visit." It is written by the visit's inspectors once feedback is given, checked
by the visit's manager (as the report is, RPT-3), sent to the agency with a request to adapt it when the
children need another language or communication system, and published beside the report: publishing the
report publishes the checked summary, and a report with no checked summary is not published (every visit
has one).

Every function takes the acting user (`by`) and the moment (`now`), checks the kind's step first
(KND-3), then who is acting and the state, and acts in one transaction with the audit trail and a typed
`InspectionEvent`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from careinspect.assurance.summary_icons import BY_KEY
from careinspect.assurance.summary_models import (
    AdaptationReply,
    AdaptationRequest,
    ChildFriendlySummary,
    CommunicationSystem,
    summary_text,
)
from careinspect.inspections import access
from careinspect.inspections.events import EventType
from careinspect.inspections.models import Inspection, PublishedReport
from careinspect.inspections.services.common import (
    local_day,
    lock,
    record_event,
    require_inspector,
    require_manager,
    require_own_provider,
    require_step,
    save,
)
from careinspect.inspections.services.reporting import checks_the_report, names_held, writes_the_report
from careinspect.messaging.addresses import provider_addresses
from careinspect.messaging.services import NoRecipient, send_message
from careinspect.rules.errors import RuleViolation
from careinspect.rules.identifying import find_identifying
from careinspect.rules.kinds import Kind
from careinspect.rules.lifecycle import Status
from careinspect.rules.readability import Readability, check_readability, split_sentences

RULE = "RPT-5"
STEP = "child_friendly_summary"
# "following every assurance visit": written once feedback is given, changed until it is published.
WRITABLE = {
    Status.FEEDBACK_GIVEN,
    Status.DRAFT_SENT,
    Status.COMMENTS_RECEIVED,
    Status.FINAL_SENT,
    Status.COMPLAINT,
}
# "brief": a handful of short blocks; a block a few sentences.
MAX_BLOCKS = 12
MAX_BLOCK_CHARACTERS = 600
MESSAGE_KIND = "summary_adaptation"


# --- who may do what ----------------------------------------------------------------------------------


def writes_the_summary(user: Any, inspection: Inspection) -> bool:
    """RULES: RPT-5 — the summary is written by the visit's own inspectors, like its report (RPT-3)."""
    return writes_the_report(user, inspection)


def checks_the_summary(user: Any, inspection: Inspection) -> bool:
    """RULES: RPT-5 — the visit's own manager checks the summary, as they check the report (RPT-3)."""
    return checks_the_report(user, inspection)


def summary_of(inspection: Inspection) -> ChildFriendlySummary | None:
    return ChildFriendlySummary.objects.filter(inspection=inspection).first()


def provider_may_see(summary: ChildFriendlySummary | None) -> bool:
    """RULES: DPR-3 — the agency sees its summary once the manager has checked it (and so once it may be
    asked to adapt it), or once it is published."""
    return summary is not None and (summary.checked_since_written or summary.published_on is not None)


# --- the text -----------------------------------------------------------------------------------------


def clean_blocks(blocks: Iterable[Any]) -> list[dict[str, str]]:
    """RULES: RPT-5 — the blocks as stored: text trimmed, empty blocks left out, each icon one of the
    library's; refused naming the block when it is too long or names an unknown picture."""
    cleaned: list[dict[str, str]] = []
    for number, block in enumerate(blocks, 1):
        if not isinstance(block, dict):
            raise RuleViolation(f"block {number} is not a block of text", rule=RULE, field="blocks")
        text = re.sub(r"\r\n?", "\n", str(block.get("text") or "")).strip()
        icon = str(block.get("icon") or "").strip()
        if icon and icon not in BY_KEY:
            raise RuleViolation(
                f"block {number}: “{icon}” is not a picture in the library", rule=RULE, field="blocks"
            )
        if not text:
            if icon:
                raise RuleViolation(f"block {number} has a picture but no words", rule=RULE, field="blocks")
            continue
        if len(text) > MAX_BLOCK_CHARACTERS:
            raise RuleViolation(
                f"block {number} is {len(text)} characters long: keep each block under "
                f"{MAX_BLOCK_CHARACTERS} (the summary is brief)",
                rule=RULE,
                field="blocks",
            )
        cleaned.append({"text": text, "icon": icon})
    if not cleaned:
        raise RuleViolation("write at least one block of the summary", rule=RULE, field="blocks")
    if len(cleaned) > MAX_BLOCKS:
        raise RuleViolation(
            f"{len(cleaned)} blocks: the summary is brief, at most {MAX_BLOCKS}", rule=RULE, field="blocks"
        )
    return cleaned


def readability_of(blocks: Iterable[Any]) -> Readability:
    """RULES: RPT-5 — the readability check of the blocks' words (the rules' own check, textstat)."""
    return check_readability(summary_text([b for b in blocks if isinstance(b, dict)]))


def _public_names(inspection: Inspection) -> list[str]:
    provider = inspection.provider
    names = [provider.name]
    if provider.local_authority is not None:
        names.append(provider.local_authority.name)
    return [n for n in names if n]


def identifying_passages(inspection: Inspection, text: str) -> list[str]:
    """RULES: DPR-2 — what in the summary may identify someone (the one check, `rules.identifying`).
    The agency's own name is an organisation's, not a person's."""
    blanked = text
    for name in sorted(_public_names(inspection), key=len, reverse=True):
        blanked = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), blanked, flags=re.IGNORECASE)
    return [f.text for f in find_identifying(blanked, known_names=names_held(inspection))]


def _refuse_identifying(inspection: Inspection, text: str) -> None:
    found = identifying_passages(inspection, text)
    if found:
        listed = "; ".join(f"“{passage}”" for passage in found)
        raise RuleViolation(
            f"the summary may identify someone: {listed}. A child-friendly summary names nobody",
            rule="DPR-2",
            field="blocks",
        )


# --- the steps ----------------------------------------------------------------------------------------


@transaction.atomic
def write_summary(
    inspection: Inspection, *, by: Any, blocks: Iterable[Any], now: datetime
) -> ChildFriendlySummary:
    """RULES: RPT-5 — the visit's inspector writes the summary after feedback; the readability check is
    stored with it. A change after the manager's check needs the check again."""
    require_step(inspection, STEP)
    require_inspector(by)
    if not writes_the_summary(by, inspection):
        raise PermissionDenied("Only the visit's lead inspector or a member of its team writes its summary.")
    inspection = lock(inspection)
    if inspection.status_enum not in WRITABLE:
        raise RuleViolation(
            "the child-friendly summary is written after feedback and before publication",
            rule=RULE,
            field="status",
        )
    cleaned = clean_blocks(blocks)
    summary = summary_of(inspection)
    first = summary is None
    if summary is None:
        summary = ChildFriendlySummary(inspection=inspection, written_by=by, written_at=now)
    elif summary.blocks == cleaned:
        return summary  # nothing changed: the manager's check stands
    summary.blocks = cleaned
    summary.written_by = by
    summary.written_at = now
    save(summary, by, "Child-friendly summary written" if first else "Child-friendly summary changed")
    verdict = "passes" if summary.readability_passes else "does not pass"
    note = f"reading age {summary.readability.get('reading_age')}: {verdict} (RPT-5)"
    record_event(inspection, by, EventType.SUMMARY_WRITTEN, now, note)
    return summary


def _require_summary(inspection: Inspection) -> ChildFriendlySummary:
    summary = summary_of(inspection)
    if summary is None:
        raise RuleViolation(
            "the visit has no child-friendly summary yet: its inspector writes one after feedback",
            rule=RULE,
            field="child_friendly_summary",
        )
    return summary


@transaction.atomic
def check_summary(inspection: Inspection, *, by: Any, note: str = "", now: datetime) -> ChildFriendlySummary:
    """RULES: RPT-5 — the visit's manager checks the summary: it must pass the readability standard
    (short, concrete sentences a 9-year-old reads) and name nobody (DPR-2)."""
    require_step(inspection, STEP)
    require_manager(by, "check the child-friendly summary")
    if not checks_the_summary(by, inspection):
        raise PermissionDenied("Only the visit's own regulatory inspection manager checks its summary.")
    inspection = lock(inspection)
    if inspection.status_enum not in WRITABLE:
        raise RuleViolation(
            "the child-friendly summary is checked after feedback and before publication",
            rule=RULE,
            field="status",
        )
    summary = _require_summary(inspection)
    result = check_readability(summary.text)
    if not result.passes:
        raise RuleViolation(
            f"the summary is not yet easy enough to read: {'; '.join(result.reasons)}",
            rule=RULE,
            field="blocks",
        )
    _refuse_identifying(inspection, summary.text)
    summary.checked_by = by
    summary.checked_at = now
    summary.check_note = note.strip()
    save(summary, by, "Child-friendly summary checked")
    record_event(inspection, by, EventType.SUMMARY_CHECKED, now, note.strip())
    return summary


def _clean_systems(systems: Iterable[str]) -> list[str]:
    known = {value for value, _ in CommunicationSystem.choices}
    chosen = list(dict.fromkeys(str(s) for s in systems))
    unknown = [s for s in chosen if s not in known]
    if unknown:
        raise RuleViolation(
            f"“{unknown[0]}” is not a communication system we know", rule=RULE, field="communication_systems"
        )
    return chosen


def _adaptation_email(
    inspection: Inspection, summary: ChildFriendlySummary, request: AdaptationRequest
) -> str:
    provider = inspection.provider
    lines = [
        f"Dear colleagues at {provider.name},",
        "",
        f"After our assurance visit ({inspection.reference}) we wrote a short summary of what we found for "
        "the children your carers look after. It is below, and it will be published beside our report.",
        "",
        "We know that some of the children need it in another form. Please adapt it for them and share it:",
    ]
    if request.languages.strip():
        lines.append(f"- in these languages: {request.languages.strip()}")
    for label in request.systems_labels:
        lines.append(f"- in {label}")
    if request.note.strip():
        lines += ["", request.note.strip()]
    lines += [
        "",
        "Please tell us in the provider portal when it is done, or if it is not needed.",
        "",
        "The summary:",
        "",
        *(block["text"] for block in summary.blocks),
    ]
    return "\n".join(lines)


@transaction.atomic
def request_adaptation(
    inspection: Inspection,
    *,
    by: Any,
    languages: str = "",
    communication_systems: Iterable[str] = (),
    note: str = "",
    now: datetime,
) -> AdaptationRequest:
    """RULES: RPT-5 — "If we know that children need an adapted form of summary, we will send the report to
    the provider with a request for the document to be adapted into a suitable format": emailed to the
    agency's staff, kept with who sent it and when. Only a checked summary is sent."""
    require_step(inspection, STEP)
    require_inspector(by)
    if not (writes_the_summary(by, inspection) or checks_the_summary(by, inspection)):
        raise PermissionDenied(
            "Only the visit's inspectors or its manager ask the agency to adapt the summary."
        )
    inspection = lock(inspection)
    summary = _require_summary(inspection)
    if not summary.checked_since_written:
        raise RuleViolation(
            "a manager checks the summary before the agency is asked to adapt it",
            rule=RULE,
            field="child_friendly_summary",
        )
    systems = _clean_systems(communication_systems)
    if not languages.strip() and not systems:
        raise RuleViolation(
            "name the languages or the communication systems the children need",
            rule=RULE,
            field="languages",
        )
    request = AdaptationRequest(
        summary=summary,
        languages=languages.strip()[:300],
        communication_systems=systems,
        note=note.strip(),
        sent_by=by,
        sent_at=now,
    )
    try:
        message = send_message(
            kind=MESSAGE_KIND,
            to=provider_addresses(inspection.provider),
            subject=f"Please adapt the children's summary of our visit ({inspection.reference})",
            body=_adaptation_email(inspection, summary, request),
            by=by,
            now=now,
            inspection=inspection,
            rule=RULE,
        )
    except NoRecipient:
        raise RuleViolation(
            f"{inspection.provider.name} has no staff email address to send the request to: add a provider "
            "user with an email address first",
            rule=RULE,
            field="provider",
        ) from None
    request.message = message
    save(request, by, "Agency asked to adapt the child-friendly summary")
    record_event(
        inspection, by, EventType.ADAPTATION_REQUESTED, now, request.formats, visible_to_provider=True
    )
    return request


@transaction.atomic
def answer_adaptation(
    request: AdaptationRequest, *, by: Any, reply: str, text: str, now: datetime
) -> AdaptationRequest:
    """RULES: RPT-5 — the agency records in the portal what it did with the request to adapt the summary
    (adapted, being adapted, or not needed and why). Its own agency's staff only (DPR-3)."""
    inspection = request.summary.inspection
    require_step(inspection, STEP)
    require_own_provider(by, inspection)
    lock(inspection)
    request.refresh_from_db()
    if reply not in AdaptationReply.values:
        raise RuleViolation("choose what was done with the request", rule=RULE, field="reply")
    if not text.strip():
        raise RuleViolation(
            "say what was done: the formats made and who has them, or why it is not needed",
            rule=RULE,
            field="text",
        )
    before = request.reply
    request.reply = reply
    request.reply_text = text.strip()
    request.replied_by = by
    request.replied_at = now
    save(request, by, "Agency's answer changed" if before else "Agency answered the request to adapt")
    record_event(
        inspection,
        by,
        EventType.ADAPTATION_ANSWERED,
        now,
        f"{AdaptationReply(reply).label}: {text.strip()}",
        visible_to_provider=True,
    )
    return request


def require_checked_summary(inspection: Inspection) -> ChildFriendlySummary:
    """RULES: RPT-5 — "a brief, child-friendly summary following every assurance visit": the report of an
    assurance visit is published only with its checked summary beside it."""
    summary = summary_of(inspection)
    if summary is None or not summary.checked_since_written:
        raise RuleViolation(
            "the child-friendly summary must be written and checked by a manager (since its last change) "
            "before the report is published",
            rule=RULE,
            field="child_friendly_summary",
        )
    return summary


def publish_beside(published: PublishedReport, *, by: Any, now: datetime) -> ChildFriendlySummary | None:
    """RULES: RPT-5 — publishing an assurance visit's report publishes its checked summary beside it, as a
    frozen copy; the report's publication is refused without one (called inside the report's own
    transaction, so a refusal publishes nothing). Other kinds of inspection have no summary."""
    inspection = published.inspection
    if inspection.kind != Kind.IFA_ASSURANCE.value:
        return None
    summary = require_checked_summary(inspection)
    _refuse_identifying(inspection, summary.text)
    summary.published_report = published
    summary.published_on = published.published_on or local_day(now)
    summary.published_blocks = [dict(b) for b in summary.blocks]
    save(summary, by, "Child-friendly summary published beside the report")
    record_event(inspection, by, EventType.SUMMARY_PUBLISHED, now, visible_to_provider=True)
    return summary


def may_see_summary(user: Any, inspection: Inspection, summary: ChildFriendlySummary | None) -> bool:
    """Regulator staff always; the agency's own staff once it is checked (DPR-3); nobody else."""
    if access.is_regulator(user):
        return True
    provider = access.provider_of(user)
    return provider is not None and provider.pk == inspection.provider_id and provider_may_see(summary)


# --- the readability check shown inline -----------------------------------------------------------------

_WORD_SPLIT = re.compile(r"([^\W\d_]+(?:['’][^\W\d_]+)*)")


def annotated(blocks: Iterable[Any], result: Readability) -> list[list[dict[str, Any]]]:
    """RULES: RPT-5 — each block's sentences with the long ones and the long words marked, for the page to
    show where the reading age comes from: [[{"text", "long", "words", "pieces": [(text, long_word)]}]].

    Sentences are numbered across the whole summary as the check numbers them (a block is a line)."""
    long_sentences = {s.index: s.words for s in result.long_sentences}
    long_words = {w.lower() for w in result.long_words}
    number = 0
    shown: list[list[dict[str, Any]]] = []
    for block in blocks:
        sentences = []
        text = str(block.get("text", "")) if isinstance(block, dict) else ""
        for sentence in split_sentences(text):
            number += 1
            pieces = [(piece, piece.lower() in long_words) for piece in _WORD_SPLIT.split(sentence) if piece]
            sentences.append(
                {
                    "number": number,
                    "long": number in long_sentences,
                    "words": long_sentences.get(number),
                    "pieces": pieces,
                }
            )
        shown.append(sentences)
    return shown
