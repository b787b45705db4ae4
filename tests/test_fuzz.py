"""Fuzzing: nothing but a Decision or an InputError, for any input (issue 10, item 2).

Each test draws a well-formed input with the library's own strategies (``gongguan_rules.testing``)
and a batch of hostile changes to it, then judges every changed input: the result must be a
Decision, or an InputError naming a field (for the history files, also HistoryFileError; for the
store, also HistoryStoreError). Anything else — OverflowError, UnicodeEncodeError, RecursionError,
OSError, ValueError, a Decision that cannot be serialised — fails. The hostile values are the
classes the outside probe found (docs/robustness.md): dates at the ends of the calendar, lone
surrogates in enum values, event kinds, keys and free text, deep nesting where a bool is expected,
``plan`` as a huge integer, ``"²"``, NUL or any path, strings of 64 KiB and more, huge and
non-finite numbers, Python objects that are not JSON at all.

The counts are fixed (:data:`INPUTS`, 100,000 in all) so that a run is bounded; docs/robustness.md
reports them. 模糊测试：任何输入只得到决定或 InputError。
"""

from __future__ import annotations

import json
import math
import os
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from gongguan_rules.inputs.files import FileRefused
from gongguan_rules.records.history_files import HistoryFileError, load_history_file
from gongguan_rules.testing import applications, events, example_application, histories
from hostile import HOSTILE_PLANS, Opaque

pytestmark = pytest.mark.fuzz

#: Inputs judged by each test (100,000 in all; docs/robustness.md).
INPUTS = {"evaluate": 45_000, "evaluate_event": 25_000, "history_index": 10_000, "history_files": 10_000}
INPUTS["store"] = 100_000 - sum(INPUTS.values())
BATCH = 100
#: GONGGUAN_FUZZ_SCALE=0.1 runs a tenth of each count (a quick local run; CI runs them whole).
SCALE = float(os.environ.get("GONGGUAN_FUZZ_SCALE", "1"))


