"""The durable history (src/gongguan_rules/records/store/): record, query, unit status, JSON Lines, replay.

持久历史库的测试（SQLite 文件与 PostgreSQL 各跑一遍）：记录（含不予接受的事件）、按单位与日期查询、
依据库中记录判断申报、JSON Lines 导入导出、重放得到相同的决定、并发写入。
"""

from __future__ import annotations

import copy
import io
import json
import threading
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.records.store import History, HistoryRecord, HistoryStoreError, UnitStatus
from store_support import (
    APPLICATION_2026,
    CODE,
    OTHER_CODE,
    OTHER_UNIT,
    PANEL,
    PAST_PROJECT,
    PROJECT,
    RECOMMENDER,
    UNIT,
    dumped,
    event_2026,
    lifecycle_2021,
    revocation,
)


@pytest.fixture
def store(store_url: str) -> Any:
    with History(store_url) as h:
        yield h


# ---------------------------------------------------------------------- recording


def test_accepted_event_is_stored_with_its_decision(store: History) -> None:
    """第十三条、第十七条 and 2026 四（一）: an application in time is accepted; event and decision are stored."""
    decision = store.record(event_2026("application_submitted", "2026-04-10"), 2026)
    assert decision.outcome is gr.Outcome.accepted
    assert len(store) == 1
    [rec] = store.records()
    assert isinstance(rec, HistoryRecord)
    assert rec.seq == 1
    assert rec.outcome is gr.Outcome.accepted
    assert rec.recorded_plan == 2026
    assert rec.event.kind is gr.EventKind.application_submitted
    assert rec.decision.model_dump(mode="json") == decision.model_dump(mode="json")
    assert len(store.history()) == 1


def test_rejected_event_is_stored_never_dropped(store: History) -> None:
    """第十三条、第十七条: results with no approval on record are rejected — and stored as rejected."""
    decision = store.record(event_2026("results_submitted", "2026-09-01"), 2026)
    assert decision.outcome is gr.Outcome.rejected
    assert len(store) == 1
    [rec] = store.records()
    assert rec.outcome is gr.Outcome.rejected
    assert store.events(outcome="rejected")[0].kind is gr.EventKind.results_submitted
    assert dumped(store.decisions()) == dumped([decision])
    # on record as rejected, but it did not take effect: not part of the history for later decisions
    assert len(store.history()) == 0
    assert len(store.history(include_rejected=True)) == 1
    assert store.events(include_rejected=False) == []


def test_fee_event_rejected_and_kept(store: History) -> None:
    """第十九条: a fee charged to a project unit is refused; the refused event stays on record."""
    store.record(event_2026("application_submitted", "2026-04-10"), 2026)
    decision = store.record(event_2026("fee_charged", "2026-05-02", amount=500, charged_by="某评审机构"), 2026)
    assert decision.outcome is gr.Outcome.rejected
    assert decision.finding("reg.art19.no_fees") is not None
    assert [r.outcome.value for r in store.records()] == ["accepted", "rejected"]


def test_needs_review_event_is_stored_and_counts_as_on_record(store: History) -> None:
    """2026 四（一） 4月20日前 and 第十三条: an undated recommendation needs review; it stays in the history,
    so the approval after it finds its prior step on record."""
    store.record(event_2026("application_submitted", "2026-04-10"), 2026)
    review = store.record(event_2026("recommended", None, recommender=RECOMMENDER), 2026)
    assert review.outcome is gr.Outcome.needs_review
    approved = store.record(event_2026("approved", "2026-05-20"), 2026)
    assert approved.outcome is gr.Outcome.accepted
    assert [r.outcome.value for r in store.records()] == ["accepted", "needs_review", "accepted"]
    assert len(store.history()) == 3


