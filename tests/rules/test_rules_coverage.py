"""Every rule of the catalogue is either enforced somewhere (a `# RULES: ID` tag) or on the short list of
rules not built yet, and every tag names exactly one rule.

RULES: KND-1 — the catalogue is the regime; this test keeps the code and the catalogue in step.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT.parent / "shared" / "spec" / "RULES.md"
NOT_BUILT = ROOT / "src" / "careinspect" / "rules" / "data" / "not_built.toml"
TAG = re.compile(r"RULES:\s*([A-Z]{3}-\d+)")
# After a tag's ID, another ID joined by a comma, "..", "and", "to", a dash or a slash: a tag naming more
# than one rule.
SECOND_ID = re.compile(r"\s*(?:,|\.\.|and\b|to\b|–|/)\s*[A-Z]{3}-\d+|\.\.")


def _source_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "src"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [
        ROOT / name
        for name in listed
        if name.endswith((".py", ".html", ".toml", ".md")) and "/migrations/" not in name
    ]


def _tags() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in _source_files():
        if not path.exists():
            continue
        for match in TAG.finditer(path.read_text(encoding="utf-8")):
            found.setdefault(match.group(1), []).append(str(path.relative_to(ROOT)))
    return found


def _catalogue_ids() -> list[str]:
    if not CATALOGUE.exists():
        pytest.skip("../shared/spec/RULES.md is not beside this clone")
    return re.findall(r"^\| ([A-Z]{3}-\d+) \|", CATALOGUE.read_text(encoding="utf-8"), re.MULTILINE)


def _not_built() -> dict[str, str]:
    with NOT_BUILT.open("rb") as handle:
        return tomllib.load(handle)


def test_knd1_every_rule_is_enforced_or_listed_as_not_built_yet() -> None:
    ids = _catalogue_ids()
    assert len(ids) > 70
    tagged, waiting = _tags(), _not_built()
    missing = [rule for rule in ids if rule not in tagged and rule not in waiting]
    assert missing == [], f"rules with neither a `# RULES:` tag nor an entry in {NOT_BUILT.name}"


def test_knd1_a_rule_built_since_is_taken_off_the_not_built_list() -> None:
    tagged = _tags()
    stale = {rule: tagged[rule] for rule in _not_built() if rule in tagged}
    assert stale == {}, "tagged in the code but still listed as not built"


def test_knd1_the_not_built_list_names_only_catalogue_rules_and_says_what_is_missing() -> None:
    ids = set(_catalogue_ids())
    for rule, missing in _not_built().items():
        assert rule in ids, rule
        assert missing.strip(), rule


def test_knd1_every_tag_names_one_rule_of_the_catalogue() -> None:
    ids = set(_catalogue_ids())
    unknown, joined = [], []
    for path in _source_files():
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8")
        for match in TAG.finditer(text):
            if match.group(1) not in ids:
                unknown.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
            if SECOND_ID.match(text, match.end()):
                joined.append(f"{path.relative_to(ROOT)}: {text[match.start() : match.end() + 20]!r}")
    assert unknown == []
    assert joined == [], "one rule ID per `RULES:` tag"


def test_evd2_the_identifying_check_has_one_implementation() -> None:
    """EVD-2: `grep -rn "RULES: EVD-2"` finds the one implementation, shared by evidence and datasets."""
    assert _tags()["EVD-2"] == ["src/careinspect/rules/identifying.py"]