def planned(name: str) -> int:
    return max(BATCH, int(INPUTS[name] * SCALE) // BATCH * BATCH)


PLANS = {year: gr.load_plan(year) for year in gr.available_plans()}


def _deep(depth: int, make: Callable[[Any], Any]) -> Any:
    value: Any = []
    for _ in range(depth):
        value = make(value)
    return value


WEST = timezone(timedelta(hours=-5))
EAST = timezone(timedelta(hours=14))
HOSTILE_DATES: list[Any] = [
    "9999-12-31T23:00:00-05:00",
    "9999-12-30T23:00:00-23:59",
    "0001-01-01T00:00:00+09:00",
    "0001-01-01T00:00:00Z",
    "9999-12-31",
    "9999-12-31T23:59:59.999999+08:00",
    "0001-01-01",
    "10000-01-01",
    "0000-12-31",
    "2026-02-29",
    "2024-02-29",
    "2026-04",
    "20260418",
    "2026-W16-6",
    "2026-108",
    "2026/4/18",
    "2026年4月18日",
    "2026-04-18T24:00:00",
    "2026-04-18T10:00:00.1234567890123456789+08:00",
    datetime(9999, 12, 31, 23, tzinfo=WEST),
    datetime(1, 1, 1, 0, tzinfo=EAST),
    datetime.max,
    datetime.min.replace(tzinfo=UTC),
    date.max,
    date.min,
]
HOSTILE_TEXT: list[Any] = [
    "\ud800",
    "企业\udfff",
    "\udc80x",
    "申报\ud83d",
    "x" * 70_000,
    "滨海新区" + "\u3000" * 65_536,
    "\x00",
    "a\x00b",
    "",
    "   ",
    "\u3000\n",
    "²",
    "\u202e\u200b",
    "ENTERPRISE",
    " enterprise ",
    "企业",
    "撤销认定",
    "提供虚假材料",
    "申报",
    "true",
    "是",
    "2026",
    "null",
    "NaN",
]
DEEP_LIST = _deep(50_000, lambda inner: [inner])
DEEP_DICT = _deep(50_000, lambda inner: {"a": inner})
HOSTILE_OTHER: list[Any] = [
    None,
    True,
    False,
    0,
    1,
    -1,
    2**63,
    -(2**63) - 1,
    10**400,
    10**5000,
    1e308,
    -1e308,
    math.inf,
    -math.inf,
    math.nan,
    -0.0,
    0.5,
    2026.0,
    [],
    {},
    DEEP_LIST,
    DEEP_DICT,
    [DEEP_LIST],
    {"\ud800": 1},
    {"kind": "\ud800"},
    ["x"] * 1000,
    {"name": DEEP_LIST},
    b"2026-04-18",
    bytearray(b"x"),
    ("tuple", 1),
    {1, 2},
    frozenset(),
    Decimal("1e999999"),
    complex(1, 1),
    Opaque(),
]
HOSTILE = HOSTILE_DATES + HOSTILE_TEXT + HOSTILE_OTHER
HOSTILE_KEYS: list[Any] = ["\ud800", "kind\udfff", "x" * 70_000, "", "applicant ", "Kind", 1, None, ("a", 1), 2.5]

APPLICATION_PATHS: list[tuple[str, ...]] = [
    ("id",),
    ("applicant",),
    ("applicant", "name"),
    ("applicant", "credit_code"),
    ("applicant", "org_type"),
    ("applicant", "district"),
    ("applicant", "recognized_by_authority"),
    ("project",),
    ("project", "name"),
    ("project", "sector"),
    ("project", "direction"),
    ("project", "topic_type"),
    ("project", "start_date"),
    ("project", "expected_benefits"),
    ("materials",),
    ("declarations",),
    ("declarations", "original"),
    ("declarations", "truthful"),
    ("recommender",),
    ("recommender", "name"),
    ("recommender", "kind"),
    ("submitted_to_recommender_on",),
    ("recommended_on",),
]
EVENT_PATHS: list[tuple[str, ...]] = [
    ("kind",),
    ("id",),
    ("date",),
    ("year",),
    ("credit_code",),
    ("unit",),
    ("project_name",),
    ("district",),
    ("recommender",),
    ("recommender", "kind"),
    ("reason",),
    ("public_notice",),
    ("experts",),
    ("amount",),
    ("charged_by",),
    ("notice_deadline",),
]

# A change, drawn as small indexes so that a failing example prints short (the values are long):
# ("set", path, value) | ("key", path, key) | ("list_item", path, value) | ("whole", value), where
# path indexes the paths given, value indexes HOSTILE and key indexes HOSTILE_KEYS.
Change = tuple[Any, ...]


KINDS = ("set", "set", "set", "key", "list_item", "whole")


def changes(paths: list[tuple[str, ...]]) -> st.SearchStrategy[Change]:
    """One change, drawn as a single integer (cheap to draw, shrinks towards the first path and value)."""
    name = "application" if paths is APPLICATION_PATHS else "event"

    def decode(n: int) -> Change:
        n, value = divmod(n, len(HOSTILE))
        n, index = divmod(n, len(paths) + 1)
        kind = KINDS[n % len(KINDS)]
        if kind == "key":
            value %= len(HOSTILE_KEYS)
        else:
            index %= len(paths)
        return (kind, name, index, value)

    return st.integers(0, len(KINDS) * (len(paths) + 1) * len(HOSTILE) - 1).map(decode)


def changed(base: Any, change: Change) -> Any:
    """``base`` with one change; nothing of ``base`` is mutated (containers are copied on the path)."""
    kind, name, index, value_index = change
    paths = APPLICATION_PATHS if name == "application" else EVENT_PATHS
    if kind == "whole":
        return HOSTILE[value_index]
    if not isinstance(base, dict):
        return base
    if kind == "key":
        path = () if index == len(paths) else paths[index][:1]
        value: Any = HOSTILE_KEYS[value_index]
    else:
        path, value = paths[index], HOSTILE[value_index]
    out = dict(base)
    node = out
    for part in path[:-1] if kind != "key" else path:
        child = node.get(part)
        child = dict(child) if isinstance(child, dict) else {}
        node[part] = child
        node = child
    if kind == "key":
        node[value] = HOSTILE[len(str(type(value))) % len(HOSTILE)]
    elif kind == "list_item":
        node[path[-1]] = ["application_form", value, "提质增效"]
    else:
        node[path[-1]] = value
    return out


def judged(result: Any) -> None:
    """A Decision that serialises and reads back, or nothing at all."""
    assert isinstance(result, gr.Decision), type(result)
    text = json.dumps(result.model_dump(mode="json"), ensure_ascii=False)
    text.encode("utf-8")  # a lone surrogate anywhere would fail here


def expect(call: Callable[[], Any], *allowed: type[BaseException]) -> Any:
    """Run ``call``: its result, or None when it raised one of ``allowed`` (InputError always)."""
    try:
        return call()
    except (gr.InputError, *allowed) as exc:
        str(exc).encode("utf-8")  # the message can be printed
        assert len(str(exc)) < 20_000, "an error message as long as its input"
        return None


def judge(call: Callable[[], Any]) -> None:
    """A Decision that serialises, or InputError."""
    result = expect(call)
    if result is not None:
        judged(result)


def plan_choices(year: int) -> st.SearchStrategy[int]:
    """Mostly the plan's year; now and then (as -1 - i) the i-th of HOSTILE_PLANS."""
    return st.one_of(st.just(year), st.just(year), st.just(year), st.integers(-len(HOSTILE_PLANS), -1))


def plan_of(choice: int) -> Any:
    return choice if choice >= 0 else HOSTILE_PLANS[-1 - choice]


def fuzz_settings(inputs: int) -> settings:
    return settings(
        max_examples=inputs // BATCH,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        phases=[Phase.explicit, Phase.reuse, Phase.generate, Phase.shrink],  # no "explain": it reruns slowly
    )


plans = st.sampled_from(sorted(PLANS))
# Built once: a strategy built from a plan is costly to build, cheap to draw from.
APPLICATIONS = {year: applications(plan) for year, plan in PLANS.items()}
EVENTS = {year: events(plan) for year, plan in PLANS.items()}
HISTORIES = {year: histories(plan, max_size=4) for year, plan in PLANS.items()}


class Counter:
    def __init__(self) -> None:
        self.n = 0


# ----------------------------------------------------------------------------- evaluate


@st.composite
def application_batches(draw: st.DrawFn) -> tuple[Any, list[Change], int, int | None]:
    year = draw(plans)
    base = draw(APPLICATIONS[year])
    batch = draw(st.lists(changes(APPLICATION_PATHS), min_size=BATCH, max_size=BATCH))
    as_of = draw(st.one_of(st.none(), st.none(), st.integers(0, len(HOSTILE_DATES) - 1)))
    return base, batch, draw(plan_choices(year)), as_of


def test_evaluate_gives_a_decision_or_an_input_error() -> None:
    """gr.evaluate: 45,000 hostile applications (and plans, and as_of dates)."""
    count = Counter()

    @fuzz_settings(planned("evaluate"))
    @given(application_batches())
    def run(batch: tuple[Any, list[Change], int, int | None]) -> None:
        base, hostile, plan, as_of = batch
        when = None if as_of is None else HOSTILE_DATES[as_of]
        for change in hostile:
            count.n += 1
            judge(lambda c=change: gr.evaluate(changed(base, c), plan_of(plan), as_of=when))

    run()
    assert count.n == planned("evaluate")


# ----------------------------------------------------------------------------- evaluate_event


@st.composite
def event_batches(draw: st.DrawFn) -> tuple[Any, list[Change], int, list[Any]]:
    year = draw(plans)
    base = draw(EVENTS[year])
    batch = draw(st.lists(changes(EVENT_PATHS), min_size=BATCH, max_size=BATCH))
    return base, batch, draw(plan_choices(year)), draw(HISTORIES[year])


def test_evaluate_event_gives_a_decision_or_an_input_error() -> None:
    """gr.evaluate_event: 25,000 hostile events, each against a small history."""
    count = Counter()

    @fuzz_settings(planned("evaluate_event"))
    @given(event_batches())
    def run(batch: tuple[Any, list[Change], int, list[Any]]) -> None:
        base, hostile, plan, history = batch
        for change in hostile:
            count.n += 1
            judge(lambda c=change: gr.evaluate_event(changed(base, c), plan_of(plan), history=history))

    run()
    assert count.n == planned("evaluate_event")


# ----------------------------------------------------------------------------- the history index


def extreme_revocation(day: str) -> dict[str, Any]:
    return {
        "kind": "recognition_revoked",
        "date": day,
        "credit_code": "91120224064012553U",
        "project_name": "降低药芯焊丝焊接飞溅率",
        "reason": "false_materials",
        "public_notice": True,
    }


@st.composite
def history_batches(draw: st.DrawFn) -> tuple[int, Any, list[Any], list[Change]]:
    year = draw(plans)
    application = example_application(PLANS[year])
    history = draw(HISTORIES[year])
    history.append(extreme_revocation(draw(st.sampled_from(["9999-12-31", "9996-02-29", "9995-06-01", "2026-03-01"]))))
    batch = draw(st.lists(changes(EVENT_PATHS), min_size=BATCH, max_size=BATCH))
    return year, application, history, batch


def test_history_index_gives_a_decision_or_an_input_error() -> None:
    """HistoryIndex and evaluate against it: 10,000 histories, each with one hostile record and a
    revocation whose five-year bar runs past 9999-12-31 (第二十五条)."""
    count = Counter()

    @fuzz_settings(planned("history_index"))
    @given(history_batches())
    def run(batch: tuple[int, Any, list[Any], list[Change]]) -> None:
        year, application, history, hostile = batch
        for i, change in enumerate(hostile):
            count.n += 1
            records = list(history)
            position = i % (len(records) + 1)
            records.insert(position, changed(records[position - 1] if records else {}, change))
            index = expect(lambda r=records: gr.HistoryIndex(r))
            if index is not None:
                judged(expect(lambda x=index: gr.evaluate(application, year, history=x)))

    run()
    assert count.n == planned("history_index")


# ----------------------------------------------------------------------------- the history files

CELLS: list[str] = [
    "9999/12/31",
    "0000年1月1日",
    "2026年2月30日",
    "10000-01-01",
    "9999-12-31T23:00:00-05:00",
    "99999",
    "2021年度",
    "撤销认定",
    "提供虚假材料",
    "x" * 70_000,
    '"unterminated',
    "a,b,c,d",
    "=cmd|' /C calc'!A0",
    "\u3000",
    "",
]
RAW_LINES: list[bytes] = [
    "天津某公司,降低飞溅率\n".encode("gb18030"),
    b"\xff\xfe\x00\x00\n",
    b"\x00\x01\x02\n",
    b"\xef\xbb\xbf\n",
    b"\x81\x20\xff\n",
    b"\xed\xa0\x80\n",  # a surrogate encoded in UTF-8: not UTF-8
    b"x" * 100_000 + b"\n",
]
YAML_DOCS: list[str] = [
    'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    + "".join(f"{n}: &{n} [{','.join([f'*{p}'] * 9)}]\n" for p, n in zip("abcdefghi", "bcdefghij", strict=True)),
    "past_projects: &a [*a]\n",
    "[" * 10_000 + "]" * 10_000,
    'past_projects:\n  - {kind: "\\ud800", unit: x, project_name: y}\n',
    "past_projects:\n  - {unit: x, project_name: y, year: " + "1" * 5000 + "}\n",
    "revocations:\n  - {credit_code: 91120224064012553U, date: 9999-12-31, reason: 提供虚假材料}\n",
    "past_projects:\n  - {unit: x, project_name: y, date: 2026-02-30}\n",
    "!!python/object:os.system {}\n",
    "- &r {unit: x}\n- *r\n- <<: *r\n",
]
HEADER = "统一社会信用代码,申报单位名称,项目名称,年度,日期,类型,撤销原因\n"


FileSpec = tuple[str, tuple[int, ...], int, Change | None]


def history_files() -> st.SearchStrategy[list[FileSpec]]:
    """A batch of small history files (CSV, JSON Lines, YAML), each with one hostile part, drawn as
    indexes (see :func:`history_file`)."""
    spec = st.tuples(
        st.sampled_from(["csv", "csv", "jsonl", "yaml"]),
        st.lists(st.integers(0, len(CELLS) - 1), min_size=7, max_size=7).map(tuple),
        st.integers(0, len(RAW_LINES)),
        st.one_of(st.none(), changes(EVENT_PATHS)),
    )
    return st.lists(spec, min_size=BATCH, max_size=BATCH)


def history_file(spec: FileSpec) -> tuple[str, bytes]:
    """The suffix and bytes of one history file."""
    form, cells, raw_index, change = spec
    raw = b"" if raw_index == len(RAW_LINES) else RAW_LINES[raw_index]
    if form == "csv":
        body = HEADER + ",".join(CELLS[c].replace(",", "，") for c in cells) + "\n"
        return "csv", body.encode("utf-8") + raw
    if form == "yaml":
        return "yaml", YAML_DOCS[cells[0] % len(YAML_DOCS)].encode("utf-8")
    record = {"kind": "approved", "unit": "天津某公司", "project_name": "某项目"}
    if change is not None:
        record = changed(record, change)
    try:
        line = json.dumps(record, ensure_ascii=True, default=str)
    except Exception:  # not JSON at all (a set, a deep list, an object whose repr fails)
        line = "{"
    return "jsonl", line.encode("utf-8") + b"\n" + raw


def test_history_files_give_records_or_a_clear_error(tmp_path: Path) -> None:
    """records/history_files.py: 10,000 hostile files give their records (which the library then
    reads as history) or HistoryFileError / FileRefused naming the file."""
    count = Counter()

    @fuzz_settings(planned("history_files"))
    @given(history_files())
    def run(files: list[FileSpec]) -> None:
        for i, spec in enumerate(files):
            suffix, data = history_file(spec)
            count.n += 1
            path = tmp_path / f"h{i}.{suffix}"
            path.write_bytes(data)
            records = expect(lambda p=path: load_history_file(p, kind="approved"), HistoryFileError, FileRefused)
            if records is not None:
                judged(gr.evaluate({"applicant": {"name": "天津某公司"}}, 2026, history=records))

    run()
    assert count.n == planned("history_files")


# ----------------------------------------------------------------------------- the store


@st.composite
def store_batches(draw: st.DrawFn) -> tuple[int, Any, Any, list[Change]]:
    year = draw(plans)
    event = draw(EVENTS[year])
    application = draw(APPLICATIONS[year])
    batch = draw(st.lists(changes(EVENT_PATHS), min_size=BATCH, max_size=BATCH))
    return year, event, application, batch


def test_store_gives_a_decision_or_a_clear_error(tmp_path: Path) -> None:
    """gr.History on a temporary SQLite file: hostile records, then evaluate and unit_status; no
    record it accepts can make a later call fail (issue 10, items 2 and 3)."""
    count = Counter()
    store_error = gr.HistoryStoreError
    with gr.History(tmp_path / "fuzz.sqlite3") as store:
        for day in ("9999-12-31", "9999-06-01", "0001-01-01"):
            judged(store.record(extreme_revocation(day), 2026))

        @fuzz_settings(planned("store"))
        @given(store_batches())
        def run(batch: tuple[int, Any, Any, list[Change]]) -> None:
            year, event, application, hostile = batch
            for i, change in enumerate(hostile):
                count.n += 1
                step = i % 5
                if step < 3:
                    result = expect(lambda c=change: store.record(changed(event, c), year), store_error)
                elif step == 3:
                    result = expect(lambda c=change: store.evaluate(changed(application, c), year), store_error)
                else:
                    hostile_unit = HOSTILE[change[3]]
                    unit = hostile_unit if isinstance(hostile_unit, str) else "91120224064012553U"
                    on = HOSTILE_DATES[i % len(HOSTILE_DATES)]
                    status = expect(lambda u=unit, d=on: store.unit_status(u, d), store_error)
                    result = None
                    if status is not None:
                        assert status.debarred_until is None or isinstance(status.debarred_until, date)
                if result is not None:
                    judged(result)

        run()
        judged(store.evaluate({"applicant": {"credit_code": "91120224064012553U"}}, 2026))
    assert count.n == planned("store")


def test_the_counts_add_up_to_one_hundred_thousand() -> None:
    """docs/robustness.md reports these counts."""
    assert sum(INPUTS.values()) == 100_000
    text = (Path(__file__).parents[1] / "docs" / "robustness.md").read_text(encoding="utf-8")
    assert "100,000" in text
    for name, n in INPUTS.items():
        assert f"{n:,}" in text, name
