"""Clearing a demo's inspections together with the originals kept for them.

Shared by the demo scenarios that rebuild their inspections: the agency's uploads protect their
information requests from deletion, so their rows go first; the stored files go only when the deletion
commits, so a failed rebuild rolls back and keeps rows and files together.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import QuerySet

from careinspect.inspections.models import CaseList, Evidence, Inspection
from careinspect.portal.models import Upload


def delete_kept_originals(inspections: QuerySet[Inspection]) -> None:
    """Delete the portal uploads of `inspections`, and (after commit) every original stored for them: the
    uploads, the case lists or registers, and the evidence scans. The inspections' own rows are the
    caller's to delete."""
    files = [e.scan for e in Evidence.objects.filter(inspection__in=inspections).exclude(scan="")]
    files += [c.original for c in CaseList.objects.filter(inspection__in=inspections)]
    uploads = Upload.objects.filter(request__inspection__in=inspections)
    files += [u.original for u in uploads]
    uploads.delete()
    # A case list made from an upload names the same stored file: delete each name once.
    names = {(f.storage, f.name) for f in files if f.name}
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in names])
