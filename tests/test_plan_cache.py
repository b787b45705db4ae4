"""A plan file given by path is compiled once, and read again when it changes.

第九条: whoever adds next year's plan edits plans/2027.yaml and evaluates against it by path; the
library must judge under the file as it is now, without compiling it for every application.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import gongguan_rules as gr

PLAN_2027 = Path(__file__).parent / "fixtures" / "plan-2027" / "2027.yaml"


def test_a_plan_file_is_compiled_once_and_again_when_edited(tmp_path: Path) -> None:
    path = tmp_path / "2027.yaml"
    shutil.copy(PLAN_2027, path)
    first = gr.load_plan(str(path))
    assert gr.load_plan(str(path)) is first
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2027", "year: 2027\n# edited"), encoding="utf-8")
    again = gr.load_plan(str(path))
    assert again is not first
    assert again.year == first.year == 2027


def test_a_broken_edit_is_reported_not_hidden_by_the_cache(tmp_path: Path) -> None:
    path = tmp_path / "2027.yaml"
    shutil.copy(PLAN_2027, path)
    gr.load_plan(str(path))
    path.write_text(path.read_text(encoding="utf-8").replace("year: 2027", "yaer: 2027"), encoding="utf-8")
    with pytest.raises(gr.PlanError, match="yaer"):
        gr.load_plan(str(path))
