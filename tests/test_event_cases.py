"""Lifecycle event cases as data: tests/cases/events-<year>.yaml, each case read from the texts.

A file holds:

- ``plan``: the plan year the cases are judged under;
- ``project``: the project's common fields (``credit_code``, ``unit``, ``project_name``, ...),
  deep-merged under the event and under every history item (the item's own keys win; a key
  set to null removes it);
- ``application_base`` (optional): an application that satisfies every clause of the plan, for
  the cases that judge an application rather than an event;
- ``cases``.

A case has a ``name``, the ``clause`` it exercises, an optional ``history`` (what is on record
before the event), an optional ``as_of``, and exactly one of

- ``event``: judged with ``gr.evaluate_event(event, plan, history=..., as_of=...)``;
- ``application``: deep-merged over ``application_base`` and judged with ``gr.evaluate`` (the
  five-year bar of 第二十五条 binds applications; their date is ``submitted_to_recommender_on``,
  else ``recommended_on``).

``expect`` checks:

- ``outcome``: the decision's outcome (events: accepted | rejected | needs_review; applications:
  eligible | ineligible | needs_review);
- ``fail``: exactly the set of rule ids whose finding is ``fail``;
- ``review`` (when given): exactly the set of rule ids whose finding is ``review``;
- ``status``: the status of each named rule;
- ``cites``: each entry (``document``, ``article``, ``item``, ``occurrence``, all optional, and an
  optional ``rule``) is cited by the named rule's finding, or without ``rule`` by some finding
  whose status is ``fail`` or ``review``;
- ``effects``: a subset of ``d.effects`` (values compared as strings; a value of null means the
  key must be absent);
- ``says``: for each named rule, a text its finding's message contains (zh or en).

A case whose expectation (from the texts and product.md's chosen readings) the library does not
meet carries ``xfail: "<why>"``; it runs as a strict xfail (an unexpected pass fails).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr
from case_support import (
    EVENT_CASE_FILES,
    assert_case,
    check_file_shape,
    collect_cases,
    deep_merge,
    engine_params,
    load_case_file,
)
from gongguan_rules import engines

# every case file's years and rule ids are checked in tests/test_cases.py, for both kinds of file
CASE_FILES = EVENT_CASE_FILES
MIN_CASES = 15


def _inputs(data: dict[str, Any], case: dict[str, Any]) -> tuple[str, dict[str, Any], list[dict[str, Any]]]:
    """The subject (``event`` or ``application``), its input and the history, merged."""
    project = data.get("project") or {}
    history = [deep_merge(project, item) for item in case.get("history") or []]
    if "application" in case:
        return "application", deep_merge(data.get("application_base") or {}, case["application"] or {}), history
    return "event", deep_merge(project, case["event"]), history


@pytest.mark.parametrize("engine", engine_params())
@pytest.mark.parametrize(("path", "data", "case"), collect_cases(CASE_FILES, lambda path, data: path.stem))
def test_event_case(path: Path, data: dict[str, Any], case: dict[str, Any], engine: str) -> None:
    """Each case under each join engine (durable-rules and the Python evaluation of the same joins)."""
    subject, given, history = _inputs(data, case)
    judge = gr.evaluate if subject == "application" else gr.evaluate_event
    with engines.using(engine):
        decision = judge(given, data["plan"], history=history, as_of=case.get("as_of"))
    assert_case(path, case, decision)


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_event_case_file_shape(path: Path) -> None:
    data = load_case_file(path)
    assert isinstance(data.get("project"), dict), f"{path.name}: no project"
    for case in check_file_shape(path, data, MIN_CASES):
        assert ("event" in case) != ("application" in case), (
            f"{path.name}: {case['name']}: give exactly one of event / application"
        )
        if "application" in case:
            assert isinstance(data.get("application_base"), dict), f"{path.name}: no application_base"


def test_project_is_merged_under_event_and_history() -> None:
    data = {"project": {"unit": "U", "credit_code": "C", "year": 2026}}
    case = {"event": {"kind": "approved", "year": None}, "history": [{"kind": "recommended", "unit": "V"}]}
    subject, event, history = _inputs(data, case)
    assert subject == "event"
    assert event == {"unit": "U", "credit_code": "C", "kind": "approved"}
    assert history == [{"unit": "V", "credit_code": "C", "year": 2026, "kind": "recommended"}]
    assert data == {"project": {"unit": "U", "credit_code": "C", "year": 2026}}