def test_rejected_step_does_not_open_the_next(store: History) -> None:
    """第十三条: 立项 before results. An approval refused as a repeat leaves one approval in the history."""
    steps = (("application_submitted", "2026-04-10"), ("recommended", "2026-04-18"), ("approved", "2026-05-20"))
    for kind, day in steps:
        extra = {"recommender": RECOMMENDER} if kind == "recommended" else {}
        assert store.record(event_2026(kind, day, **extra), 2026).outcome is gr.Outcome.accepted
    again = store.record(event_2026("approved", "2026-05-21"), 2026)
    assert again.outcome is gr.Outcome.rejected
    assert len(store) == 4
    assert [e.kind for e in store.history()].count(gr.EventKind.approved) == 1


def test_bad_input_names_the_field_and_stores_nothing(store: History) -> None:
    """第十三条 (立项): an approval with an impossible date, an unknown kind or a bad as_of raises InputError
    naming the field, and nothing is stored."""
    with pytest.raises(gr.InputError) as info:
        store.record(event_2026("approved", "2026-02-30"), 2026)
    assert info.value.loc == "event.date"
    with pytest.raises(gr.InputError) as info:
        store.record(event_2026("no_such_kind", "2026-04-10"), 2026)
    assert info.value.loc == "event.kind"
    with pytest.raises(gr.InputError):
        store.record("not an event", 2026)  # type: ignore[arg-type]
    with pytest.raises(gr.InputError) as info:
        store.record(event_2026("approved", "2026-05-20"), 2026, as_of="tomorrow")
    assert info.value.loc == "as_of"
    with pytest.raises(gr.PlanError):
        store.record(event_2026("approved", "2026-05-20"), 1999)
    assert len(store) == 0


def test_caller_input_is_not_mutated(store: History) -> None:
    """第十二条 (the recommender forwards what it received): the store reads the event, never changes it."""
    event = event_2026("recommended", "2026-04-18", recommender=dict(RECOMMENDER))
    before = copy.deepcopy(event)
    store.record(event, 2026)
    assert event == before
    model = gr.Event.model_validate(event)
    store.record(model, 2026)
    assert model == gr.Event.model_validate(before)


def test_chinese_aliases_are_normalised(store: History) -> None:
    """第十三条: 申报 is application_submitted; the stored event is in its normalised form."""
    store.record(
        {
            "kind": "申报",
            "date": "2026-04-10",
            "year": "2026",
            "credit_code": CODE,
            "unit": UNIT,
            "project_name": PROJECT,
            "district": "",
        },
        2026,
    )
    [rec] = store.records()
    assert rec.event.kind is gr.EventKind.application_submitted
    assert rec.event.date == date(2026, 4, 10)
    assert store.records(kind="申报") == [rec]
    assert store.records(project_name=f"《{PROJECT}》") == [rec]


def test_provenance_survives_the_round_trip(store: History) -> None:
    """第十三条 (立项), judged and stored with its provenance: the stored decision names the library version,
    the plan year and the SHA-256 of the plan file and of rules/, the engine — read back, exported and
    imported unchanged."""
    decision = store.record(event_2026("approved", "2026-05-20"), 2026)
    provenance = decision.provenance
    assert provenance.plan_year == 2026 and len(provenance.plan_sha256) == 64
    [rec] = store.records()
    assert rec.decision.provenance == provenance
    assert rec.to_json()["decision"]["provenance"] == provenance.model_dump(mode="json")
    buffer = io.StringIO()
    store.export_jsonl(buffer)
    assert json.loads(buffer.getvalue())["decision"]["provenance"]["rules_sha256"] == provenance.rules_sha256
    with History() as copy_of:
        [again] = copy_of.import_jsonl(io.StringIO(buffer.getvalue()))
        assert again.decision.provenance == provenance
        assert copy_of.records()[0].decision.provenance == provenance
    assert store.replay()[0].provenance == provenance


