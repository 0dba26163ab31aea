"""Reading an uploaded file into memory only once it is known to be within the size limit.

The safety checks (careinspect.safefiles) then look at the content; this stops a huge upload from being
read into memory first, so it is refused with a clear message instead of exhausting the server.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from careinspect.rules.errors import RuleViolation
from careinspect.safefiles import MB


def read_within_limit(upload: UploadedFile, *, field: str = "file") -> bytes:
    limit = settings.CAREINSPECT_MAX_UPLOAD_BYTES
    if upload.size is not None and upload.size > limit:
        raise RuleViolation(
            f"{upload.name} is {upload.size / MB:.1f} MB; files can be up to {limit / MB:.0f} MB", field=field
        )
    return upload.read()
