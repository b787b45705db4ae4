"""Every error the library raises on purpose survives pickling (a process pool, evaluate_many with
workers, sends it back to the parent) with its text and the data it carries (style.md practice 3)."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

import gongguan_rules as gr
from gongguan_rules.errors import PlanFault, RulesError
from gongguan_rules.inputs.files import FileRefused, read_bytes


def _round_trip(exc: Exception) -> Exception:
    back = pickle.loads(pickle.dumps(exc))
    assert type(back) is type(exc)
    assert str(back) == str(exc)
    return back


def test_input_error_pickles_with_its_field_paths() -> None:
    with pytest.raises(gr.InputError) as caught:
        gr.evaluate({"project": {"start_date": "2026年4月18日"}}, 2026)
    back = _round_trip(caught.value)
    assert isinstance(back, gr.InputError) and back.errors == caught.value.errors
    assert back.loc == "project.start_date"


def test_plan_errors_pickle_with_their_faults(tmp_path: Path) -> None:
    bad = tmp_path / "2027.yaml"
    bad.write_text("year: 2027\nyear: 2028\n", encoding="utf-8")
    with pytest.raises(gr.PlanError) as caught:
        gr.load_plan(bad)
    back = _round_trip(caught.value)
    assert isinstance(back, gr.PlanError) and back.faults == caught.value.faults
    fault = PlanFault(str(bad), 2, 1, "duplicate_key", "重复的键 / duplicate key")
    _round_trip(gr.PlanError([fault]))
    _round_trip(RulesError("rules/messages.yaml: inconsistent"))


def test_file_refused_and_store_errors_pickle(tmp_path: Path) -> None:
    with pytest.raises(FileRefused) as caught:
        read_bytes(tmp_path, "plan")
    back = _round_trip(caught.value)
    assert isinstance(back, FileRefused) and back.file == str(tmp_path) and back.errors == caught.value.errors
    not_a_store = tmp_path / "notes.sqlite3"
    not_a_store.write_bytes(b"this is not a database" * 100)
    with pytest.raises(gr.HistoryStoreError) as refused:
        gr.History(not_a_store)
    again = _round_trip(refused.value)
    assert isinstance(again, gr.HistoryStoreError) and again.faults == refused.value.faults
