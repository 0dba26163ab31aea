"""Reference data that ships with the package: England's local authorities (data/README.md)."""

from __future__ import annotations

import csv
import io
from importlib import resources

from django.db import transaction

from careinspect.registry.models import LocalAuthority, Region
from careinspect.rules.errors import RuleViolation


def read_local_authorities(text: str) -> list[dict[str, str]]:
    """Rows of code, name and region, checked before anything is stored."""
    rows = list(csv.DictReader(io.StringIO(text)))
    regions = set(Region.values)
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if not (row.get("code") or "").isdigit() or len(row["code"]) != 3:
            raise RuleViolation(f"row {number}: {row.get('code')!r} is not a 3-digit DfE code", field="code")
        if row.get("region") not in regions:
            raise RuleViolation(
                f"row {number}: {row.get('region')!r} is not an English region", field="region"
            )
    return rows


@transaction.atomic
def load_local_authorities() -> int:
    """Create or update every local authority by its code; returns how many there are."""
    text = (resources.files("careinspect.registry") / "data" / "local_authorities.csv").read_text("utf-8")
    rows = read_local_authorities(text)
    for row in rows:
        LocalAuthority.objects.update_or_create(
            code=row["code"], defaults={"name": row["name"], "region": row["region"]}
        )
    return len(rows)