def test_recorded_by_is_kept_with_the_record(store: History) -> None:
    """第十三条 (立项 by the organiser): who recorded a step is stored with it, exported and imported."""
    store.record(event_2026("application_submitted", "2026-04-10"), 2026, recorded_by="宝坻区市场监管局")
    rec = store.record_entry(event_2026("recommended", "2026-04-18", recommender=RECOMMENDER), 2026)
    assert rec.recorded_by is None
    assert [r.recorded_by for r in store.records()] == ["宝坻区市场监管局", None]
    assert store.records()[0].to_json()["recorded_by"] == "宝坻区市场监管局"
    for bad in ("", "  ", 7, "x" * 201, "a\nb", "\ud800"):
        with pytest.raises(gr.InputError) as info:
            store.record(event_2026("approved", "2026-05-20"), 2026, recorded_by=bad)  # type: ignore[arg-type]
        assert info.value.loc == "recorded_by"
    assert len(store) == 2
    buffer = io.StringIO()
    store.export_jsonl(buffer)
    with History() as copy_of:
        copy_of.import_jsonl(io.StringIO(buffer.getvalue()))
        assert [r.recorded_by for r in copy_of.records()] == ["宝坻区市场监管局", None]


def test_records_filters_for_the_service(store: History) -> None:
    """第十三条: the records of one unit, since a date, after a seq, at most so many (GET /v1/records)."""
    store.record(event_2026("application_submitted", "2026-04-10"), 2026)
    store.record(event_2026("application_submitted", "2026-04-12", credit_code=OTHER_CODE, unit=OTHER_UNIT), 2026)
    store.record(event_2026("recommended", "2026-04-18", recommender=RECOMMENDER), 2026)
    store.record(event_2026("approved", None), 2026)
    assert [r.seq for r in store.records(credit_code=CODE.lower())] == [1, 3, 4]
    assert [r.seq for r in store.records(since="2026-04-12")] == [2, 3]  # undated: left out
    assert [r.seq for r in store.records(after=1)] == [2, 3, 4]
    assert [r.seq for r in store.records(after=1, limit=2)] == [2, 3]
    assert [r.seq for r in store.records(credit_code=CODE, after=1, limit=1)] == [3]
    assert store.records(limit=0) == []
    for kwargs, loc in (
        ({"credit_code": " "}, "credit_code"),
        ({"since": "soon"}, "since"),
        ({"after": -1}, "after"),
        ({"limit": True}, "limit"),
        ({"limit": "3"}, "limit"),
    ):
        with pytest.raises(gr.InputError) as info:
            store.records(**kwargs)
        assert info.value.loc == loc


# ---------------------------------------------------------------------- unit status (第二十五条)


def recorded_bar(store: History, day: str, code: str = CODE, unit: str = UNIT) -> gr.Decision:
    for event in lifecycle_2021(code, unit):
        assert store.record(event, 2021).outcome is gr.Outcome.accepted
    return store.record(revocation(day, code, unit), 2026)


def test_unit_status_across_a_bar_from_29_february(store: History) -> None:
    """第二十五条 5年内不接受其再次申报 (民法典 第二百零一条、第二百零二条): revoked 2024-02-29, the bar ends
    2029-02-28 (no 2月29日 in 2029); 2029-03-01 is free."""
    decision = recorded_bar(store, "2024-02-29")
    assert decision.outcome is gr.Outcome.accepted
    assert decision.effects["debarred_until"] == "2029-02-28"

    before = store.unit_status(CODE, "2024-02-28")
    assert isinstance(before, UnitStatus)
    assert not before.debarred and before.debarred_until is None
    assert [e.project_name for e in before.excellent_results] == [PAST_PROJECT]
    assert before.revocations == []

    on_the_day = store.unit_status(CODE, date(2024, 2, 29))
    assert on_the_day.debarred and on_the_day.debarred_until == date(2029, 2, 28)

    last = store.unit_status(CODE, "2029-02-28")
    assert last.debarred and last.debarred_until == date(2029, 2, 28)
    assert [e.kind for e in last.past_projects] == [gr.EventKind.approved]
    assert last.excellent_results == []
    assert [e.date for e in last.revocations] == [date(2024, 2, 29)]

    after = store.unit_status(CODE, "2029-03-01")
    assert not after.debarred and after.debarred_until is None
    assert len(after.revocations) == 1

    by_name = store.unit_status(f" {UNIT} ", "2026-04-10")
    assert by_name.debarred and by_name.debarred_until == date(2029, 2, 28)
    assert store.unit_status(OTHER_CODE, "2026-04-10").debarred is False


