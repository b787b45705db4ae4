"""product.md, "The command line, for scripts": `gongguan-rules --version`; `-` reads JSON or JSON Lines from
standard input; `--format jsonl` entries equal `--format json`'s elements; `--output FILE` (.xlsx, .csv, .json,
.jsonl); exit codes as docs/cli.md defines them. Every call is a subprocess, as a script would make it."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr

from .support import BASE, CODE_BAODI, PLANS_DIR, app, run_cli

BATCH = [
    {"id": "甲-1", **BASE[2026]},
    {"id": "甲-2", **app(2026, recommended_on="2026-04-21")},
    {"id": "甲-3", **app(2026, **{"project.direction": ...})},
]


def expected_entries(items: list[dict[str, Any]], plan: int = 2026) -> list[dict[str, Any]]:
    out = []
    for n, item in enumerate(items, start=1):
        data = {k: v for k, v in item.items() if k != "id"}
        entry: dict[str, Any] = {"index": n}
        if "id" in item:
            entry["input_id"] = item["id"]
        d = gr.evaluate(data, plan)  # `id` is the input's id (input_id), not a fact
        entry["decision"] = d.model_dump(mode="json")
        out.append(entry)
    return out


def test_version() -> None:
    """product.md: "`gongguan-rules --version`"."""
    result = run_cli("--version")
    assert result.returncode == 0
    assert gr.evaluate({}, 2026).provenance.library_version in result.stdout


def test_stdin_json_array_and_jsonl_equal_elements() -> None:
    """product.md: "`-` reads JSON or JSON Lines from standard input; `--format jsonl` writes, as each is decided, one
    line per input: the same entry as one element of `--format json`'s array (`{"index", "input_id", "decision"}`)"."""
    as_json = run_cli(
        "evaluate", "-", "--plan", "2026", "--format", "json", stdin=json.dumps(BATCH, ensure_ascii=False)
    )
    assert as_json.returncode == 0, as_json.stderr
    array = json.loads(as_json.stdout)
    assert isinstance(array, list) and len(array) == 3
    lines_in = "\n".join(json.dumps(item, ensure_ascii=False) for item in BATCH) + "\n"
    as_jsonl = run_cli("evaluate", "-", "--plan", "2026", "--format", "jsonl", stdin=lines_in)
    assert as_jsonl.returncode == 0, as_jsonl.stderr
    lines = [json.loads(line) for line in as_jsonl.stdout.splitlines() if line.strip()]
    assert lines == array
    for entry, item in zip(array, BATCH, strict=True):
        assert set(entry) == {"index", "input_id", "decision"}
        assert entry["input_id"] == item["id"]
        decision = gr.Decision.model_validate(entry["decision"])
        here = gr.evaluate({k: v for k, v in item.items() if k != "id"}, 2026)
        assert decision == here
        assert entry["decision"] == here.model_dump(mode="json")
    assert [e["index"] for e in array] == [1, 2, 3]
    assert [e["decision"]["outcome"] for e in array] == ["eligible", "ineligible", "needs_review"]


def test_stdin_single_json_object_and_jsonl_input() -> None:
    """product.md: "`-` reads JSON or JSON Lines from standard input"."""
    one = run_cli("evaluate", "-", "--plan", "2026", "--format", "jsonl", stdin=json.dumps(BASE[2026]))
    assert one.returncode == 0, one.stderr
    entries = [json.loads(line) for line in one.stdout.splitlines() if line.strip()]
    assert len(entries) == 1
    assert entries[0]["decision"] == gr.evaluate(BASE[2026], 2026).model_dump(mode="json")
    text = run_cli("evaluate", "-", "--plan", "2026", stdin=json.dumps(BASE[2026]))
    assert text.returncode == 0
    assert "eligible" in text.stdout


def test_events_from_stdin() -> None:
    """product.md: the CLI judges events too (an item with `kind`)."""
    e = {
        "kind": "推荐",
        "date": "2026-04-21",
        "year": 2026,
        "credit_code": CODE_BAODI,
        "unit": "天津某焊材有限公司",
        "project_name": "降低药芯焊丝焊接飞溅率",
    }
    result = run_cli("evaluate", "-", "--plan", "2026", "--format", "jsonl", stdin=json.dumps(e, ensure_ascii=False))
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout.splitlines()[0])
    assert entry["decision"] == gr.evaluate_event(e, 2026).model_dump(mode="json")


