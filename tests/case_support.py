"""What the two case runners share (tests/test_cases.py, tests/test_event_cases.py): reading a
case file, merging a case over its base, collecting cases as pytest params, and checking a decision
against a case's ``expect``. 用例文件的读取与核对（申报用例与事件用例共用）。"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

import gongguan_rules as gr
from gongguan_rules import engines

#: The case files: one of applications per plan year (cases/2026.yaml), one of events (events-2026.yaml).
CASES_DIR = Path(__file__).resolve().parent / "cases"
APPLICATION_CASE_FILES = sorted(CASES_DIR.glob("[0-9][0-9][0-9][0-9].yaml"))
EVENT_CASE_FILES = sorted(CASES_DIR.glob("events-*.yaml"))

NON_PASS = ("fail", "review")
CITE_FIELDS = ("document", "article", "item", "occurrence")


def engine_params() -> list[Any]:
    """One pytest param per join engine (docs/engine.md): the case files run under both, and the
    durable-rules leg skips, saying why, where durable-rules cannot run (Python 3.13, 3.14)."""
    why = engines.durable_unavailable()
    skip = [pytest.mark.skip(reason=f"durable-rules leg: {why}")] if why else []
    return [
        pytest.param(engines.DURABLE, id=engines.DURABLE, marks=skip),
        pytest.param(engines.PYTHON, id=engines.PYTHON),
    ]


def load_case_file(path: Path) -> dict[str, Any]:
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


def collect_cases(files: list[Path], label: Callable[[Path, dict[str, Any]], str]) -> list[Any]:
    """One pytest param per case of ``files``, id ``"<label>: <name>"``; ``xfail`` makes it strict."""
    params = []
    for path in files:
        data = load_case_file(path)
        for case in data.get("cases") or []:
            marks = []
            if case.get("xfail"):
                marks.append(pytest.mark.xfail(reason=str(case["xfail"]), strict=True, raises=AssertionError))
            params.append(pytest.param(path, data, case, id=f"{label(path, data)}: {case['name']}", marks=marks))
    return params


def cite_matches(citation: Any, want: dict[str, Any]) -> bool:
    return all(getattr(citation, field) == want[field] for field in CITE_FIELDS if field in want)


def check_decision(decision: gr.Decision, expect: dict[str, Any]) -> list[str]:
    """Every way the decision departs from the expectation (empty when it meets it)."""
    problems: list[str] = []
    by_id = {f.rule_id: f for f in decision.findings}
    statuses = {f.rule_id: str(f.status) for f in decision.findings}

    if "outcome" in expect and str(decision.outcome) != expect["outcome"]:
        problems.append(f"outcome: expected {expect['outcome']}, got {decision.outcome}")

    for status in NON_PASS:
        if status not in expect:
            continue
        want = set(expect[status] or [])
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
        if not any(cite_matches(c, want) for f in candidates for c in f.citations):
            where = f"finding of {want['rule']}" if "rule" in want else "fail/review finding"
            problems.append(f"no {where} cites {want}")

    for key, value in (expect.get("effects") or {}).items():
        if value is None:
            if key in decision.effects:
                problems.append(f"effects: expected no {key}, got {decision.effects[key]!r}")
        elif key not in decision.effects:
            problems.append(f"effects: expected {key}={value}, but it is absent")
        elif str(decision.effects[key]) != str(value):
            problems.append(f"effects: expected {key}={value}, got {decision.effects[key]!r}")

    for rule_id, text in (expect.get("says") or {}).items():
        finding = by_id.get(rule_id)
        if finding is None:
            problems.append(f"says: no finding of {rule_id}")
        elif not any(str(text) in finding.message(lang) for lang in ("zh", "en")):
            problems.append(f"says: the message of {rule_id} does not contain {text!r}: {finding.message('en')}")
    return problems


def assert_case(path: Path, case: dict[str, Any], decision: gr.Decision) -> None:
    """The decision meets the case's ``expect``; else the failure report names every difference."""
    problems = check_decision(decision, case.get("expect") or {})
    assert not problems, failure_report(path, case, problems, decision)


def failure_report(path: Path, case: dict[str, Any], problems: list[str], decision: gr.Decision) -> str:
    """What a failing case prints: the file, the case, the clause, what differed, the decision."""
    where = path.relative_to(Path(__file__).resolve().parent.parent)
    listed = "".join(f"\n  - {p}" for p in problems)
    return (
        f"\nfile:   {where}\ncase:   {case['name']}\nclause: {case.get('clause')}{listed}\n\n{decision.explain('en')}"
    )


def named_rule_ids(expect: dict[str, Any]) -> list[str]:
    """Every rule id a case's ``expect`` names (fail, review, status, says, cites with a rule)."""
    named = [*(expect.get("fail") or []), *(expect.get("review") or [])]
    named += list((expect.get("status") or {}).keys())
    named += list((expect.get("says") or {}).keys())
    named += [c["rule"] for c in expect.get("cites") or [] if "rule" in c]
    return [str(n) for n in named]


def check_file_shape(path: Path, data: dict[str, Any], min_cases: int) -> list[dict[str, Any]]:
    """What every case file must have: a bundled plan, enough cases with unique names, each naming
    its clause and expecting an outcome and a fail set. Returns the cases."""
    assert data.get("plan") in gr.available_plans(), f"{path.name}: unknown plan {data.get('plan')}"
    cases: list[dict[str, Any]] = data.get("cases") or []
    assert len(cases) >= min_cases, f"{path.name}: {len(cases)} cases, at least {min_cases} wanted"
    names = [c.get("name") for c in cases]
    assert len(names) == len(set(names)), f"{path.name}: duplicate case names"
    for case in cases:
        assert case.get("name"), f"{path.name}: a case without a name"
        assert str(case.get("clause") or "").strip(), f"{path.name}: {case['name']}: empty clause"
        expect = case.get("expect") or {}
        assert "outcome" in expect, f"{path.name}: {case['name']}: no expected outcome"
        assert "fail" in expect, f"{path.name}: {case['name']}: no expected fail set"
        if case.get("xfail") is not None:
            assert str(case["xfail"]).strip(), f"{path.name}: {case['name']}: xfail without a reason"
    return cases


def unknown_rule_ids(data: dict[str, Any]) -> list[str]:
    """Rule ids the file's cases name that its plan does not have."""
    known = {r.id for r in gr.load_plan(data["plan"]).rules}
    return [
        f"{case['name']}: {rid}"
        for case in data.get("cases") or []
        for rid in named_rule_ids(case.get("expect") or {})
        if rid not in known
    ]
