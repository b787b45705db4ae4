"""Both join engines give identical decisions (product.md, "The contract grows": gr.engine_name()
"Both give identical decisions"; issue 8 item 6).

durable-rules runs rules/joins.yaml where it imports (Python 3.11, 3.12); the Python evaluation
of the same joins runs everywhere else. Here every bundled plan judges generated applications and
events (``gongguan_rules.testing``: ``applications``, ``events``, ``histories``) under each engine,
and the whole decisions must be equal (``model_dump``), but for the name of the engine a decision's
provenance records. The histories are moved onto the subject's unit and project name often enough
that the joins bind: the duplication joins (第八条（三）, the plans' 雷同 clauses), the bar of
第二十五条 and the order of the procedure (第十三条, 第十七条, 第二十条); hypothesis' statistics
(``--hypothesis-show-statistics``) show how often.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules import engines
from gongguan_rules.judging import correlate
from gongguan_rules.testing import applications, events, histories

pytestmark = pytest.mark.skipif(
    engines.durable_unavailable() is not None,
    reason=f"needs both engines: {engines.durable_unavailable()}",
)

PLANS = gr.available_plans()
#: The kinds of record the application joins read (recognitions, approvals, revocations).
JOINED_KINDS = ["excellent_recognized", "approved", "recognition_revoked"]


@cache
def _strategies(year: int) -> tuple[st.SearchStrategy[dict[str, Any]], st.SearchStrategy[Any], st.SearchStrategy[Any]]:
    plan = gr.load_plan(year)
    return applications(plan), events(plan), histories(plan, max_size=8)


def _related(data: st.DataObject, history: list[dict[str, Any]], unit: dict[str, Any], kinds: bool) -> list[Any]:
    """``history`` with some records moved onto the subject's unit and/or project name (``unit``
    holds the record fields to copy), and with ``kinds`` some turned into the joined kinds."""
    out = []
    for record in history:
        record = dict(record)
        change = data.draw(st.sampled_from(["keep", "unit", "name", "both", "both"]))
        for key, value in unit.items():
            if (change == "both" or (change == "name") == (key == "project_name")) and change != "keep":
                if value is None:
                    record.pop(key, None)
                else:
                    record[key] = value
        if kinds and data.draw(st.booleans()):
            record["kind"] = data.draw(st.sampled_from(JOINED_KINDS))
        out.append(record)
    return out


def _judged(judge: Callable[..., gr.Decision], engine: str, *args: Any) -> tuple[str, Any]:
    """The decision's dump (the engine's name taken out of its provenance), or the error raised."""
    with engines.using(engine):
        try:
            decision = judge(*args)
        except gr.InputError as exc:
            return "input_error", str(exc)
    dump = decision.model_dump(mode="json")
    provenance = dump.get("provenance")
    if isinstance(provenance, dict):
        assert provenance.pop("engine") == engine
    return "decision", dump


def _label(subject: str, judge: Callable[[], Any]) -> None:
    """Label the example with whether a join bound a record (hypothesis statistics)."""
    bound: list[bool] = []
    real = correlate.run_joins

    def spy(*args: Any, **kwargs: Any) -> dict[str, list[int]]:
        out = real(*args, **kwargs)
        bound.append(any(out.values()))
        return out

    correlate.run_joins = spy  # type: ignore[assignment]
    try:
        with engines.using(engines.PYTHON):
            judge()
    except gr.InputError:
        pass
    finally:
        correlate.run_joins = real  # type: ignore[assignment]
    event(f"{subject}: a join bound a record" if any(bound) else f"{subject}: no join bound")


@settings(max_examples=400)
@given(st.data())
def test_engines_give_identical_application_decisions(data: st.DataObject) -> None:
    year = data.draw(st.sampled_from(PLANS), label="plan")
    apps, _, hists = _strategies(year)
    application = data.draw(apps, label="application")
    applicant, project = application.get("applicant") or {}, application.get("project") or {}
    unit = {"credit_code": applicant.get("credit_code"), "unit": applicant.get("name")}
    unit["project_name"] = project.get("name")
    history = _related(data, data.draw(hists, label="history"), unit, kinds=True)
    as_of = data.draw(st.sampled_from([None, f"{year}-06-30", f"{year + 2}-01-15"]), label="as_of")
    args = (application, year, history, as_of)
    assert _judged(gr.evaluate, engines.DURABLE, *args) == _judged(gr.evaluate, engines.PYTHON, *args)
    _label("application", lambda: gr.evaluate(*args))


@settings(max_examples=400)
@given(st.data())
def test_engines_give_identical_event_decisions(data: st.DataObject) -> None:
    year = data.draw(st.sampled_from(PLANS), label="plan")
    _, evs, hists = _strategies(year)
    ev = dict(data.draw(evs, label="event"))
    history = data.draw(hists, label="history")
    # most events are of a project on record: give the event a record's unit and project name
    named = [r for r in history if r.get("project_name") and (r.get("credit_code") or r.get("unit"))]
    if named and data.draw(st.integers(0, 3)):
        source = data.draw(st.sampled_from(named))
        ev |= {k: source[k] for k in ("credit_code", "unit", "project_name") if source.get(k) is not None}
    unit = {k: ev.get(k) for k in ("credit_code", "unit", "project_name")}
    history = _related(data, history, unit, kinds=False)
    args = (ev, year, history)
    assert _judged(gr.evaluate_event, engines.DURABLE, *args) == _judged(gr.evaluate_event, engines.PYTHON, *args)
    _label("event", lambda: gr.evaluate_event(*args))
