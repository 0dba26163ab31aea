"""The SCCIF four-point scale. RULES: JDG-1."""

from __future__ import annotations

from enum import StrEnum

from careinspect.rules.errors import RuleViolation


class Grade(StrEnum):
    """A SCCIF grade; the value is the machine word used in the CLI, the API and the database."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    INADEQUATE = "inadequate"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def rank(self) -> int:
        """1 is best (outstanding), 4 is worst (inadequate)."""
        return _ORDER.index(self) + 1

    def better_than(self, other: Grade) -> bool:
        return self.rank < other.rank

    @classmethod
    def parse(cls, value: str, *, field: str = "grade") -> Grade:
        """A grade from user input, accepting the guidance's words as well as the machine words."""
        word = value.strip().lower().replace("-", "_").replace(" ", "_")
        word = _ALIASES.get(word, word)
        try:
            return cls(word)
        except ValueError:
            choices = ", ".join(g.value for g in cls)
            raise RuleViolation(
                f"{value!r} is not a grade; use one of {choices}", rule="JDG-1", field=field
            ) from None


_ORDER = (Grade.OUTSTANDING, Grade.GOOD, Grade.REQUIRES_IMPROVEMENT, Grade.INADEQUATE)
_LABELS = {
    Grade.OUTSTANDING: "Outstanding",
    Grade.GOOD: "Good",
    Grade.REQUIRES_IMPROVEMENT: "Requires improvement to be good",
    Grade.INADEQUATE: "Inadequate",
}
_ALIASES = {"requires_improvement_to_be_good": "requires_improvement", "ri": "requires_improvement"}
