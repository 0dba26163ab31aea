"""The A1 measures' contract (issue 15): `docs/datasets/a1-measures.schema.json` (JSON Schema draft 2020-12)
describes `measures.raa` and `measures.by_la` exactly as `careinspect datasets validate a1 --json` gives
them, and the answer is checked against it here.

`jsonschema` is not among the project's packages, so a small validator of the keywords the schema uses
checks it; it refuses any other keyword, so the schema cannot quietly say more than is checked. Where
`jsonschema` is installed, it checks the same answers too.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from careinspect.cli import main
from tests.datasets.builders import write_a1

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "docs" / "datasets" / "a1-measures.schema.json"
ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}
TYPES: dict[str, Any] = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text("utf-8"))
    return loaded


def _is(value: Any, kind: str) -> bool:
    if isinstance(value, bool) and kind in ("integer", "number"):
        return False  # JSON's true is not a number
    return isinstance(value, TYPES[kind])


def violations(value: Any, node: dict[str, Any], root: dict[str, Any], at: str = "$") -> Iterator[str]:
    """Where `value` breaks `node` (a JSON Schema draft 2020-12 subset), as JSON paths with the reason."""
    unknown = set(node) - ANNOTATIONS - set(KEYWORDS)
    if unknown:
        raise ValueError(f"{at}: the schema uses {sorted(unknown)}, which this check does not know")
    for keyword in KEYWORDS:
        if keyword in node:
            yield from KEYWORDS[keyword](value, node, root, at)


def _ref(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    target: Any = root
    for part in node["$ref"].removeprefix("#/").split("/"):
        target = target[part]
    yield from violations(value, target, root, at)


def _type(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    kinds = node["type"] if isinstance(node["type"], list) else [node["type"]]
    if not any(_is(value, k) for k in kinds):
        yield f"{at}: {value!r} is not {' or '.join(kinds)}"


def _const(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if value != node["const"] or type(value) is not type(node["const"]):
        yield f"{at}: {value!r} is not {node['const']!r}"


def _enum(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if value not in node["enum"]:
        yield f"{at}: {value!r} is not one of {node['enum']}"


def _pattern(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if isinstance(value, str) and not re.search(node["pattern"], value):
        yield f"{at}: {value!r} does not match {node['pattern']}"


def _minimum(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if _is(value, "number") and value < node["minimum"]:
        yield f"{at}: {value} is below {node['minimum']}"


def _maximum(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if _is(value, "number") and value > node["maximum"]:
        yield f"{at}: {value} is above {node['maximum']}"


def _required(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if isinstance(value, dict):
        for key in node["required"]:
            if key not in value:
                yield f"{at}: {key!r} is missing"


def _properties(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if isinstance(value, dict):
        for key, sub in node["properties"].items():
            if key in value:
                yield from violations(value[key], sub, root, f"{at}.{key}")


def _pattern_properties(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if isinstance(value, dict):
        for pattern, sub in node["patternProperties"].items():
            for key in value:
                if re.search(pattern, key):
                    yield from violations(value[key], sub, root, f"{at}.{key}")


def _additional(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if not isinstance(value, dict):
        return
    known = set(node.get("properties", {}))
    patterns = list(node.get("patternProperties", {}))
    extra = [k for k in value if k not in known and not any(re.search(p, k) for p in patterns)]
    allowed = node["additionalProperties"]
    if allowed is False:
        yield from (f"{at}: {key!r} is not in the contract" for key in extra)
    elif isinstance(allowed, dict):
        for key in extra:
            yield from violations(value[key], allowed, root, f"{at}.{key}")


def _items(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if isinstance(value, list):
        for n, item in enumerate(value):
            yield from violations(item, node["items"], root, f"{at}[{n}]")


def _max_items(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    if isinstance(value, list) and len(value) > node["maxItems"]:
        yield f"{at}: {len(value)} items, more than {node['maxItems']}"


def _any_of(value: Any, node: dict[str, Any], root: dict[str, Any], at: str) -> Iterator[str]:
    found = [list(violations(value, sub, root, at)) for sub in node["anyOf"]]
    if all(found):
        yield f"{at}: matches none of anyOf ({'; '.join(f[0] for f in found)})"


KEYWORDS = {
    "$ref": _ref,
    "type": _type,
    "const": _const,
    "enum": _enum,
    "pattern": _pattern,
    "minimum": _minimum,
    "maximum": _maximum,
    "required": _required,
    "properties": _properties,
    "patternProperties": _pattern_properties,
    "additionalProperties": _additional,
    "items": _items,
    "maxItems": _max_items,
    "anyOf": _any_of,
}


def answer(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, Any]:
    try:
        main(["datasets", "validate", "a1", *args, "--json"])
    except SystemExit as exc:
        assert not exc.code, capsys.readouterr()
    loaded: dict[str, Any] = json.loads(capsys.readouterr().out)
    return loaded


def generated(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, Any]:
    """A generated dataset of several hundred rows, through the command line as a script would."""
    out = tmp_path / "generated"
    main(
        ["demo_data", "a1", "--children", "300", "--adopters", "150", "--support", "200", "--seed", "4",
         "--period-end", "2024-09-30", "--out", str(out)]
    )  # fmt: skip
    capsys.readouterr()
    return answer(capsys, str(out), "--period-end", "2024-09-30")


def small(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> dict[str, Any]:
    """One row a sheet, in three LAs' scopes: each LA has only some groups, the RAA's adopters none."""
    return answer(capsys, str(write_a1(tmp_path / "small")), "--period-end", "2024-09-30")


def test_the_schema_is_draft_2020_12_and_uses_only_what_is_checked() -> None:
    contract = schema()
    assert contract["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert list(violations({}, contract, contract))  # an empty answer breaks it


def test_a_generated_datasets_json_answer_keeps_the_contract(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    contract = schema()
    big = generated(capsys, tmp_path)
    assert list(violations(big, contract, contract)) == []
    assert len(big["measures"]["by_la"]) >= 4 and big["measures"]["raa"]["support"]["waiting_now"]["longest"]
    little = small(capsys, tmp_path)
    assert list(violations(little, contract, contract)) == []
    by_la = little["measures"]["by_la"]
    assert set(by_la["850"]) == {"children", "placement_routes", "sufficiency"}
    assert set(by_la["852"]) == {"support", "sufficiency"} and set(by_la["RAA"]) == {
        "adopters",
        "sufficiency",
    }


@pytest.mark.parametrize(
    ("change", "where"),
    [
        (lambda m: m["raa"]["adopters"].pop("approvals"), "$.measures.raa.adopters: 'approvals' is missing"),
        (lambda m: m["by_la"]["850"].update(extra={"count": 1}), "$.measures.by_la.850: 'extra' is not in"),
        (lambda m: m["by_la"].update({"85": m["by_la"]["850"]}), "$.measures.by_la: '85' is not in"),
        (lambda m: m["raa"]["children"]["placed"].update(count="3"), "children.placed.count: '3' is not"),
        (lambda m: m["raa"]["sufficiency"]["bme_adopters"].update(share=1.5), "share: 1.5 is above 1"),
        (lambda m: m.update(adopters=m["raa"]["adopters"]), "$.measures: 'adopters' is not in the contract"),
    ],
)
def test_a_measure_moved_or_changed_breaks_the_contract(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, change: Any, where: str
) -> None:
    """The issue's contract once put the measures at `measures.adopters…`: they are at `measures.raa…`."""
    contract = schema()
    broken = small(capsys, tmp_path)
    change(broken["measures"])
    found = list(violations(broken, contract, contract))
    assert any(where in v for v in found), found


def test_jsonschema_agrees_where_it_is_installed(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    jsonschema = pytest.importorskip(
        "jsonschema", reason="jsonschema is not installed: the hand-written check above stands"
    )
    contract = schema()
    jsonschema.Draft202012Validator.check_schema(contract)
    validator = jsonschema.Draft202012Validator(contract)
    for produced in (generated(capsys, tmp_path), small(capsys, tmp_path / "again")):
        assert list(validator.iter_errors(produced)) == []
