"""The regulator's roles as Django groups with the permissions each needs.

Views check permissions, never group names, so a role's reach is changed here in one place.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

INSPECTOR = "Inspector"
MANAGER = "Regulatory inspection manager"
QA_OFFICER = "Quality assurance officer"
# Reads every inspection and decides, in exceptional circumstances, that a monitoring visit's report is
# not published (RPT-6).
REGIONAL_DIRECTOR = "Regional director"
# An agency's staff: no regulator permission at all; what they see comes from their ProviderStaff link
# (careinspect.inspections.access, DPR-3).
PROVIDER_USER = "Provider user"

_REGISTRY_READ = [
    "registry.view_provider",
    "registry.view_pastinspection",
    "registry.view_localauthority",
    "registry.view_intelligence",
]
_INSPECTIONS_READ = ["inspections.view_inspection"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    INSPECTOR: [*_REGISTRY_READ, *_INSPECTIONS_READ, "inspections.inspect"],
    MANAGER: [
        *_REGISTRY_READ,
        *_INSPECTIONS_READ,
        "registry.change_provider",
        "registry.add_pastinspection",
        "inspections.inspect",
        "inspections.manage_inspections",
    ],
    # Quality assurance officers read everything and change nothing.
    QA_OFFICER: [*_REGISTRY_READ, *_INSPECTIONS_READ],
    REGIONAL_DIRECTOR: [*_REGISTRY_READ, *_INSPECTIONS_READ, "compliance.decide_publication"],
    PROVIDER_USER: [],
}


def ensure_roles() -> dict[str, Group]:
    """Create or update every role's group with exactly its permissions (idempotent)."""
    groups = {}
    for name, perms in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(p) for p in perms])
        groups[name] = group
    return groups


def _permission(dotted: str) -> Permission:
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)
