"""The thematic programme's policy settings, from `data/thematic_selection.toml`. Rules: THM-2, THM-4.

The guidance names the factors of a representative sample (THM-2) but no thresholds, so the bands, weights
and the shortest usable week are data an administrator changes, validated here when loaded.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from careinspect.rules.errors import RuleViolation
from careinspect.rules.grades import Grade

Split = Literal["median"] | Annotated[int, Field(ge=0)]


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Bands(_Model):
    long_established_years: int = Field(ge=0)
    larger_from: Split
    more_linked_las_from: Split
    weaker_ilacs: tuple[Grade, ...] = Field(min_length=1)


class Weights(_Model):
    region: int = Field(ge=0)
    operating_model: int = Field(ge=0)
    established: int = Field(ge=0)
    size: int = Field(ge=0)
    ilacs: int = Field(ge=0)
    linked_las: int = Field(ge=0)


class PlanSettings(_Model):
    min_fieldwork_days: int = Field(ge=1, le=4)


class ThematicPolicy(_Model):
    operating_models: tuple[str, ...] = Field(min_length=1)
    bands: Bands
    weights: Weights
    plan: PlanSettings

    @field_validator("operating_models")
    @classmethod
    def _models_in_plain_words(cls, models: tuple[str, ...]) -> tuple[str, ...]:
        # Candidate files are matched against these after normalising case and hyphens, so the list
        # itself must already be in that form or nothing could ever match it.
        for model in models:
            if model != normalise_model(model):
                raise ValueError(f"{model!r} must be lower case words separated by single spaces")
        return models


def normalise_model(text: str) -> str:
    """'Hosted hub-and-spoke' and 'hosted  hub and spoke' are the same operating model."""
    return " ".join(text.replace("-", " ").lower().split())


@cache
def default_thematic_policy() -> ThematicPolicy:
    text = (resources.files("careinspect.rules") / "data" / "thematic_selection.toml").read_text("utf-8")
    try:
        return ThematicPolicy.model_validate(tomllib.loads(text))
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise RuleViolation(f"thematic_selection.toml: {first['msg']}", field=where) from None
