"""What agencies tell the regulator, as the demo shows it (NOT-1..NOT-4, SCH-5, SCH-10).

Built through the same services the pages use, after the demo inspections (the walkthrough inspection of
SC700005 is open, so a line of enquiry joins its plan):

- two notifications waiting for review: SC700005's, complete, and SC700008's, incomplete and overdue;
- one of SC700005's reviewed into a line of enquiry in the walkthrough inspection's plan (NOT-1, NOT-5);
- a late notice of a manager's emergency absence at an agency with no inspection under way, which a
  manager used to bring its next inspection forward: the due list says why (NOT-3, SCH-10);
- every demo ASA's NMS 25 report for the latest year due except one, flagged missing (NOT-2);
- a questionnaire CSV to import by hand, `var/demo/questionnaire-responses.csv` (NOT-4).

Idempotent: the demo's own records (`is_demo`) and what they added are deleted and rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from careinspect.core.demo_users import SECOND_PROVIDER_URN, WALKTHROUGH_URN
from careinspect.core.regime import current_calendar
from careinspect.inspections.models import PlanEntry
from careinspect.notifications import services
from careinspect.notifications.models import (
    BringForward,
    BringForwardRule,
    LineOfEnquiry,
    ManagerNotice,
    Nms25Report,
    Notification,
    NotificationType,
    QuestionnaireImport,
    ReviewOutcome,
)
from careinspect.registry.models import DueStatus, Intelligence, Provider, ProviderDue, ProviderKind
from careinspect.rules.notifications import ManagerNoticeKind, nms25_latest_due
from careinspect.scenarios.compliance import UNMET_URN
from careinspect.scenarios.enforcement import ENFORCEMENT_URN
from careinspect.scenarios.sccif_full.agencies import staff_of

# The smallest file the upload checks take for a PDF: the demo's NMS 25 reports are placeholders.
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
LATE_ABSENCE_DAYS_AGO = 40  # RULES: NOT-3 — due by day 28 + 7 = 35 days from the first day: 5 days late


@dataclass(frozen=True)
class DemoNotifications:
    waiting: int
    line_of_enquiry: Notification
    late_notice: ManagerNotice
    brought_forward: BringForward
    missing_nms25: Provider | None
    questionnaire_csv: Path


def _at(day: date, hour: int, now: datetime) -> datetime:
    """`hour` o'clock on `day` in England, never later than the real now."""
    return min(datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone()), now)


def clear_demo_notifications() -> None:
    """Remove the demo's notifications, notices, reports, imports and decisions, and what they added."""
    lines = LineOfEnquiry.objects.filter(is_demo=True)
    PlanEntry.objects.filter(pk__in=lines.exclude(plan_entry=None).values("plan_entry")).delete()
    lines.delete()
    intelligence: list[int | None] = [
        *Notification.objects.filter(is_demo=True).values_list("intelligence", flat=True),
        *ManagerNotice.objects.filter(is_demo=True).values_list("intelligence", flat=True),
        *Nms25Report.objects.filter(is_demo=True).values_list("intelligence", flat=True),
        *QuestionnaireImport.objects.filter(is_demo=True).values_list("results__intelligence", flat=True),
    ]
    files = [(r.original.storage, r.original.name) for r in Nms25Report.objects.filter(is_demo=True)]
    files += [(q.original.storage, q.original.name) for q in QuestionnaireImport.objects.filter(is_demo=True)]
    BringForward.objects.filter(is_demo=True).delete()
    Notification.objects.filter(is_demo=True).delete()
    ManagerNotice.objects.filter(is_demo=True).delete()
    Nms25Report.objects.filter(is_demo=True).delete()
    QuestionnaireImport.objects.filter(is_demo=True).delete()
    Intelligence.objects.filter(pk__in=[pk for pk in intelligence if pk]).delete()
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files if name])


def _late_absence_agency() -> Provider:
    """A demo ASA with a window and no inspection under way, whose next inspection is not due yet: the one
    whose manager's absence is notified late."""
    candidates = (
        ProviderDue.objects.filter(
            kind=ProviderKind.ASA,
            provider__is_demo=True,
            provider__single_individual=False,
            status=DueStatus.LATER,
        )
        # Not an agency another demo story inspects, now or later in the build.
        .exclude(provider__urn__in=[WALKTHROUGH_URN, SECOND_PROVIDER_URN, UNMET_URN, ENFORCEMENT_URN])
        .exclude(provider__inspections__isnull=False)
        .select_related("provider")
        .order_by("provider__urn")
    )
    due = (
        candidates.first()
        or ProviderDue.objects.filter(kind=ProviderKind.ASA, provider__is_demo=True, earliest__isnull=False)
        .exclude(status=DueStatus.UNDER_WAY)
        .select_related("provider")
        .order_by("provider__urn")
        .first()
    )
    if due is None:
        raise RuntimeError("the demo registry has no adoption support agency to bring forward")
    return due.provider