def test_revocation_before_the_regulation_creates_no_bar(store: History) -> None:
    """第二十五条 with 第二十七条 (in force from 2023-12-29): a revocation of 2023-06-01 bars nothing."""
    decision = recorded_bar(store, "2023-06-01", OTHER_CODE, OTHER_UNIT)
    assert decision.outcome is gr.Outcome.accepted
    assert "debarred_until" not in decision.effects
    for day in ("2023-06-01", "2024-01-01", "2026-04-10"):
        status = store.unit_status(OTHER_CODE, day)
        assert not status.debarred and status.debarred_until is None
        assert len(status.revocations) == 1
        assert status.excellent_results == []


def test_unit_status_ignores_a_rejected_revocation(store: History) -> None:
    """第二十五条: only a recognition can be revoked; a revocation with no recognition on record is
    rejected, takes no effect, and bars nobody."""
    decision = store.record(revocation("2024-03-01"), 2026)
    assert decision.outcome is gr.Outcome.rejected
    assert len(store) == 1
    status = store.unit_status(CODE, "2026-04-10")
    assert not status.debarred and status.revocations == []


def test_unit_status_rejects_bad_arguments(store: History) -> None:
    """第二十五条: the query needs a unit and a date."""
    with pytest.raises(gr.InputError):
        store.unit_status("  ", "2026-01-01")
    with pytest.raises(gr.InputError) as info:
        store.unit_status(CODE, "not a date")
    assert info.value.loc == "on"


# ---------------------------------------------------------------------- evaluating from the store


def test_application_inside_a_bar_in_the_store_is_ineligible(store: History) -> None:
    """第二十五条: revoked 2024-03-01 (recorded in the store), an application of 2026-04-10 is refused."""
    assert store.evaluate(APPLICATION_2026, 2026).outcome is gr.Outcome.eligible
    recorded_bar(store, "2024-03-01")
    decision = store.evaluate(APPLICATION_2026, 2026)
    assert decision.outcome is gr.Outcome.ineligible
    finding = decision.finding("reg.art25.debarment")
    assert finding is not None and finding.status is gr.Status.fail
    assert finding.cites("第二十五条")
    same = gr.evaluate(APPLICATION_2026, 2026, history=store.history())
    assert dumped([same]) == dumped([decision])
    assert len(store) == 8  # evaluating an application stores nothing


def test_rejected_events_are_left_out_of_the_history(store: History) -> None:
    """第二十五条 and product.md "history is what is on record": a rejected revocation is stored but did not
    take effect, so the application is eligible; counting it (include_rejected=True) would bar."""
    store.record(revocation("2024-03-01"), 2026)
    assert store.evaluate(APPLICATION_2026, 2026).outcome is gr.Outcome.eligible
    everything = gr.evaluate(APPLICATION_2026, 2026, history=store.history(include_rejected=True))
    assert everything.outcome is gr.Outcome.ineligible


def test_a_bar_recorded_by_one_office_binds_every_office(store_url: str) -> None:
    """第二十五条 across offices (issue 9 item 2): 滨海新区 records a unit's recognition and its revocation;
    the city's office, on its own connection to the shared record, refuses the unit's application within
    five years and reports the bar, without reopening anything."""
    with History(store_url) as city, History(store_url) as district:
        assert city.evaluate(APPLICATION_2026, 2026).outcome is gr.Outcome.eligible  # its cache is read
        recorded_bar(district, "2024-03-01")
        decision = city.evaluate(APPLICATION_2026, 2026)
        assert decision.outcome is gr.Outcome.ineligible
        assert decision.finding("reg.art25.debarment").status is gr.Status.fail  # type: ignore[union-attr]
        status = city.unit_status(CODE, "2026-04-10")
        assert status.debarred and status.debarred_until == date(2029, 3, 1)


