"""Test cases as data: tests/cases/<year>.yaml, each case read from the source texts.

Every file holds a plan year, a ``base`` application that satisfies every clause of that year, and
``cases``. A case deep-merges ``set`` over ``base`` (a key set to null removes it; lists replace),
evaluates it with ``gr.evaluate`` (with the case's ``history`` and ``as_of``) and checks:

- ``expect.outcome``: the decision's outcome;
- ``expect.fail``: exactly the set of rule ids whose finding is ``fail``;
- ``expect.review`` (when given): exactly the set of rule ids whose finding is ``review``;
- ``expect.status``: the status of each named rule;
- ``expect.cites``: each entry (``document``, ``article``, ``item``, all optional, and an optional
  ``rule``) is cited by the named rule's finding, or without ``rule`` by some finding whose status
  is ``fail`` or ``review``.

A case whose expectation (from the texts and product.md's chosen readings) the library does not
meet yet carries ``xfail: "<why>"``; it runs as a strict xfail (an unexpected pass fails).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr
from case_support import (
    APPLICATION_CASE_FILES,
    EVENT_CASE_FILES,
    assert_case,
    check_file_shape,
    collect_cases,
    deep_merge,
    engine_params,
    load_case_file,
    unknown_rule_ids,
)
from gongguan_rules import engines

# application cases: one file per plan year (tests/cases/2026.yaml); events-*.yaml have their own
# runner (tests/test_event_cases.py); the checks of every case file below cover both
CASE_FILES = APPLICATION_CASE_FILES
MIN_CASES = 18


@pytest.mark.parametrize("engine", engine_params())
@pytest.mark.parametrize(("path", "data", "case"), collect_cases(CASE_FILES, lambda path, data: str(data["plan"])))
def test_case(path: Path, data: dict[str, Any], case: dict[str, Any], engine: str) -> None:
    """Each case under each join engine (durable-rules and the Python evaluation of the same joins)."""
    application = deep_merge(data.get("base") or {}, case.get("set") or {})
    with engines.using(engine):
        decision = gr.evaluate(
            application,
            data["plan"],
            history=case.get("history") or [],
            as_of=case.get("as_of"),
        )
    assert_case(path, case, decision)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_case_file_shape(path: Path) -> None:
    data = load_case_file(path)
    assert isinstance(data.get("base"), dict), f"{path.name}: no base application"
    check_file_shape(path, data, MIN_CASES)


@pytest.mark.parametrize("files", [APPLICATION_CASE_FILES, EVENT_CASE_FILES], ids=["applications", "events"])
def test_every_year_has_a_case_file(files: list[Path]) -> None:
    years = {load_case_file(p)["plan"] for p in files}
    assert years >= {2019, 2021, 2025, 2026}, sorted(years)


@pytest.mark.parametrize("path", APPLICATION_CASE_FILES + EVENT_CASE_FILES, ids=lambda p: p.name)
def test_rule_ids_named_in_cases_exist(path: Path) -> None:
    data = load_case_file(path)
    unknown = unknown_rule_ids(data)
    assert not unknown, f"{path.name}: rule ids not in plan {data['plan']}: {unknown}"


def test_deep_merge() -> None:
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 2}
    merged = deep_merge(base, {"a": {"b": None, "c": [3]}, "e": 5})
    assert merged == {"a": {"c": [3]}, "d": 2, "e": 5}
    assert deep_merge(base, {"d": None}) == {"a": {"b": 1, "c": [1, 2]}}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 2}
