from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    active: bool


OUTBOX_BACKEND = "careinspect.messaging.backends.OutboxBackend"


def service(request: HttpRequest) -> dict[str, object]:
    """The service name and the navigation each kind of user gets in the GOV.UK header."""
    return {"service_name": "careinspect", "nav_items": _nav(request)}


def _nav(request: HttpRequest) -> list[NavItem]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return [
            NavItem("Published reports", reverse("reports:public_list"), request.path.startswith("/reports/"))
        ]
    entries: list[tuple[str, str]] = []
    if hasattr(user, "provider_staff"):
        entries.append(("Your agency's inspections", reverse("portal:home")))
        entries.append(("Your notifications", reverse("notifications:agency")))  # issue 13
    if user.has_perm("inspections.view_inspection"):
        entries += [
            ("Your work", reverse("inspections:dashboard")),
            ("Inspections", reverse("inspections:list")),
        ]
    if user.has_perm("registry.view_provider"):
        entries.append(("Inspections due", reverse("registry:due")))
    if user.has_perm("inspections.manage_inspections"):
        entries.append(("Plan", reverse("planning:list")))
    if user.has_perm("inspections.view_inspection"):
        entries.append(("Thematic programmes", reverse("thematic:list")))
    if user.has_perm("inspections.view_inspection"):
        entries.append(("Assurance visits", reverse("assurance:priority")))  # SCH-7 (issue 12)
    if user.has_perm("inspections.view_inspection"):
        entries.append(("Enforcement", reverse("enforcement:dashboard")))  # issues 12 and 13
    if user.has_perm("inspections.view_inspection"):
        entries.append(("Compliance", reverse("compliance:index")))  # REQ-3, ENF-1, SCH-8 (issue 13)
    if user.has_perm("inspections.view_inspection"):
        entries.append(("Notifications", reverse("notifications:inbox")))  # issue 13
    if user.has_perm("inspections.view_inspection") and settings.EMAIL_BACKEND == OUTBOX_BACKEND:
        entries.append(("Outbox", reverse("messaging:outbox")))  # the demo's mail (issue 12)
    entries.append(("Published reports", reverse("reports:public_list")))
    return [NavItem(label, url, request.path.startswith(url)) for label, url in entries]