def load_demo_notifications(today: date, out_dir: Path | None = None) -> DemoNotifications:
    """Delete and rebuild the demo's notifications around `today`. Needs the demo inspections."""
    User = get_user_model()
    inspector = User.objects.get(username="inspector")
    manager = User.objects.get(username="manager")
    now = timezone.now()
    calendar = current_calendar()
    types = {t.code: t for t in NotificationType.objects.all()}
    with transaction.atomic():
        clear_demo_notifications()
        walkthrough = Provider.objects.get(urn=WALKTHROUGH_URN)
        second = Provider.objects.get(urn=SECOND_PROVIDER_URN)
        ours = staff_of(walkthrough)
        theirs = staff_of(second)
        made: list[Notification] = []

        # RULES: NOT-1 — one reviewed into a line of enquiry for the open inspection's plan.
        two_days_ago = calendar.subtract_working_days(today, 2)
        reviewed = services.submit_notification(
            by=ours,
            type=types["allegation"],
            values={
                "occurred_on": two_days_ago - timedelta(days=1),
                "details": "A parent said a support worker shouted at child JM during a contact session.",
                "action_taken": "The worker is not working with the family while it is looked into.",
                "others_informed": "The local authority designated officer.",
            },
            names_checked=False,
            now=_at(two_days_ago, 11, now),
        )
        services.review_notification(
            reviewed,
            by=inspector,
            review=services.Review(
                ReviewOutcome.LINE_OF_ENQUIRY,
                "How the agency handles allegations against staff: the worker's supervision and the "
                "designated officer's advice (notification NOT-1).",
            ),
            now=_at(today, 9, now),
        )
        made.append(reviewed)

        # Two waiting: one complete and in time, one incomplete and overdue for review.
        made.append(
            services.submit_notification(
                by=ours,
                type=types["serious_injury"],
                values={
                    "occurred_on": today - timedelta(days=1),
                    "details": "Child RB broke a wrist at a therapy session (a fall from a climbing frame).",
                    "person_ref": "RB-2291",
                    "action_taken": "First aid, then hospital; the risk assessment is being reviewed.",
                },
                names_checked=False,
                now=_at(today, 8, now),
            )
        )
        week_ago = calendar.subtract_working_days(today, 5)
        made.append(
            services.submit_notification(
                by=theirs,
                type=types["police"],
                values={"occurred_on": week_ago, "details": "Police called to a family home we support."},
                names_checked=False,
                now=_at(week_ago, 15, now),
            )
        )

        # RULES: NOT-3 — an emergency absence told 40 days after it began; SCH-10 — brought forward.
        agency = _late_absence_agency()
        notice = services.submit_manager_notice(
            by=staff_of(agency),
            kind=ManagerNoticeKind.ABSENCE,
            emergency=True,
            starts_on=today - timedelta(days=LATE_ABSENCE_DAYS_AGO),
            arrangements="The responsible individual is managing the agency meanwhile.",
            now=_at(today, 8, now),
        )
        decision = services.bring_forward(
            agency,
            by=manager,
            rule=BringForwardRule.SCH10,
            reason="Late notice of the registered manager's absence (due within a week of its 28th day)",
            inspect_by=today + timedelta(weeks=8),
            now=_at(today, 10, now),
            manager_notice=notice,
        )

        # RULES: NOT-2 — every demo ASA's report for the latest year due, except one: flagged missing.
        year = nms25_latest_due(today)
        owed = list(services.nms25_owed(year).filter(is_demo=True).order_by("urn"))
        missing = owed[-1] if owed else None
        for provider in owed[:-1]:
            services.send_nms25(
                by=staff_of(provider),
                year_ending=year.last,
                visit_date=year.last - timedelta(days=20),
                filename=f"nms25-{provider.urn.lower()}-{year.last.year}.pdf",
                data=DEMO_PDF,
                now=_at(year.due - timedelta(days=10), 12, now),
            )

        Notification.objects.filter(pk__in=[n.pk for n in made]).update(is_demo=True)
        ManagerNotice.objects.filter(pk=notice.pk).update(is_demo=True)
        BringForward.objects.filter(pk=decision.pk).update(is_demo=True)
        Nms25Report.objects.filter(provider__in=owed, year_ending=year.last).update(is_demo=True)
        LineOfEnquiry.objects.filter(Q(notification__in=made)).update(is_demo=True)
        Intelligence.objects.filter(
            pk__in=[
                *Notification.objects.filter(pk__in=[n.pk for n in made]).values_list(
                    "intelligence", flat=True
                ),
                notice.intelligence_id,
                *Nms25Report.objects.filter(is_demo=True).values_list("intelligence", flat=True),
            ]
        ).update(is_demo=True)
    csv_path = _write_questionnaire_csv(out_dir or Path(settings.VAR_DIR) / "demo")
    return DemoNotifications(
        waiting=2,
        line_of_enquiry=reviewed,
        late_notice=notice,
        brought_forward=decision,
        missing_nms25=missing,
        questionnaire_csv=csv_path,
    )


def _write_questionnaire_csv(folder: Path) -> Path:
    """The year's response counts for the demo ASAs, one of them with none (NOT-4), to import by hand."""
    urns = list(
        Provider.objects.filter(is_demo=True, kind=ProviderKind.ASA)
        .order_by("urn")
        .values_list("urn", flat=True)
    )
    lines = ["urn,responses"] + [f"{urn},{0 if i == 2 else 5 + (i * 7) % 23}" for i, urn in enumerate(urns)]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "questionnaire-responses.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
