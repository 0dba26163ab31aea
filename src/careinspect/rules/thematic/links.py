"""Inspectors' declared links with local authorities, read from a CSV file, folded into their teams.

Columns: team (a number from 1), inspector (a name or staff ID), las (the 3-digit codes of the LAs the
inspector has a declared link with, separated by ';', may be empty). A team with a linked inspector does
not visit an RAA with that LA as a member, so the links are kept per team. RULES: KND-2 (a team has up
to 3 inspectors).
"""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

from careinspect.rules.frameworks import load_framework
from careinspect.rules.thematic.csvfile import CsvError, read_text, rows

COLUMNS = ("team", "inspector", "las")
_LA_CODE = re.compile(r"^\d{3}$")


def read_links(source: str | Path) -> dict[int, frozenset[str]]:
    """Team number -> the LA codes any of its inspectors has a declared link with."""
    team_size = load_framework("raa-thematic").on_site.max_inspectors
    members: dict[int, set[str]] = defaultdict(set)
    links: dict[int, set[str]] = defaultdict(set)
    for line, row in rows(read_text(source, field="links"), COLUMNS):
        team = _team(row["team"], line)
        inspector = row["inspector"]
        if not inspector:
            raise CsvError("is empty: name the inspector", line=line, column="inspector")
        members[team].add(inspector)
        if len(members[team]) > team_size:
            # RULES: KND-2 — a thematic inspection team has up to 3 inspectors.
            raise CsvError(
                f"team {team} would have {len(members[team])} inspectors; a team has up to {team_size}",
                line=line,
                column="inspector",
                rule="KND-2",
            )
        links[team].update(_codes(row["las"], line))
    return {team: frozenset(codes) for team, codes in links.items()}


def _team(text: str, line: int) -> int:
    if not re.fullmatch(r"[0-9]+", text) or int(text) < 1:
        raise CsvError(f"{text!r} is not a team number (1, 2, 3, …)", line=line, column="team")
    return int(text)


def _codes(text: str, line: int) -> set[str]:
    codes = {part.strip() for part in text.split(";") if part.strip()}
    for code in sorted(codes):
        if not _LA_CODE.match(code):
            raise CsvError(f"{code!r} is not a 3-digit local authority code", line=line, column="las")
    return codes
