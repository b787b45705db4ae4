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

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import gongguan_rules as gr

CASES_DIR = Path(__file__).resolve().parent / "cases"
# application cases: one file per plan year (tests/cases/2026.yaml); events-*.yaml have their own runner
CASE_FILES = sorted(CASES_DIR.glob("[0-9][0-9][0-9][0-9].yaml"))
MIN_CASES = 18
NON_PASS = ("fail", "review")


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path}: not a mapping"
    return data


def deep_merge(base: Any, over: Any) -> Any:
    """``over`` merged into a copy of ``base``: mappings recursively, None deletes, else replace."""
    if not isinstance(base, dict) or not isinstance(over, dict):
        return copy.deepcopy(over)
    merged = copy.deepcopy(base)
    for key, value in over.items():
        if value is None:
            merged.pop(key, None)
        elif isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _collect() -> list[Any]:
    params = []
    for path in CASE_FILES:
        data = _load(path)
        for case in data.get("cases") or []:
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(reason=str(case["xfail"]), strict=True, raises=AssertionError))
            params.append(pytest.param(path, data, case, id=f"{data['plan']}: {case['name']}", marks=marks))
    return params


def _cite_matches(citation: Any, want: dict[str, Any]) -> bool:
    return all(getattr(citation, field) == want[field] for field in ("document", "article", "item") if field in want)


def _check(decision: gr.Decision, expect: dict[str, Any]) -> list[str]:
    """Every way the decision departs from the expectation (empty when it meets it)."""
    problems: list[str] = []
    by_id = {f.rule_id: f for f in decision.findings}
    statuses = {f.rule_id: str(f.status) for f in decision.findings}

    if "outcome" in expect and str(decision.outcome) != expect["outcome"]:
        problems.append(f"outcome: expected {expect['outcome']}, got {decision.outcome}")

    for status, key in (("fail", "fail"), ("review", "review")):
        if key not in expect:
            continue
        want = set(expect[key] or [])
        got = {rid for rid, st in statuses.items() if st == status}
        if want != got:
            problems.append(
                f"{status} set: expected {sorted(want)}, got {sorted(got)}"
                f" (missing {sorted(want - got)}, unexpected {sorted(got - want)})"
            )

    for rule_id, status in (expect.get("status") or {}).items():
        if rule_id not in statuses:
            problems.append(f"status of {rule_id}: expected {status}, but no finding")
        elif statuses[rule_id] != status:
            problems.append(f"status of {rule_id}: expected {status}, got {statuses[rule_id]}")

    for want in expect.get("cites") or []:
        if "rule" in want:
            candidates = [by_id[want["rule"]]] if want["rule"] in by_id else []
        else:
            candidates = [f for f in decision.findings if str(f.status) in NON_PASS]
        if not any(_cite_matches(c, want) for f in candidates for c in f.citations):
            where = f"finding of {want['rule']}" if "rule" in want else "fail/review finding"
            problems.append(f"no {where} cites {want}")
    return problems


@pytest.mark.parametrize(("path", "data", "case"), _collect())
def test_case(path: Path, data: dict[str, Any], case: dict[str, Any]) -> None:
    application = deep_merge(data.get("base") or {}, case.get("set") or {})
    decision = gr.evaluate(
        application,
        data["plan"],
        history=case.get("history") or [],
        as_of=case.get("as_of"),
    )
    problems = _check(decision, case.get("expect") or {})
    assert not problems, (
        f"\nfile:   {path.relative_to(CASES_DIR.parent.parent)}"
        f"\ncase:   {case['name']}"
        f"\nclause: {case.get('clause')}" + "".join(f"\n  - {p}" for p in problems) + f"\n\n{decision.explain('en')}"
    )


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_case_file_shape(path: Path) -> None:
    data = _load(path)
    assert data.get("plan") in gr.available_plans(), f"{path.name}: unknown plan {data.get('plan')}"
    assert isinstance(data.get("base"), dict), f"{path.name}: no base application"
    cases = data.get("cases") or []
    assert len(cases) >= MIN_CASES, f"{path.name}: {len(cases)} cases, at least {MIN_CASES} wanted"
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names)), f"{path.name}: duplicate case names"
    for case in cases:
        assert case.get("name"), f"{path.name}: a case without a name"
        assert str(case.get("clause") or "").strip(), f"{path.name}: {case['name']}: empty clause"
        expect = case.get("expect") or {}
        assert "outcome" in expect, f"{path.name}: {case['name']}: no expected outcome"
        assert "fail" in expect, f"{path.name}: {case['name']}: no expected fail set"


def test_every_year_has_a_case_file() -> None:
    years = {_load(p)["plan"] for p in CASE_FILES}
    assert years >= {2019, 2021, 2025, 2026}, sorted(years)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_rule_ids_named_in_cases_exist(path: Path) -> None:
    data = _load(path)
    known = {r.id for r in gr.load_plan(data["plan"]).rules}
    unknown = []
    for case in data.get("cases") or []:
        expect = case.get("expect") or {}
        named = [*(expect.get("fail") or []), *(expect.get("review") or [])]
        named += list((expect.get("status") or {}).keys())
        named += [c["rule"] for c in expect.get("cites") or [] if "rule" in c]
        unknown += [f"{case['name']}: {rid}" for rid in named if rid not in known]
    assert not unknown, f"{path.name}: rule ids not in plan {data['plan']}: {unknown}"


def test_deep_merge() -> None:
    base = {"a": {"b": 1, "c": [1, 2]}, "d": 2}
    merged = deep_merge(base, {"a": {"b": None, "c": [3]}, "e": 5})
    assert merged == {"a": {"c": [3]}, "d": 2, "e": 5}
    assert deep_merge(base, {"d": None}) == {"a": {"b": 1, "c": [1, 2]}}
    assert base == {"a": {"b": 1, "c": [1, 2]}, "d": 2}
