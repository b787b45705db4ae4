"""The command line for scripts and tables (product.md, "The command line, for scripts"; issue 12).

evaluate on a 汇总表 with --output, --format jsonl as the same entries as --format json, standard
input, the progress bar on a terminal only, and impact between 2025 and 2026.
"""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

import gongguan_rules as gr
from gongguan_rules.cli.main import main
from tables_support import DATA_ROWS, HEADER, OUTCOMES, sheet_rows, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
BATCH_JSONL = ROOT / "tests" / "fixtures" / "cli" / "batch.jsonl"


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_jsonl_lines_are_the_json_entries(capsys: pytest.CaptureFixture[str]) -> None:
    """--format jsonl: one line per input, each the same entry as one element of --format json's
    array ({"index", "input_id", "decision"}); 2026 一（三） and the second 第十七条 as judged."""
    code, out, _ = _cli(capsys, "evaluate", str(BATCH_JSONL), "--plan", "2026", "--format", "json")
    assert code == 0
    array = json.loads(out)
    code, out, _ = _cli(capsys, "evaluate", str(BATCH_JSONL), "--plan", "2026", "--format", "jsonl")
    assert code == 0
    lines = [json.loads(line) for line in out.splitlines()]
    assert lines == array
    assert [e["input_id"] for e in lines] == ["J-1", "J-2", "J-3"]
    assert set(lines[0]) == {"index", "input_id", "decision"}


def test_stdin_json_lines(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """``-`` reads JSON Lines from standard input, giving the same entries as the file."""
    code, out, _ = _cli(capsys, "evaluate", str(BATCH_JSONL), "--plan", "2026", "--format", "jsonl")
    expected = out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(BATCH_JSONL.read_bytes()), encoding="utf-8"))
    code, out, _ = _cli(capsys, "evaluate", "-", "--plan", "2026", "--format", "jsonl")
    assert code == 0 and out == expected