@pytest.mark.parametrize("suffix", [".json", ".jsonl", ".csv", ".xlsx"])
def test_output_kinds(tmp_path: Path, suffix: str) -> None:
    """product.md: "`--output FILE` (.xlsx, .csv, .json, .jsonl)"."""
    source = tmp_path / "batch.jsonl"
    source.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in BATCH) + "\n", "utf-8")
    out = tmp_path / f"结果{suffix}"
    result = run_cli("evaluate", str(source), "--plan", "2026", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert out.exists()
    if suffix == ".json":
        data = json.loads(out.read_text("utf-8"))
        assert data == expected_entries(BATCH)
    elif suffix == ".jsonl":
        data = [json.loads(line) for line in out.read_text("utf-8").splitlines() if line.strip()]
        assert data == expected_entries(BATCH)
    elif suffix == ".csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
        assert len(rows) == 3
        assert [r["结论"] for r in rows] == ["符合申报条件", "不符合申报条件", "需人工复核"]
    else:
        openpyxl = pytest.importorskip("openpyxl")
        ws = openpyxl.load_workbook(out).active
        rows = list(ws.iter_rows(values_only=True))
        header = list(rows[0])
        assert "结论" in header
        assert [r[header.index("结论")] for r in rows[1:]] == ["符合申报条件", "不符合申报条件", "需人工复核"]


# ------------------------------------------------------------------ exit codes (docs/cli.md)


def test_exit_0_whatever_the_outcome(tmp_path: Path) -> None:
    """docs/cli.md: "0：每一项都已判断，不论结论 / every item was evaluated, whatever its outcome"."""
    result = run_cli("evaluate", "-", "--plan", "2026", "--format", "json", stdin=json.dumps(BATCH, ensure_ascii=False))
    assert result.returncode == 0


def test_exit_1_when_an_item_cannot_be_read() -> None:
    """docs/cli.md: "1：有项目无法读取（其余照常判断）/ some item could not be read (the rest were evaluated)"; an
    unreadable item is `{"index": N, "error": [{"field", "message"}]}`; stderr names the field."""
    items = [BASE[2026], app(2026, **{"project.start_date": "2026-02-30"}), BASE[2026]]
    result = run_cli("evaluate", "-", "--plan", "2026", "--format", "json", stdin=json.dumps(items, ensure_ascii=False))
    assert result.returncode == 1
    array = json.loads(result.stdout)
    assert len(array) == 3
    assert array[1]["index"] == 2 and "error" in array[1]
    assert any(e["field"] == "project.start_date" for e in array[1]["error"])
    assert "project.start_date" in result.stderr
    assert "decision" in array[0] and "decision" in array[2]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["evaluate"],  # no input
        ["evaluate", "-", "--plan", "1999"],  # no such bundled plan
        ["evaluate", "-", "--plan", "2026", "--format", "xml"],
        ["no-such-command"],
        ["evaluate", "/nonexistent/applications.json", "--plan", "2026"],
    ],
)
def test_exit_2_for_usage_or_unreadable_files(args: list[str]) -> None:
    """docs/cli.md: "2：用法错误，或输入、方案、历史记录文件整体无法读取 / usage error, or the input, plan or history
    file
    cannot be read at all"; every error is one line on stderr, never a Python traceback."""
    result = run_cli(*args, stdin=json.dumps(BASE[2026]))
    assert result.returncode == 2, (args, result.returncode, result.stderr)
    assert "Traceback" not in result.stderr


def test_exit_2_for_a_broken_history_file(tmp_path: Path) -> None:
    """docs/cli.md: 2 when the history file cannot be read at all."""
    history = tmp_path / "history.json"
    history.write_text("{not json", "utf-8")
    result = run_cli("evaluate", "-", "--plan", "2026", "--history", str(history), stdin=json.dumps(BASE[2026]))
    assert result.returncode == 2
    assert "history.json" in result.stderr


def test_exit_3_fail_on() -> None:
    """docs/cli.md: "3：使用 `--fail-on` 且有结论达到条件：`--fail-on ineligible` 为任一 `ineligible` 或 `rejected`；
    `--fail-on review` 另含 `needs_review`"."""

    def code(fail_on: str, items: list[dict[str, Any]]) -> int:
        stdin = json.dumps(items, ensure_ascii=False)
        return run_cli(
            "evaluate", "-", "--plan", "2026", "--fail-on", fail_on, "--format", "json", stdin=stdin
        ).returncode

    assert code("ineligible", BATCH) == 3  # one ineligible
    assert code("ineligible", [BATCH[0], BATCH[2]]) == 0  # eligible and needs_review only
    assert code("review", [BATCH[0], BATCH[2]]) == 3  # needs_review meets "review"
    assert code("review", [BATCH[0]]) == 0


