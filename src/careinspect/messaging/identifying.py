"""The identifying-text check for what the regulator writes into an email (DPR-2), shared by every area that
emails an agency or an authority about one (compliance notices, DCS alerts).

The agency's and its local authorities' own names are blanked out first (they are organisations, not
people); the people the regulator holds for the agency (its registered manager and responsible individual)
are flagged wherever they appear; the rest is `rules.identifying`'s one check.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from careinspect.rules.errors import RuleViolation
from careinspect.rules.identifying import find_identifying


def _organisations(provider: Any) -> list[str]:
    """Names of organisations, not people, that a notice may use: the agency and its local authorities."""
    names = [provider.name]
    if provider.local_authority is not None:
        names.append(provider.local_authority.name)
    names += list(provider.member_las.values_list("name", flat=True))
    return [n for n in names if n and n.strip()]


def _known_names(provider: Any) -> list[str]:
    """The people the regulator holds for the agency (its registered manager and responsible individual)."""
    return [n.strip() for n in (provider.registered_manager, provider.responsible_individual) if n.strip()]


def _blanked(text: str, names: Iterable[str]) -> str:
    """The text with the organisations' names blanked out (same length, so a passage's place stays true)."""
    for name in sorted(names, key=len, reverse=True):
        text = re.sub(re.escape(name), lambda m: " " * len(m.group(0)), text, flags=re.IGNORECASE)
    return text


def identifying_passages(provider: Any, texts: Mapping[str, str]) -> dict[str, list[str]]:
    """RULES: DPR-2 — for each text that leaves the regulator, the passages that may identify someone
    (the one check, `rules.identifying`); a field with none is left out."""
    organisations = _organisations(provider)
    known = _known_names(provider)
    found: dict[str, list[str]] = {}
    for field, text in texts.items():
        passages = [f.text for f in find_identifying(_blanked(text, organisations), known_names=known)]
        if passages:
            found[field] = list(dict.fromkeys(passages))
    return found


def check_emailed_texts(
    provider: Any,
    texts: Mapping[str, str],
    *,
    confirmed: Iterable[str] = (),
    names_checked: bool = False,
    to_whom: str = "the agency",
) -> list[str]:
    """RULES: DPR-2 — an email's written texts identify nobody: a passage the check flags is refused,
    naming its field, unless the writer confirms it is not a person (`names_checked`) or it was confirmed
    before (`confirmed`). Returns every passage flagged, to keep with the record that sent it."""
    found = identifying_passages(provider, texts)
    already = set(confirmed)
    if not names_checked:
        for field, passages in found.items():
            open_passages = [p for p in passages if p not in already]
            if open_passages:
                listed = "; ".join(f"“{p}”" for p in open_passages)
                raise RuleViolation(
                    f"the email to {to_whom} may identify someone: {listed}. Use initials or the case "
                    "record ID, or confirm these are not people's names",
                    rule="DPR-2",
                    field=field,
                )
    return list(dict.fromkeys(p for passages in found.values() for p in passages))