def test_history_cache_follows_writes(store_url: str) -> None:
    """第十三条: a later approval is judged against every committed step, also one written by another
    connection to the same file."""
    with History(store_url) as one, History(store_url) as two:
        first = one.history()
        assert one.history() is first  # cached
        one.record(event_2026("application_submitted", "2026-04-10"), 2026)
        assert len(one.history()) == 1
        assert len(two.history()) == 1
        two.record(event_2026("recommended", "2026-04-18", recommender=RECOMMENDER), 2026)
        assert len(one.history()) == 2
        assert one.record(event_2026("approved", "2026-05-20"), 2026).outcome is gr.Outcome.accepted
        assert [r.seq for r in two.records()] == [1, 2, 3]


# ---------------------------------------------------------------------- JSON Lines


def test_jsonl_round_trip(store: History, tmp_path: Path) -> None:
    """第二十五条 and 第十九条: a record with a bar and a refused fee exports and reloads unchanged."""
    recorded_bar(store, "2024-02-29")
    store.record(event_2026("fee_charged", "2026-05-02", amount=100), 2026)
    path = tmp_path / "history.jsonl"
    assert store.export_jsonl(path) == len(store) == 9
    lines = path.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9
    first = json.loads(lines[0])
    assert set(first) == {"seq", "event", "decision", "outcome", "recorded_plan", "as_of", "recorded_by"}
    assert first["seq"] == 1 and first["recorded_plan"] == 2021

    with History() as copy_of:
        imported = copy_of.import_jsonl(path)
        assert len(imported) == 9
        assert dumped(copy_of.records()) == dumped(store.records())
        assert copy_of.unit_status(CODE, "2029-02-28").debarred_until == date(2029, 2, 28)
        # importing the same file again would repeat its seqs: refused, nothing added
        with pytest.raises(HistoryStoreError) as info:
            copy_of.import_jsonl(path)
        assert info.value.line == 1
        assert len(copy_of) == 9

    with History() as again:
        records = again.import_jsonl(io.StringIO(path.read_text(encoding="utf-8")), reevaluate=True)
        assert [r.outcome for r in records] == [r.outcome for r in store.records()]
        assert dumped(again.decisions()) == dumped(store.decisions())


def test_malformed_jsonl_line_reports_file_and_line(store: History, tmp_path: Path) -> None:
    """第十三条 (the approvals a record is read from): a broken line names file:line; nothing is imported."""
    for event in lifecycle_2021()[:3]:
        store.record(event, 2021)
    good = tmp_path / "good.jsonl"
    store.export_jsonl(good)
    lines = good.read_text(encoding="utf-8").splitlines()

    broken = tmp_path / "broken.jsonl"
    broken.write_text("\n".join([lines[0], lines[1][:-7], lines[2]]) + "\n", encoding="utf-8")
    with History() as fresh:
        with pytest.raises(HistoryStoreError) as info:
            fresh.import_jsonl(broken)
        assert info.value.path == str(broken)
        assert info.value.line == 2
        assert str(info.value).startswith(f"{broken}:2: ")
        assert len(fresh) == 0

        bad_event = json.loads(lines[2])
        bad_event["event"]["date"] = "2021-13-01"
        field = tmp_path / "field.jsonl"
        field.write_text("\n".join([lines[0], lines[1], json.dumps(bad_event, ensure_ascii=False)]) + "\n")
        with pytest.raises(gr.InputError) as err:
            fresh.import_jsonl(field)
        assert err.value.loc == f"{field}:3: event.date"
        assert len(fresh) == 0

        mixed = tmp_path / "mixed.jsonl"
        no_outcome = json.loads(lines[0])
        no_outcome["outcome"] = "eligible"
        mixed.write_text("\n".join([json.dumps(no_outcome), "[1, 2]", "", lines[2]]) + "\n")
        with pytest.raises(HistoryStoreError) as info:
            fresh.import_jsonl(mixed)
        assert [f.line for f in info.value.faults] == [1, 2]
        assert len(fresh) == 0

        fresh.import_jsonl(good)
        assert len(fresh) == 3


