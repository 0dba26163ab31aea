"""Policy defaults: settings an administrator may change, never constants buried in the rules.

The defaults live in `data/policy.toml`; Django settings (from the environment) override them and
hand the resulting `Policy` to the rules. Rules: CAS-1, CAL-1, INF-2 and, for the largest dataset each
kind of upload may be, INF-1, INF-2 and INF-3.
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

ROW_LIMITS = "dataset_row_limits"


class DatasetRowLimits(BaseModel):
    """The most rows a sheet of each kind of dataset may have: a larger upload is refused before it is
    parsed or stored, so one file cannot hold a worker for minutes or exhaust its memory."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    a1: int = Field(ge=1, description="INF-1: rows per sheet of an RAA's A1 dataset")
    asa_case_list: int = Field(ge=1, description="INF-2: rows of an ASA's case list")
    asa_pre_inspection: int = Field(ge=1, description="INF-2: rows of the pre-inspection form")
    ifa_carer_register: int = Field(ge=1, description="INF-3: rows per sheet of an IFA's carer register")

    def for_kind(self, kind: str) -> int:
        if kind not in type(self).model_fields:
            raise RuleViolation(f"no row limit for the dataset kind {kind!r}", field=ROW_LIMITS)
        return int(getattr(self, kind))


class Policy(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    larger_agency_threshold: int = Field(ge=10, description="CAS-1: service users that make an agency larger")
    extra_closure_days: tuple[date, ...] = Field(description="CAL-1: closure days beyond bank holidays")
    asa_information_working_days_after_notice: int = Field(ge=0, description="INF-2: proposed due date")
    dataset_row_limits: DatasetRowLimits

    def with_overrides(self, overrides: Mapping[str, Any]) -> Policy:
        """A copy with some values replaced, validated like the defaults. The row limits may be given for
        some kinds only (a mapping, or the environment's text `kind=N,kind=N`); the others keep theirs."""
        merged = {**self.model_dump(), **overrides}
        if ROW_LIMITS in overrides:
            merged[ROW_LIMITS] = {
                **self.dataset_row_limits.model_dump(),
                **parse_row_limits(overrides[ROW_LIMITS]),
            }
        return _validated(merged, source="policy overrides")


def parse_row_limits(value: Any) -> dict[str, Any]:
    """`a1=50000,asa_case_list=5000` (the environment's form) or a mapping, as a mapping of kind to value;
    the values are validated with the policy (whole numbers of at least 1)."""
    if isinstance(value, Mapping):
        limits = dict(value)
    elif isinstance(value, str):
        limits = {}
        for item in (part.strip() for part in value.split(",")):
            kind, equals, number = (piece.strip() for piece in item.partition("="))
            if item and not (equals and kind and number):
                raise RuleViolation(f"{item!r} is not kind=N (like asa_case_list=20000)", field=ROW_LIMITS)
            if item:
                limits[kind] = number
    else:
        raise RuleViolation("give the row limits as kind=N,kind=N", field=ROW_LIMITS)
    kinds = DatasetRowLimits.model_fields
    unknown = [kind for kind in limits if kind not in kinds]
    if unknown:
        raise RuleViolation(
            f"{unknown[0]!r} is not a kind of dataset; expected one of {', '.join(kinds)}", field=ROW_LIMITS
        )
    return limits


def _validated(data: Mapping[str, Any], *, source: str) -> Policy:
    try:
        return Policy.model_validate(dict(data))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        # A nested value (one kind's row limit) is named inside the setting it belongs to.
        inner = ".".join(str(p) for p in first["loc"][1:])
        message = f"{inner}: {first['msg']}" if inner else first["msg"]
        raise RuleViolation(f"{source}: {message}", field=where) from None


@cache
def default_policy() -> Policy:
    text = (resources.files("careinspect.rules") / "data" / "policy.toml").read_text(encoding="utf-8")
    return _validated(tomllib.loads(text), source="policy.toml")
