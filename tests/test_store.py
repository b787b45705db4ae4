"""The durable history (src/gongguan_rules/records/store.py): record, query, export/import, crash safety.

持久历史库的测试：记录（含不予接受的事件）、按单位与日期查询、依据库中记录判断申报、
JSON Lines 导入导出、进程被杀后已提交的记录不丢失、重放得到相同的决定、多线程写入。
"""

from __future__ import annotations

import copy
import io
import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.records.store import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    History,
    HistoryRecord,
    HistoryStoreError,
    UnitStatus,
)

SRC = Path(__file__).resolve().parents[1] / "src"

CODE = "91120224064012553U"  # 企业, 宝坻区 (tests/cases/2026.yaml's base applicant)
UNIT = "天津某焊材有限公司"
OTHER_CODE = "91120116MA05K3T70H"  # another unit, 滨海新区
OTHER_UNIT = "天津某滨海科技有限公司"
PAST_PROJECT = "提高焊丝表面镀铜层均匀性"
PROJECT = "降低药芯焊丝焊接飞溅率"
RECOMMENDER = {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"}
PANEL = [{"name": "张三", "affiliation": "天津大学", "conflict_declared": False}]

APPLICATION_2026: dict[str, Any] = {
    "applicant": {"name": UNIT, "credit_code": CODE, "org_type": "enterprise", "district": "宝坻区"},
    "project": {
        "name": PROJECT,
        "sector": "焊材",
        "direction": "precision_improvement",
        "start_date": "2024-06-01",
        "expected_benefits": ["quality_efficiency"],
    },
    "materials": ["application_form", "feasibility_analysis", "expected_results"],
    "declarations": {"original": True, "no_confidential_content": True, "truthful": True},
    "recommender": RECOMMENDER,
    "submitted_to_recommender_on": "2026-04-10",
    "recommended_on": "2026-04-18",
}


def lifecycle_2021(code: str = CODE, unit: str = UNIT, project: str = PAST_PROJECT) -> list[dict[str, Any]]:
    """A 2021 project from application to excellent result, every step in time (2021 三)."""
    base = {"year": 2021, "credit_code": code, "unit": unit, "project_name": project}
    steps: list[dict[str, Any]] = [
        {"kind": "application_submitted", "date": "2021-04-10"},
        {"kind": "recommended", "date": "2021-04-15", "recommender": RECOMMENDER},
        {"kind": "approved", "date": "2021-05-20"},
        {"kind": "results_submitted", "date": "2021-10-01"},
        {"kind": "results_recommended", "date": "2021-10-20", "recommender": RECOMMENDER,
         "notice_deadline": "2021-10-30"},
        {"kind": "evaluated", "date": "2021-11-10", "experts": PANEL},
        {"kind": "excellent_recognized", "date": "2021-12-10"},
    ]
    return [base | step for step in steps]


def revocation(day: str, code: str = CODE, unit: str = UNIT, project: str = PAST_PROJECT) -> dict[str, Any]:
    return {
        "kind": "recognition_revoked",
        "date": day,
        "year": 2021,
        "credit_code": code,
        "unit": unit,
        "project_name": project,
        "reason": "false_materials",
        "public_notice": True,
    }


def event_2026(kind: str, day: str | None, **extra: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": kind, "year": 2026, "credit_code": CODE, "unit": UNIT, "project_name": PROJECT}
    if day is not None:
        out["date"] = day
    return out | extra


def dumped(items: list[Any]) -> list[Any]:
    return [item.model_dump(mode="json") for item in items]


@pytest.fixture
def store() -> Any:
    with History() as h:
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
    store.record({"kind": "申报", "date": "2026-04-10", "year": "2026", "credit_code": CODE,
                  "unit": UNIT, "project_name": PROJECT, "district": ""}, 2026)
    [rec] = store.records()
    assert rec.event.kind is gr.EventKind.application_submitted
    assert rec.event.date == date(2026, 4, 10)
    assert store.records(kind="申报") == [rec]
    assert store.records(project_name=f"《{PROJECT}》") == [rec]


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


def test_history_cache_follows_writes(tmp_path: Path) -> None:
    """第十三条: a later approval is judged against every committed step, also one written by another
    connection to the same file."""
    path = tmp_path / "h.sqlite"
    with History(path) as one, History(path) as two:
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
    assert set(first) == {"seq", "event", "decision", "outcome", "recorded_plan", "as_of"}
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


# ---------------------------------------------------------------------- opening files


def test_file_that_is_not_ours_is_refused(tmp_path: Path) -> None:
    """第二十五条's record must be trustworthy: a foreign or newer file is refused with a clear error."""
    text = tmp_path / "notes.txt"
    text.write_text("这不是数据库 / not a database\n" * 50, encoding="utf-8")
    before = text.read_bytes()
    with pytest.raises(HistoryStoreError, match="SQLite"):
        History(text)
    assert text.read_bytes() == before

    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = foreign.read_bytes()
    with pytest.raises(HistoryStoreError, match="not a gongguan history store"):
        History(foreign)
    assert foreign.read_bytes() == before
    with pytest.raises(HistoryStoreError, match="cannot open"):
        History(tmp_path / "no such folder" / "h.sqlite")

    newer = tmp_path / "newer.sqlite"
    History(newer).close()
    with sqlite3.connect(newer) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(HistoryStoreError, match="newer") as info:
        History(newer)
    assert isinstance(info.value, gr.GongguanError)
    assert info.value.path == str(newer)


def test_file_store_settings_and_close(tmp_path: Path) -> None:
    """第十三条: a committed step stays on record after the store is closed and opened again."""
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026)
    with pytest.raises(HistoryStoreError, match="closed"):
        len(h)
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()
    with History(str(path)) as h:
        assert len(h) == 1
        assert h.records()[0].event.kind is gr.EventKind.application_submitted


def test_damaged_row_is_reported_by_seq(tmp_path: Path) -> None:
    """第十三条: a record edited out of shape behind the store's back is named, not silently skipped."""
    path = tmp_path / "h.sqlite"
    with History(path) as h:
        h.record(event_2026("application_submitted", "2026-04-10"), 2026)
    with sqlite3.connect(path) as conn:
        conn.execute("UPDATE records SET event_json = '{\"kind\": \"nonsense\"}' WHERE seq = 1")
    conn.close()
    with History(path) as h:
        with pytest.raises(HistoryStoreError, match="record 1 cannot be read"):
            h.records()
        with pytest.raises(HistoryStoreError, match="record 1"):
            h.history()


# ---------------------------------------------------------------------- crash safety

WRITER = """
import sys
from gongguan_rules.records.store import History

store = History(sys.argv[1])
start = int(sys.argv[2])
i = start
while True:
    i += 1
    if i % 5 == 0:
        event = {"kind": "fee_charged", "date": "2026-05-02", "amount": 100, "credit_code": sys.argv[3],
                 "project_name": f"攻关项目{i}", "year": 2026}
    else:
        event = {"kind": "application_submitted", "date": "2026-04-10", "credit_code": sys.argv[3],
                 "unit": "天津某焊材有限公司", "project_name": f"攻关项目{i}", "year": 2026}
    rec = store.record_entry(event, 2026)
    print(rec.seq, flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")
def test_killed_writer_loses_no_committed_event(tmp_path: Path) -> None:
    """第二十五条 and 第十九条 depend on a complete record: kill -9 a writer mid-stream, reopen, and every
    event it reported committed is there, whole, with its decision; the file passes integrity_check."""
    path = tmp_path / "crash.sqlite"
    env = dict(os.environ, PYTHONPATH=str(SRC) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    printed: list[int] = []
    for round_number in range(3):
        proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(path), str(len(printed) * 10), CODE],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        timer = threading.Timer(120, proc.kill)
        timer.start()
        try:
            assert proc.stdout is not None
            seen: list[int] = []
            while len(seen) < 60 + 20 * round_number:
                line = proc.stdout.readline()
                if not line:
                    break
                seen.append(int(line))
            os.kill(proc.pid, signal.SIGKILL)
            rest, err = proc.communicate()
        finally:
            timer.cancel()
        assert proc.returncode == -signal.SIGKILL, err
        seen.extend(int(x) for x in rest.split("\n")[:-1])  # the last piece is partial or empty
        assert len(seen) >= 60, err
        printed.extend(seen)

        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        conn.close()
        with History(path) as h:
            records = h.records()
            seqs = [r.seq for r in records]
            assert set(printed) <= set(seqs)
            assert seqs == list(range(1, len(seqs) + 1))  # nothing half-written, no hole
            assert len(seqs) <= max(printed) + 1  # at most the one committed as it was killed
            assert all(r.outcome is r.decision.outcome for r in records)
            assert {r.outcome.value for r in records} == {"accepted", "rejected"}
            assert len(h.history()) == sum(r.outcome is not gr.Outcome.rejected for r in records)


# ---------------------------------------------------------------------- replay (property)

KINDS = [k.value for k in gr.EventKind]
LIFECYCLE = [
    "application_submitted", "recommended", "approved", "results_submitted", "results_recommended",
    "evaluated", "excellent_recognized", "recognition_revoked",
]


@st.composite
def project_events(draw: st.DrawFn) -> list[tuple[dict[str, Any], str | None]]:
    """Valid (readable) events of one 2026 project, often in the order of the procedure."""
    in_order = draw(st.booleans())
    kinds = draw(st.lists(st.sampled_from(LIFECYCLE if in_order else KINDS), min_size=1, max_size=9))
    if in_order:
        kinds.sort(key=LIFECYCLE.index)
    days = sorted(draw(st.lists(
        st.dates(min_value=date(2026, 1, 1), max_value=date(2027, 12, 31)), min_size=len(kinds), max_size=len(kinds)
    )))
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


@pytest.mark.parametrize("shared", [True, False], ids=["one-store", "store-per-thread"])
def test_concurrent_writers(tmp_path: Path, shared: bool) -> None:
    """第十三条: the record of each project is complete whatever the concurrency — every event stored once,
    sequence numbers unique."""
    path = tmp_path / "threads.sqlite"
    workers, count = 4, 15
    common = History(path)
    stores = [common if shared else History(path) for _ in range(workers)]
    results: list[list[int]] = [[] for _ in range(workers)]
    errors: list[BaseException] = []

    def run(n: int) -> None:
        try:
            _write_many(stores[n], n, count, results[n])
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(n,)) for n in range(workers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
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
        for s in {id(s): s for s in stores}.values():
            s.close()