def test_exit_5_for_unknown_columns_and_precedence(tmp_path: Path) -> None:
    """docs/cli.md: "5：汇总表有未识别的列（每行仍已判断，见警告），除非给出 `--allow-unknown-columns`"; "优先次序 /
    precedence: 2 > 1 > 5 > 3 > 0"."""
    path = tmp_path / "汇总表.csv"
    path.write_text("项目名称,所在区,奇怪的列,推荐日期\n降低药芯焊丝焊接飞溅率,宝坻区,x,2026-04-21\n", "utf-8")
    result = run_cli("evaluate", str(path), "--plan", "2026", "--format", "json")
    assert result.returncode == 5
    assert "奇怪的列" in result.stderr and "warning" in result.stderr
    assert run_cli("evaluate", str(path), "--plan", "2026", "--allow-unknown-columns").returncode == 0
    # 5 > 3
    assert run_cli("evaluate", str(path), "--plan", "2026", "--fail-on", "review").returncode == 5
    # 1 > 5: an unreadable cell is a warning, not an unreadable item; a bad JSON Lines item is
    bad = tmp_path / "bad.jsonl"
    bad.write_text(json.dumps(BASE[2026]) + "\n{broken\n", "utf-8")
    assert run_cli("evaluate", str(bad), "--plan", "2026", "--fail-on", "review").returncode == 1


def test_cli_json_equals_the_library_for_each_plan(tmp_path: Path) -> None:
    """product.md: "a stable, documented, JSON-serialisable input and output" — the CLI's decision is the library's."""
    for year in (2019, 2025):  # the district plans (2026 above, 2021 by the plan file below)
        result = run_cli(
            "evaluate", "-", "--plan", str(year), "--format", "jsonl", stdin=json.dumps(BASE[year], ensure_ascii=False)
        )
        assert result.returncode == 0, result.stderr
        entry = json.loads(result.stdout.splitlines()[0])
        assert entry["decision"] == gr.evaluate(BASE[year], year).model_dump(mode="json")


def test_plan_file_argument(tmp_path: Path) -> None:
    """product.md: a plan is a year or any plan file (`gr.load_plan("plans/2027.yaml")`); the CLI's `--plan
    YEAR|FILE`."""
    stdin = json.dumps(BASE[2021], ensure_ascii=False)
    result = run_cli("evaluate", "-", "--plan", str(PLANS_DIR / "2021.yaml"), "--format", "jsonl", stdin=stdin)
    assert result.returncode == 0
    entry = json.loads(result.stdout.splitlines()[0])
    assert entry["decision"] == gr.evaluate(BASE[2021], 2021).model_dump(mode="json")


def test_validate_reports_file_line_col(tmp_path: Path) -> None:
    """product.md: the library catches "mistakes in it (schema, typos, duplicate keys, impossible dates, with
    file:line errors)"; docs/cli.md: "每处错误一行 `文件:行:列: 说明`"; exit 1 on a fault."""
    text = (PLANS_DIR / "2026.yaml").read_text("utf-8")
    line = text[: text.index("by: 2026-04-20")].count("\n") + 1
    bad = tmp_path / "2027.yaml"
    bad.write_text(text.replace("by: 2026-04-20", "by: 2026-04-31", 1), "utf-8")
    result = run_cli("validate", str(bad))
    assert result.returncode == 1
    assert f"2027.yaml:{line}:" in result.stdout + result.stderr
    assert run_cli("validate", "2019", "2021", "2025", "2026").returncode == 0


def test_jsonl_is_written_as_each_is_decided() -> None:
    """product.md: "`--format jsonl` writes, as each is decided, one line per input" — the first answer comes before
    the input ends."""
    import subprocess
    import threading

    from .support import cli_command

    proc = subprocess.Popen(
        [*cli_command(), "evaluate", "-", "--plan", "2026", "--format", "jsonl"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None and proc.stdout is not None
    try:
        # two lines: the first line alone cannot tell one JSON object from JSON Lines (docs/cli.md: "told apart by
        # the first line" and the next), so the answers are awaited after the second
        proc.stdin.write((json.dumps(BASE[2026]) + "\n" + json.dumps(BATCH[1], ensure_ascii=False) + "\n").encode())
        proc.stdin.flush()
        answers: list[bytes] = []

        def read_two() -> None:
            answers.append(proc.stdout.readline())
            answers.append(proc.stdout.readline())

        reader = threading.Thread(target=read_two, daemon=True)
        reader.start()
        reader.join(timeout=60)
        assert len(answers) == 2 and all(answers), "the decided lines are not written before the input ends"
        entries = [json.loads(a) for a in answers]
        assert [e["index"] for e in entries] == [1, 2]
        assert [e["decision"]["outcome"] for e in entries] == ["eligible", "ineligible"]
        proc.stdin.close()
        assert not proc.stdout.read().strip()
        assert proc.wait(timeout=60) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for pipe in (proc.stdin, proc.stdout, proc.stderr):
            if pipe is not None:
                pipe.close()


def test_stdin_pretty_printed_json_array() -> None:
    """product.md: "`-` reads JSON or JSON Lines from standard input" — a JSON document over many lines is JSON."""
    pretty = json.dumps(BATCH, ensure_ascii=False, indent=2)
    result = run_cli("evaluate", "-", "--plan", "2026", "--format", "jsonl", stdin=pretty)
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [e["input_id"] for e in entries] == ["甲-1", "甲-2", "甲-3"]