def test_table_in_results_workbook_out(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate 汇总表.xlsx --output 结果.xlsx: the results workbook of gr.write_results (every
    original column, then 结论 …); stdout has the summary; JSON entries name the spreadsheet row."""
    source = write_xlsx(tmp_path / "汇总表.xlsx", sheet_rows())
    result = tmp_path / "结果.xlsx"
    code, out, err = _cli(capsys, "evaluate", str(source), "--plan", "2026", "--output", str(result))
    assert code == 0, err
    assert "汇总 / summary: 3 项 / items" in out
    import openpyxl

    rows = list(openpyxl.load_workbook(result).active.iter_rows(values_only=True))
    assert list(rows[0]) == [*HEADER, "结论", "不符合项", "需复核项", "说明", "补正建议"]
    assert [r[len(HEADER)] for r in rows[1:]] == ["符合申报条件", "不符合申报条件", "需人工复核"]
    code, out, _ = _cli(capsys, "evaluate", str(source), "--plan", "2026", "--format", "jsonl")
    entries = [json.loads(line) for line in out.splitlines()]
    assert [(e["row"], e["input_id"], e["decision"]["outcome"]) for e in entries] == [
        (row, str(n), outcome) for n, (row, outcome) in enumerate(zip(DATA_ROWS, OUTCOMES, strict=True), 1)
    ]


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv"])
def test_output_files(tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str) -> None:
    """--output FILE by its suffix: .json (the array), .jsonl (one line each), .csv (UTF-8, BOM)."""
    out_file = tmp_path / f"r{suffix}"
    code, _, _ = _cli(capsys, "evaluate", str(BATCH_JSONL), "--plan", "2026", "--output", str(out_file))
    assert code == 0
    data = out_file.read_bytes()
    if suffix == ".json":
        assert [e["input_id"] for e in json.loads(data)] == ["J-1", "J-2", "J-3"]
    elif suffix == ".jsonl":
        assert len(data.decode().splitlines()) == 3
    else:
        assert data.startswith("\ufeff序号,编号,结论".encode())


def _evaluate_on(stderr_is_terminal: bool, path: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "COLUMNS": "100", "TERM": "xterm"}
    args = [sys.executable, "-m", "gongguan_rules", "evaluate", str(path), "--plan", "2026", "--format", "jsonl"]
    if not stderr_is_terminal:
        result = subprocess.run(args, capture_output=True, env=env, timeout=120, check=False)
        assert result.returncode == 0
        return result.stderr.decode()
    main_fd, worker_fd = pty.openpty()
    with subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=worker_fd, env=env) as process:
        os.close(worker_fd)
        chunks = []
        while True:
            try:
                chunk = os.read(main_fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=120) == 0
    os.close(main_fd)
    return b"".join(chunks).decode(errors="replace")


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    """A batch shows a rich progress bar when stderr is a terminal, and none in a pipe."""
    path = tmp_path / "many.jsonl"
    line = BATCH_JSONL.read_text(encoding="utf-8").splitlines()[0]
    path.write_text("\n".join([line] * 40) + "\n", encoding="utf-8")
    assert _evaluate_on(False, path) == ""
    shown = _evaluate_on(True, path)
    assert "判断 / judging" in shown and "40" in shown


def test_impact_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """impact 汇总表 --from 2025 --to 2026: the transitions with their counts and the changed rows,
    each with the clause change behind it (2025 四 → 2026 四（一） recommenders); --output .xlsx."""
    rows = sheet_rows()
    for row in rows[4:7]:
        for col in ("提交推荐单位日期", "推荐日期"):
            value = row[HEADER.index(col)]
            last_year = value.replace(year=2025) if hasattr(value, "year") else str(value).replace("2026", "2025")
            row[HEADER.index(col)] = last_year
    source = write_csv(tmp_path / "汇总表.csv", rows)
    report = tmp_path / "影响.xlsx"
    code, out, err = _cli(capsys, "impact", str(source), "--from", "2025", "--to", "2026", "--output", str(report))
    assert code == 0, err
    table = gr.read_applications(source)
    expected = gr.compare_plans(table, 2025, 2026)
    for (before, after), count in expected.summary().items():
        assert any(line.split() == [before, after, str(count)] for line in out.splitlines()), (before, after)
    assert f"结论变化 / changed: {len(expected.changed)} / 3" in out
    clause = "（条款变化：津滨市场监管质监〔2025〕4号 四 → 津市场监管质发〔2026〕2号 四（一））"
    assert f"plan.recommender: fail → pass{clause}" in out
    import openpyxl

    back = list(openpyxl.load_workbook(report).active.iter_rows(values_only=True))
    assert list(back[0][len(HEADER) :]) == ["结论（2025）", "结论（2026）", "变化", "变化的规则", "原因"]
    assert len(back) == 4


def _two_sheet_workbook(path: Path) -> Path:
    """A workbook whose first tab is a note and whose second is the 汇总表 of sheet_rows()."""
    import openpyxl

    book = openpyxl.Workbook()
    note = book.active
    note.title = "填表说明"
    note.append(["本表由推荐单位汇总填写"])
    table = book.create_sheet("汇总表")
    for row in sheet_rows():
        table.append(row if row else [None])
    book.save(path)
    return path


@pytest.mark.parametrize("sheet", ["汇总表", "2"])
def test_sheet_by_name_or_place(tmp_path: Path, capsys: pytest.CaptureFixture[str], sheet: str) -> None:
    """--sheet names the workbook's sheet, or gives its place among the tabs counting from 1; the
    rows are then judged as from a one-sheet workbook (2026 一（三）, the same three outcomes)."""
    source = _two_sheet_workbook(tmp_path / "汇总表.xlsx")
    code, out, err = _cli(capsys, "evaluate", str(source), "--plan", "2026", "--sheet", sheet, "--format", "jsonl")
    assert code == 0, err
    entries = [json.loads(line) for line in out.splitlines()]
    assert [(e["row"], e["decision"]["outcome"]) for e in entries] == list(zip(DATA_ROWS, OUTCOMES, strict=True))
    code, out, err = _cli(capsys, "impact", str(source), "--from", "2025", "--to", "2026", "--sheet", sheet)
    assert code == 0, err


def test_without_sheet_the_first_visible_sheet_is_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Without --sheet the first tab (here a note with no header row) is read, and refused by name."""
    source = _two_sheet_workbook(tmp_path / "汇总表.xlsx")
    code, _, err = _cli(capsys, "evaluate", str(source), "--plan", "2026")
    assert code != 0
    assert "汇总表.xlsx" in err and "表头" in err


@pytest.mark.parametrize("sheet", ["总表", "3", "0"])
def test_a_sheet_that_is_not_there_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], sheet: str
) -> None:
    source = _two_sheet_workbook(tmp_path / "汇总表.xlsx")
    code, out, err = _cli(capsys, "evaluate", str(source), "--plan", "2026", "--sheet", sheet)
    assert code == 2 and out == ""
    assert f"没有工作表“{sheet}”" in err and "填表说明、汇总表" in err and "1–2" in err


def test_sheet_with_a_file_that_has_no_sheets(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = write_csv(tmp_path / "汇总表.csv", sheet_rows())
    code, out, err = _cli(capsys, "evaluate", str(source), "--plan", "2026", "--sheet", "1")
    assert code == 2 and out == ""
    assert "--sheet" in err and "汇总表.csv" in err
