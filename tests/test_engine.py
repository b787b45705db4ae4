"""The engine (durable-rules) and the explainer (Python) evaluate the same join data alike.

durable-rules.md: "build [the explainer] once, from the same rules/ data, so the two can never
disagree (and test that they agree)". The joins serve 第八条（三）/the plans' 雷同 clauses,
第二十五条 (the bar) and the order of the procedure (第十三条, 第十七条 ×2, 第二十条).
"""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from gongguan_rules.judging.correlate import engine_for, join_rules, run_joins

UNITS = ["91120224064012553U", "n:某公司", "91120116MA05K3T7XB"]
NAMES = ["降低飞溅率", "提高良率", "减少缺陷"]
KEYS = [f"{u}|{n}" for u in UNITS for n in NAMES]
DATES = st.integers(min_value=20200101, max_value=20301231)


@st.composite
def application_case(draw: st.DrawFn) -> tuple[dict[str, str | int], list[dict[str, str | int]]]:
    key = draw(st.sampled_from(KEYS))
    unit, name = key.split("|")
    subject: dict[str, str | int] = {"t": "application"}
    if draw(st.booleans()):
        subject |= {"want_dx": f"x|{key}", "want_nx": f"x|{name}", "want_dp": f"p|{key}", "want_np": f"p|{name}"}
    if draw(st.booleans()):
        subject |= {"want_bk": f"b|{unit}", "want_ba": f"b|{unit}", "want_bs": f"b|{unit}"}
    records: list[dict[str, str | int]] = []
    for h in range(draw(st.integers(0, 6))):
        rkey = draw(st.sampled_from(KEYS))
        runit, rname = rkey.split("|")
        kind = draw(st.sampled_from(["excellent", "approved", "revoked"]))
        fact: dict[str, str | int] = {"t": kind, "h": h}
        if kind == "excellent":
            fact |= {"dx": f"x|{rkey}", "nx": f"x|{rname}", "dp": f"p|{rkey}", "np": f"p|{rname}", "rk": f"v|{rkey}"}
        elif kind == "approved":
            fact |= {"dp": f"p|{rkey}", "np": f"p|{rname}"}
        else:
            fact["rv"] = f"v|{rkey}"
            if draw(st.booleans()):
                fact["bk"] = f"b|{runit}"
                span = draw(st.sampled_from([None, "ba", "bs"]))
                if span:
                    fact[span] = f"b|{runit}"
        records.append(fact)
    return subject, records


@st.composite
def event_case(draw: st.DrawFn) -> tuple[dict[str, str | int], list[dict[str, str | int]]]:
    key = draw(st.sampled_from(KEYS))
    subject: dict[str, str | int] = {"t": "event", "want_py": f"{key}|2026", "want_pa": key}
    records = []
    for h in range(draw(st.integers(0, 6))):
        rkey = draw(st.sampled_from(KEYS))
        year = draw(st.sampled_from([2025, 2026]))
        kind = draw(st.sampled_from(["approved", "results_submitted", "evaluated"]))
        records.append({"t": kind, "h": h, "pa": rkey, "py": f"{rkey}|{year}"})
    return subject, records


@settings(max_examples=300, deadline=None)
@given(application_case())
def test_engine_and_explainer_agree_on_applications(
    case: tuple[dict[str, str | int], list[dict[str, str | int]]],
) -> None:
    """The duplication and bar joins: durable-rules and the Python evaluation bind the same records."""
    subject, records = case
    assert run_joins(subject, records, use_engine=True) == run_joins(subject, records, use_engine=False)


@settings(max_examples=300, deadline=None)
@given(event_case())
def test_engine_and_explainer_agree_on_events(case: tuple[dict[str, str | int], list[dict[str, str | int]]]) -> None:
    """The order-of-procedure joins (第十三条, 第十七条): both evaluations bind the same records."""
    subject, records = case
    assert run_joins(subject, records, use_engine=True) == run_joins(subject, records, use_engine=False)


def test_absence_sees_records_asserted_before_the_subject() -> None:
    """A revoked recognition is no longer an excellent result (第二十五条 撤销其优秀成果的认定)."""
    subject = {"t": "application", "want_dx": "x|u|n", "want_nx": "x|n"}
    excellent = {"t": "excellent", "h": 0, "dx": "x|u|n", "nx": "x|n", "rk": "v|u|n"}
    revoked = {"t": "revoked", "h": 1, "rv": "v|u|n"}
    assert run_joins(subject, [excellent])["excellent.same_unit_same_name"] == [0]
    assert run_joins(subject, [excellent, revoked])["excellent.same_unit_same_name"] == []
    assert run_joins(subject, [revoked, excellent])["excellent.same_unit_same_name"] == []


def test_sessions_do_not_leak_between_evaluations() -> None:
    """Each evaluation is isolated: facts of one never match the next (fresh session, deleted)."""
    subject = {"t": "application", "want_nx": "x|n"}
    first = run_joins(subject, [{"t": "excellent", "h": 0, "nx": "x|n"}])
    second = run_joins(subject, [{"t": "approved", "h": 0, "np": "p|n"}])
    assert first["excellent.same_name"] == [0]
    assert second["excellent.same_name"] == []


def test_engine_is_safe_under_threads() -> None:
    """Concurrent evaluations give the same answers as sequential ones (one lock per ruleset)."""
    cases = []
    for i in range(40):
        name = NAMES[i % 3]
        subject = {"t": "application", "want_nx": f"x|{name}", "want_ba": f"b|{UNITS[i % 3]}"}
        records = [
            {"t": "excellent", "h": 0, "nx": f"x|{NAMES[0]}"},
            {"t": "revoked", "h": 1, "bk": f"b|{UNITS[0]}", "ba": f"b|{UNITS[0]}"},
        ]
        cases.append((subject, records))
    expected = [run_joins(s, r, use_engine=False) for s, r in cases]
    results: list[object] = [None] * len(cases)

    def work(k: int) -> None:
        for _ in range(20):
            results[k] = run_joins(*cases[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


def test_join_rules_are_within_the_fence() -> None:
    """Every join is compiled; each pattern is one comparison (trap 6: no $and in a join) and none
    tests the engine's own state fields (trap 3)."""
    rules = join_rules()
    assert {r.subject for r in rules} == {"application", "event"}
    for rule in rules:
        definition = rule.durable_definition()
        text = str(definition)
        assert "'id'" not in text and "'sid'" not in text and "$s" not in text
        assert "$and" not in text and "$or" not in text
    assert engine_for("application").rules


def test_a_conjunction_in_a_join_is_refused() -> None:
    """durable-rules trap 6: a $and inside a join pattern is refused when the rules are read."""
    import pytest

    from gongguan_rules.engines.joins import JoinSyntaxError, parse_join

    raw = {"id": "x", "subject": "application", "meaning": "m", "record": {"$and": [{"a": {"s": "b"}}, {"c": 1}]}}
    with pytest.raises(JoinSyntaxError, match="trap 6"):
        parse_join(raw, "rules/joins.yaml:1")
