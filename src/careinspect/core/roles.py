"""The regulator's roles as Django groups with the permissions each needs.

Views check permissions, never group names, so a role's reach is changed here in one place.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission

INSPECTOR = "Inspector"
MANAGER = "Regulatory inspection manager"
QA_OFFICER = "Quality assurance officer"

_REGISTRY_READ = ["registry.view_provider", "registry.view_pastinspection", "registry.view_localauthority"]
ROLE_PERMISSIONS: dict[str, list[str]] = {
    INSPECTOR: _REGISTRY_READ,
    MANAGER: [*_REGISTRY_READ, "registry.change_provider", "registry.add_pastinspection"],
    QA_OFFICER: _REGISTRY_READ,
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