# ---------------------------------------------------------------------- replay (property)

KINDS = [k.value for k in gr.EventKind]
LIFECYCLE = [k for k in KINDS if k != "fee_charged"]  # EventKind lists the procedure in its order


@st.composite
def project_events(draw: st.DrawFn) -> list[tuple[dict[str, Any], str | None]]:
    """Valid (readable) events of one 2026 project, often in the order of the procedure."""
    in_order = draw(st.booleans())
    kinds = draw(st.lists(st.sampled_from(LIFECYCLE if in_order else KINDS), min_size=1, max_size=9))
    if in_order:
        kinds.sort(key=LIFECYCLE.index)
    days = sorted(
        draw(
            st.lists(
                st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)),
                min_size=len(kinds),
                max_size=len(kinds),
            )
        )
    )
    out: list[tuple[dict[str, Any], str | None]] = []
    for kind, day in zip(kinds, days, strict=True):
        undated = draw(st.integers(0, 9)) == 0
        extra: dict[str, Any] = {}
        if kind in ("recommended", "results_recommended") and draw(st.booleans()):
            extra["recommender"] = RECOMMENDER
        if kind == "evaluated" and draw(st.booleans()):
            extra["experts"] = draw(st.sampled_from([PANEL, [], [{"name": "李四", "affiliation": UNIT}]]))
        if kind == "recognition_revoked":
            extra["reason"] = draw(st.sampled_from(["false_materials", "improper_means", "不正当手段", None]))
            extra["public_notice"] = draw(st.sampled_from([True, False, None]))
        if kind == "fee_charged":
            extra["amount"] = draw(st.sampled_from([0, 0.0, 50, None]))
        if kind == "results_submitted" and draw(st.booleans()):
            extra["notice_deadline"] = (day + timedelta(days=draw(st.integers(-10, 10)))).isoformat()
        event = event_2026(kind, None if undated else day.isoformat(), **extra)
        as_of = draw(st.sampled_from([None, None, "2026-12-31", (day + timedelta(days=1)).isoformat()]))
        out.append((event, as_of))
    return out


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(project_events())
def test_replay_gives_the_stored_decisions(events: list[tuple[dict[str, Any], str | None]]) -> None:
    """第十三条、第十七条、第十八条、第十九条、第二十五条 and 2026 四: replaying a recorded history gives the same
    decisions, and its JSON Lines export reloads to the same records."""
    with History() as h:
        returned = [h.record(event, 2026, as_of=as_of) for event, as_of in events]
        stored = h.decisions()
        assert dumped(stored) == dumped(returned)
        assert dumped(h.replay()) == dumped(stored)
        assert dumped(h.replay(2026)) == dumped(stored)
        buffer = io.StringIO()
        h.export_jsonl(buffer)
        with History() as copy_of:
            copy_of.import_jsonl(io.StringIO(buffer.getvalue()))
            assert dumped(copy_of.records()) == dumped(h.records())
            assert dumped(copy_of.replay()) == dumped(stored)


# ---------------------------------------------------------------------- threads


def _write_many(store: History, worker: int, count: int, seqs: list[int]) -> None:
    for i in range(count):
        kind = "fee_charged" if i % 4 == 3 else "application_submitted"
        amount = 100 if kind == "fee_charged" else None
        event = event_2026(kind, "2026-04-10", project_name=f"线程{worker}项目{i}", amount=amount)
        seqs.append(store.record_entry(event, 2026).seq)


