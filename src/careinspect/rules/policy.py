"""Policy defaults: settings an administrator may change, never constants buried in the rules.

The defaults live in `data/policy.toml`; Django settings (from the environment) override them and
hand the resulting `Policy` to the rules. Rules: CAS-1, CAL-1, INF-2.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from datetime import date
from functools import cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from careinspect.rules.errors import RuleViolation


class Policy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    larger_agency_threshold: int = Field(ge=10, description="CAS-1: service users that make an agency larger")
    extra_closure_days: tuple[date, ...] = Field(description="CAL-1: closure days beyond bank holidays")
    asa_information_working_days_after_notice: int = Field(ge=0, description="INF-2: proposed due date")

    def with_overrides(self, overrides: Mapping[str, Any]) -> Policy:
        """A copy with some values replaced, validated like the defaults."""
        return _validated({**self.model_dump(), **overrides}, source="policy overrides")


def _validated(data: Mapping[str, Any], *, source: str) -> Policy:
    try:
        return Policy.model_validate(dict(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RuleViolation(f"{source}: {first['msg']}", field=where) from None


@cache
def default_policy() -> Policy:
    text = (resources.files("careinspect.rules") / "data" / "policy.toml").read_text(encoding="utf-8")
    return _validated(tomllib.loads(text), source="policy.toml")
