from typing import Any

from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "careinspect.portal"
    label = "portal"
    verbose_name = "Provider portal"

    def ready(self) -> None:
        # The portal builds on inspections: it hears when an inspection's information is due and opens
        # the kind's requests (INF-1, INF-2, INF-3), so inspections never imports the portal.
        from careinspect.inspections.signals import information_due

        information_due.connect(_open_requests, dispatch_uid="portal.open_information_requests")


def _open_requests(sender: Any, *, inspection: Any, by: Any, **kwargs: Any) -> None:
    from careinspect.portal.services import open_information_requests

    open_information_requests(inspection, by=by)