def in_threads(count: int, work: Callable[[int], None]) -> list[BaseException]:
    """Run ``work(0)`` … ``work(count - 1)`` in threads at once; the exceptions they raised."""
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            work(n)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.parametrize("shared", [True, False], ids=["one-store", "store-per-thread"])
def test_concurrent_writers(store_url: str, shared: bool) -> None:
    """第十三条: the record of each project is complete whatever the concurrency — every event stored once,
    sequence numbers unique."""
    path = store_url
    workers, count = 4, 15
    common = History(path)
    stores = [common if shared else History(path) for _ in range(workers)]
    results: list[list[int]] = [[] for _ in range(workers)]
    errors = in_threads(workers, lambda n: _write_many(stores[n], n, count, results[n]))
    try:
        assert errors == []
        every = [s for r in results for s in r]
        assert len(every) == len(set(every)) == workers * count
        assert len(common) == workers * count
        assert sorted(every) == [r.seq for r in common.records()]
        names = {e.project_name for e in common.events()}
        assert len(names) == workers * count
        assert len(common.history()) == workers * count - workers * (count // 4)
    finally:
        for s in {id(s): s for s in [common, *stores]}.values():
            s.close()


# ---------------------------------------------------------------------- no record poisons the store (issue 10 item 3)


def calls_after(store: History, code: str = CODE) -> None:
    """Every later call that reads the unit's record, each of which must answer."""
    assert store.evaluate(APPLICATION_2026 | {"submitted_to_recommender_on": "2026-04-10"}, 2026).findings
    store.record(event_2026("application_submitted", "2026-04-11", credit_code=code), 2026)
    for day in ("2026-04-10", "9999-12-31", "0001-01-01"):
        store.unit_status(code, day)
    store.history()
    store.replay()
    buffer = io.StringIO()
    store.export_jsonl(buffer)
    with History() as copy_of:
        copy_of.import_jsonl(io.StringIO(buffer.getvalue()))
        copy_of.evaluate(APPLICATION_2026, 2026)


@pytest.mark.parametrize("day", ["9999-12-31", "9995-01-01", "9994-12-31"])
@pytest.mark.parametrize("reason", ["false_materials", None], ids=["reason", "no-reason"])
def test_no_revocation_poisons_the_unit(store: History, day: str, reason: str | None) -> None:
    """第二十五条 5年内不接受其再次申报, counted to the calendar's end (docs/counting.md): a revocation whose
    bar would end after 9999-12-31 is judged and stored, its bar running past every date there is; every
    later evaluate, record, status, replay and export of the unit answers (issue 10 item 3)."""
    for event in lifecycle_2021():
        store.record(event, 2021)
    decision = store.record(revocation(day) | {"reason": reason}, 2026)
    assert decision.outcome is (gr.Outcome.accepted if reason else gr.Outcome.needs_review)
    assert len(store) == len(lifecycle_2021()) + 1
    status = store.unit_status(CODE, "9999-12-31")
    assert status.debarred and status.debarred_until == date(9999, 12, 31)
    assert not store.unit_status(CODE, date.fromisoformat(day) - timedelta(days=1)).debarred
    calls_after(store)


def test_texts_any_store_can_hold(store: History) -> None:
    """第十三条: what record() accepts, every backend keeps exactly — a NUL, a 20,000-character unit name,
    U+2028 — and finds again by unit; text no store can hold (a lone surrogate) is InputError."""
    long_name = "天津某" + "很长的" * 6_666 + "有限公司"
    for unit in ("天津\x00某公司", long_name, "天津\u2028某公司"):
        rec = store.record_entry(event_2026("application_submitted", "2026-04-10", credit_code=None, unit=unit), 2026)
        assert store.records(unit=unit) == [rec]
        assert store.records(after=rec.seq - 1)[0].event.unit == unit
        assert store.unit_status(unit, "2026-04-10").debarred is False
    for field, value in (("unit", "天津\ud800某公司"), ("kind", "\ud800"), ("experts", [{"name": "\udfff"}])):
        with pytest.raises(gr.InputError) as info:
            store.record(event_2026("evaluated", "2026-04-10") | {field: value}, 2026)
        assert info.value.loc.startswith(f"event.{field}")
    assert len(store) == 3
    calls_after(store)


# ---------------------------------------------------------------------- one order among several offices


def test_simultaneous_recognition_and_revocation_keep_one_order(store_url: str) -> None:
    """第二十五条 and 第十三条 across offices: one office records a unit's excellent result while another
    records its revocation at the same moment. Each is judged against everything committed before it,
    in one order: the revocation is accepted exactly when the recognition has a smaller seq, and a replay
    of the whole record gives every stored decision."""
    rounds = 6
    with History(store_url) as setup:
        for k in range(rounds):
            for event in lifecycle_2021(code=None, unit=f"第{k}单位")[:-1]:  # up to the evaluation
                setup.record({key: v for key, v in event.items() if key != "credit_code"}, 2021)
    offices = [History(store_url), History(store_url)]
    barrier = threading.Barrier(2)
    seqs: dict[tuple[int, str], int] = {}

    def office(n: int) -> None:
        try:
            for k in range(rounds):
                unit = f"第{k}单位"
                if n == 0:
                    event = lifecycle_2021(code=None, unit=unit)[-1]
                    plan = 2021
                else:
                    event, plan = revocation("2024-03-01", code=None, unit=unit), 2026
                event = {key: v for key, v in event.items() if key != "credit_code"}
                barrier.wait(timeout=60)
                seqs[(k, event["kind"])] = offices[n].record_entry(event, plan, recorded_by=f"office{n}").seq
        except BaseException:
            barrier.abort()  # the other office stops waiting
            raise

    errors = in_threads(2, office)
    try:
        assert errors == []
        records = {r.seq: r for r in offices[0].records()}
        for k in range(rounds):
            recognized, revoked = seqs[(k, "excellent_recognized")], seqs[(k, "recognition_revoked")]
            assert records[recognized].outcome is gr.Outcome.accepted
            expected = gr.Outcome.accepted if recognized < revoked else gr.Outcome.rejected
            assert records[revoked].outcome is expected
        assert dumped(offices[1].replay()) == dumped(offices[1].decisions())
    finally:
        for h in offices:
            h.close()


# ---------------------------------------------------------------------- anything a caller can pass

ANYTHING = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats()
    | st.text()
    | st.dates()
    | st.datetimes(timezones=st.timezones()),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
EVENTISH = st.fixed_dictionaries(
    {"kind": st.sampled_from([*KINDS, "立项", "", "\ud800"]) | ANYTHING},
    optional={
        "date": st.dates().map(str) | ANYTHING,
        "year": st.integers() | ANYTHING,
        "credit_code": st.sampled_from([CODE, OTHER_CODE, "\x00", "\ud800"]) | st.text(),
        "unit": st.text() | ANYTHING,
        "project_name": st.text() | ANYTHING,
        "reason": st.sampled_from(["false_materials", "improper_means"]) | ANYTHING,
        "amount": ANYTHING,
    },
)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(
    event=EVENTISH | ANYTHING,
    as_of=ANYTHING,
    by=ANYTHING,
    filters=st.dictionaries(
        st.sampled_from(["kind", "unit", "project_name", "outcome", "credit_code", "since", "after", "limit"]),
        ANYTHING,
        max_size=3,
    ),
    on=ANYTHING,
)
def test_anything_a_caller_passes_is_judged_or_refused(
    store: History, event: Any, as_of: Any, by: Any, filters: dict[str, Any], on: Any
) -> None:
    """Issue 10: whatever a caller passes to record, records, unit_status or evaluate, the store answers
    or refuses with a GongguanError (InputError, PlanError, HistoryStoreError) naming what is wrong;
    never a raw exception, and every record it accepted stays readable."""
    for call in (
        lambda: store.record(event, 2026, as_of=as_of, recorded_by=by),
        lambda: store.records(**filters),
        lambda: store.unit_status(event.get("unit") if isinstance(event, dict) else event, on),
        lambda: store.evaluate(APPLICATION_2026, 2026, as_of=as_of),
    ):
        try:
            call()
        except gr.GongguanError as exc:
            str(exc).encode("utf-8")  # every message can be printed
    store.records()
    store.history()
