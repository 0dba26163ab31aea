"""The one error type the rules raise, so every caller can name the field and rule to the user."""

from __future__ import annotations


class RuleViolation(ValueError):
    """Input that the regime forbids or that cannot be read.

    `field` names what the user typed (a CLI flag, a form field, a spreadsheet column) and `rule`
    the RULES.md ID, so that the message a user sees says both what is wrong and why.
    """

    def __init__(self, message: str, *, rule: str | None = None, field: str | None = None) -> None:
        self.message = message
        self.rule = rule
        self.field = field
        super().__init__(str(self))

    def __str__(self) -> str:
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{text} ({self.rule})" if self.rule else text

    def for_field(self, field: str) -> RuleViolation:
        """The same violation reported against the caller's own name for the field."""
        return RuleViolation(self.message, rule=self.rule, field=field)
