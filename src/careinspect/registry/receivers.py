"""What in the registry changes a provider's row of the due list: the provider itself (registration,
registered as a VAA, whether anyone receives services) and its past inspections (a published report adds
one). Receivers are the edge where the clock is read; `services.refresh_due` takes the day as an argument.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from careinspect.registry.models import PastInspection, Provider
from careinspect.registry.services import refresh_due


def connect() -> None:
    post_save.connect(provider_saved, sender=Provider, dispatch_uid="registry-due-provider-saved")
    post_save.connect(past_inspection_saved, sender=PastInspection, dispatch_uid="registry-due-past-saved")
    post_delete.connect(
        past_inspection_deleted, sender=PastInspection, dispatch_uid="registry-due-past-deleted"
    )


def provider_saved(sender: type[Provider], instance: Provider, raw: bool = False, **kwargs: Any) -> None:
    if not raw:  # a fixture being loaded: its rows of the due list come with it or from a refresh
        refresh_due([instance.pk], timezone.localdate())


def past_inspection_saved(
    sender: type[PastInspection], instance: PastInspection, raw: bool = False, **kwargs: Any
) -> None:
    if not raw:
        refresh_due([instance.provider_id], timezone.localdate())


def past_inspection_deleted(
    sender: type[PastInspection], instance: PastInspection, origin: Any = None, **kwargs: Any
) -> None:
    # When the provider itself is being deleted its row goes with it (CASCADE); refreshing it here would
    # write a row for a provider about to disappear.
    if not _deletes_a_provider(origin):
        refresh_due([instance.provider_id], timezone.localdate())


def _deletes_a_provider(origin: Any) -> bool:
    return isinstance(origin, Provider) or (isinstance(origin, QuerySet) and origin.model is Provider)
