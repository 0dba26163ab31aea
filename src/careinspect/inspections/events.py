"""What can happen to an inspection, as a typed enumeration: the story on the overview is written from it.

The lifecycle's own steps are event types under their transition names (`notify`, `send_draft`, …); a
transition's words depend on the kind ("Announced" for a thematic inspection, "Announced: the visit is
live from the call" for an assurance visit), so `label_for` asks the kind's graph. Tests and code filter
on the type, never on the words.
"""

from __future__ import annotations

from django.db import models

from careinspect.rules.kinds import DECLARATIONS, declaration


class EventType(models.TextChoices):
    # Transitions of the kinds' lifecycle graphs (careinspect.rules.kinds).
    NOTIFY = "notify", "Letter of notice sent"
    ANNOUNCE = "announce", "Announced"
    DEFER = "defer", "Deferral granted"
    RESCHEDULE = "reschedule", "New dates set"
    START_PREPARATION = "start_preparation", "Preparation started"
    CONFIRM_SAMPLE = "confirm_sample", "Case sample confirmed"
    START_ON_SITE = "start_on_site", "On-site visit started"
    GIVE_FEEDBACK = "give_feedback", "Feedback given"
    GIVE_SUMMARY = "give_summary", "Verbal summary given"
    SEND_DRAFT = "send_draft", "Draft report sent"
    RECEIVE_COMMENTS = "receive_comments", "Comments received"
    RECEIVE_COMPLAINT = "receive_complaint", "Formal complaint received"
    ANSWER_COMPLAINT = "answer_complaint", "Complaint answered"
    SEND_FINAL = "send_final", "Final report sent"
    PUBLISH = "publish", "Report published"
    WITHHOLD = "withhold", "Not published"
    INCLUDE_IN_REPORT = "include_in_report", "Programme report published"
    DISPOSE = "dispose", "Personal data disposed of"
    PAUSE = "pause", "Inspection paused"
    RESUME = "resume", "Inspection resumed"
    MARK_INCOMPLETE = "mark_incomplete", "Inspection marked incomplete"
    # Everything else the story records.
    SCHEDULED = "scheduled", "Scheduled"
    NOTIFICATION_CALL = "notification_call", "Notification call logged"
    INFORMATION_DATE = "information_date", "Information date agreed"
    DEFERRAL_REQUESTED = "deferral_requested", "Deferral requested"
    DEFERRAL_REFUSED = "deferral_refused", "Deferral refused"
    CASE_LIST_RECEIVED = "case_list_received", "Case list received"
    PROVIDER_CONCERN = "provider_concern", "Provider's concern recorded"
    SCAN_LATE = "scan_late", "Scan attached late"
    MANAGER_ALERTED = "manager_alerted", "Manager alerted"
    JUDGEMENT_CHANGED = "judgement_changed", "Judgement changed after feedback"
    REPORT_CHECKED = "report_checked", "Report checked by a manager"
    INFORMATION_RECEIVED = "information_received", "Information received"
    TEAM_CHANGED = "team_changed", "Team changed"
    # Enforcement (careinspect.enforcement: ENF-2, ENF-3, ENF-4, SAF-1).
    NEXT_STEPS_OPENED = "next_steps_opened", "Next steps opened"
    CASE_REVIEW_OPENED = "case_review_opened", "Case review opened"
    CASE_REVIEW_DECIDED = "case_review_decided", "Case review decided"
    DEBRIEF_HELD = "debrief_held", "Debrief recorded"
    DCS_ALERT_CHANGED = "dcs_alert_changed", "DCS alert list changed"
    DCS_EMAILED = "dcs_emailed", "DCS emailed"
    DCS_CALL_LOGGED = "dcs_call_logged", "Call to the DCS logged"
    DCS_EMAIL_FORWARDED = "dcs_email_forwarded", "DCS email forwarded to the agency"
    MONITORING_VISIT_PLANNED = "monitoring_planned", "Monitoring visit planned"
    SAFEGUARDING_REFERRAL = "safeguarding_referral", "Safeguarding referral made"
    SAFEGUARDING_CONTACT = "safeguarding_contact", "Safeguarding: someone told"
    SAFEGUARDING_CLOSED = "safeguarding_closed", "Safeguarding referral closed"
    # Compliance (careinspect.compliance: ENF-1, KND-4).
    REQUIREMENT_OUTCOME = "requirement_outcome", "Requirement outcome recorded"
    NOTICE_OUTCOME = "notice_outcome", "Compliance notice outcome recorded"
    # The child-friendly summary of an assurance visit (careinspect.assurance: RPT-5).
    SUMMARY_WRITTEN = "summary_written", "Child-friendly summary written"
    SUMMARY_CHECKED = "summary_checked", "Child-friendly summary checked by a manager"
    ADAPTATION_REQUESTED = "adaptation_requested", "Agency asked to adapt the child-friendly summary"
    ADAPTATION_ANSWERED = "adaptation_answered", "Agency answered the request to adapt the summary"
    SUMMARY_PUBLISHED = "summary_published", "Child-friendly summary published"
    # The assurance visit (careinspect.assurance: SCH-7, KND-3, JDG-9, RPT-8).
    VISIT_ANNOUNCED_EMAILS = "visit_emails", "Arrangements and foster carers' emails sent"
    VISIT_LENGTH_CHANGED = "visit_length", "Length of the visit changed"
    VISIT_ACTIVITY = "visit_activity", "Off-site or on-site work recorded"
    CONCERNS_RECORDED = "concerns_recorded", "Serious or widespread concerns recorded"
    SURVEY_SENT = "survey_sent", "Post-visit survey sent"
    SURVEY_ANSWERED = "survey_answered", "Post-visit survey answered"
    NOTE = "note", "Note"


def label_for(event_type: str, kind: str) -> str:
    """The words for an event of this type in an inspection of this kind."""
    if kind in {k.value for k in DECLARATIONS}:
        step = declaration(kind).lifecycle.transitions.get(event_type)
        if step is not None:
            return step.done
    try:
        return EventType(event_type).label
    except ValueError:
        return event_type.replace("_", " ").capitalize()
