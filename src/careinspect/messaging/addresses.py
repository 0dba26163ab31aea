"""Who the regulator writes to: the addresses held for an agency and for the regulator's own people."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model


def provider_addresses(provider: Any) -> list[str]:
    """The email addresses of the agency's staff with sign-ins, in a stable order (blank ones left out)."""
    users = get_user_model().objects.filter(provider_staff__provider=provider, is_active=True)
    return sorted({u.email for u in users if u.email})


def user_addresses(users: Any) -> list[str]:
    """The email addresses of the regulator's people given (users or their pks), blank ones left out."""
    pks = [u if isinstance(u, int) else u.pk for u in users]
    found = get_user_model().objects.filter(pk__in=pks, is_active=True)
    return sorted({u.email for u in found if u.email})
