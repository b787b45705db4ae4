"""product.md, "The command line, for scripts": `gongguan-rules --version`; `-` reads JSON or JSON Lines from
standard input; `--format jsonl` entries equal `--format json`'s elements; `--output FILE` (.xlsx, .csv, .json,
.jsonl); exit codes as docs/cli.md defines them. Every call is a subprocess, as a script would make it."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
from concurrent.futures import ThreadPoolExecutor
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


# ------------------------------------------------------------------ every call, made once and side by side
#
# A script's calls are independent processes; they are started together (module fixture `runs`) so that the module
# costs the time of the slowest few, not of their sum. Each test then reads the calls it checks.


def _prepare(tmp: Path) -> dict[str, tuple[list[str], str | None]]:
    """Every invocation of this module: name → (arguments, standard input)."""
    batch_jsonl = tmp / "batch.jsonl"
    batch_jsonl.write_text("\n".join(json.dumps(i, ensure_ascii=False) for i in BATCH) + "\n", "utf-8")
    broken_history = tmp / "history.json"
    broken_history.write_text("{not json", "utf-8")
    table = tmp / "汇总表.csv"
    table.write_text("项目名称,所在区,奇怪的列,推荐日期\n降低药芯焊丝焊接飞溅率,宝坻区,x,2026-04-21\n", "utf-8")
    bad_jsonl = tmp / "bad.jsonl"
    bad_jsonl.write_text(json.dumps(BASE[2026]) + "\n{broken\n", "utf-8")
    text = (PLANS_DIR / "2026.yaml").read_text("utf-8")
    (tmp / "2027.yaml").write_text(text.replace("by: 2026-04-20", "by: 2026-04-31", 1), "utf-8")
    base = json.dumps(BASE[2026], ensure_ascii=False)
    batch = json.dumps(BATCH, ensure_ascii=False)
    review_only = json.dumps([BATCH[0], BATCH[2]], ensure_ascii=False)
    unreadable = json.dumps(
        [BASE[2026], app(2026, **{"project.start_date": "2026-02-30"}), BASE[2026]], ensure_ascii=False
    )
    an_event = json.dumps(EVENT, ensure_ascii=False)
    calls: dict[str, tuple[list[str], str | None]] = {
        "version": (["--version"], None),
        "json": (["evaluate", "-", "--plan", "2026", "--format", "json"], batch),
        "jsonl": (
            ["evaluate", "-", "--plan", "2026", "--format", "jsonl"],
            "\n".join(json.dumps(i, ensure_ascii=False) for i in BATCH) + "\n",
        ),
        "pretty": (
            ["evaluate", "-", "--plan", "2026", "--format", "jsonl"],
            json.dumps(BATCH, ensure_ascii=False, indent=2),
        ),
        "single": (["evaluate", "-", "--plan", "2026", "--format", "jsonl"], base),
        "event": (["evaluate", "-", "--plan", "2026", "--format", "jsonl"], an_event),
        "unreadable": (["evaluate", "-", "--plan", "2026", "--format", "json"], unreadable),
        "usage.no_input": (["evaluate"], base),
        "usage.no_plan": (["evaluate", "-", "--plan", "1999"], base),
        "usage.format": (["evaluate", "-", "--plan", "2026", "--format", "xml"], base),
        "usage.missing_file": (["evaluate", "/nonexistent/applications.json", "--plan", "2026"], base),
        "usage.history": (["evaluate", "-", "--plan", "2026", "--history", str(broken_history)], base),
        **{
            f"fail_on.{fail_on}.{name}": (
                ["evaluate", "-", "--plan", "2026", "--fail-on", fail_on, "--format", "json"],
                items,
            )
            for fail_on, name, items in (
                ("ineligible", "batch", batch),
                ("ineligible", "review", review_only),
                ("review", "review", review_only),
                ("review", "eligible", base),
            )
        },
        "table": (["evaluate", str(table), "--plan", "2026", "--format", "json"], None),
        "table.allowed": (["evaluate", str(table), "--plan", "2026", "--allow-unknown-columns"], None),
        "table.fail_on": (["evaluate", str(table), "--plan", "2026", "--fail-on", "review"], None),
        "bad_jsonl.fail_on": (["evaluate", str(bad_jsonl), "--plan", "2026", "--fail-on", "review"], None),
        "plan.file": (
            ["evaluate", "-", "--plan", str(PLANS_DIR / "2021.yaml"), "--format", "jsonl"],
            json.dumps(BASE[2021], ensure_ascii=False),
        ),
        "validate.bad": (["validate", str(tmp / "2027.yaml")], None),
        "validate.bundled": (["validate", "2019", "2021", "2025", "2026"], None),
    }
    for suffix in OUTPUTS:
        calls[f"output{suffix}"] = (
            ["evaluate", str(batch_jsonl), "--plan", "2026", "--output", str(tmp / f"结果{suffix}")],
            None,
        )
    return calls


OUTPUTS = (".json", ".jsonl", ".csv", ".xlsx")
EVENT = {
    "kind": "推荐",
    "date": "2026-04-21",
    "year": 2026,
    "credit_code": CODE_BAODI,
    "unit": "天津某焊材有限公司",
    "project_name": "降低药芯焊丝焊接飞溅率",
}


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def runs(outdir: Path) -> dict[str, subprocess.CompletedProcess[str]]:
    calls = _prepare(outdir)
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        futures = {name: pool.submit(run_cli, *args, stdin=stdin) for name, (args, stdin) in calls.items()}
        return {name: future.result() for name, future in futures.items()}


def test_version(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """product.md: "`gongguan-rules --version`"; the version the decisions' provenance names."""
    result = runs["version"]
    assert result.returncode == 0
    assert gr.evaluate({}, 2026).provenance.library_version in result.stdout


def test_stdin_json_array_and_jsonl_equal_elements(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """product.md: "`-` reads JSON or JSON Lines from standard input; `--format jsonl` writes, as each is decided, one
    line per input: the same entry as one element of `--format json`'s array (`{"index", "input_id", "decision"}`)";
    docs/cli.md: "0：每一项都已判断，不论结论 / every item was evaluated, whatever its outcome"."""
    as_json, as_jsonl = runs["json"], runs["jsonl"]
    assert as_json.returncode == 0, as_json.stderr
    assert as_jsonl.returncode == 0, as_jsonl.stderr
    array = json.loads(as_json.stdout)
    assert isinstance(array, list) and len(array) == 3
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


def test_stdin_single_json_object(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """product.md: "`-` reads JSON or JSON Lines from standard input" — one object."""
    one = runs["single"]
    assert one.returncode == 0, one.stderr
    entries = [json.loads(line) for line in one.stdout.splitlines() if line.strip()]
    assert len(entries) == 1
    assert entries[0]["decision"] == gr.evaluate(BASE[2026], 2026).model_dump(mode="json")


def test_stdin_pretty_printed_json_array(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """product.md: "`-` reads JSON or JSON Lines from standard input" — a JSON document over many lines is JSON."""
    result = runs["pretty"]
    assert result.returncode == 0, result.stderr
    entries = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    assert [e["input_id"] for e in entries] == ["甲-1", "甲-2", "甲-3"]


def test_events_from_stdin(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """product.md: the CLI judges events too (an item with `kind`)."""
    result = runs["event"]
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout.splitlines()[0])
    assert entry["decision"] == gr.evaluate_event(EVENT, 2026).model_dump(mode="json")


@pytest.mark.parametrize("suffix", OUTPUTS)
def test_output_kinds(runs: dict[str, subprocess.CompletedProcess[str]], outdir: Path, suffix: str) -> None:
    """product.md: "`--output FILE` (.xlsx, .csv, .json, .jsonl)"."""
    result = runs[f"output{suffix}"]
    assert result.returncode == 0, result.stderr
    out = outdir / f"结果{suffix}"
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


def test_exit_1_when_an_item_cannot_be_read(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """docs/cli.md: "1：有项目无法读取（其余照常判断）/ some item could not be read (the rest were evaluated)"; an
    unreadable item is `{"index": N, "error": [{"field", "message"}]}`; stderr names the field."""
    result = runs["unreadable"]
    assert result.returncode == 1
    array = json.loads(result.stdout)
    assert len(array) == 3
    assert array[1]["index"] == 2 and "error" in array[1]
    assert any(e["field"] == "project.start_date" for e in array[1]["error"])
    assert "project.start_date" in result.stderr
    assert "decision" in array[0] and "decision" in array[2]
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("name", ["no_input", "no_plan", "format", "missing_file", "history"])
def test_exit_2_for_usage_or_unreadable_files(runs: dict[str, subprocess.CompletedProcess[str]], name: str) -> None:
    """docs/cli.md: "2：用法错误，或输入、方案、历史记录文件整体无法读取 / usage error, or the input, plan or history
    file
    cannot be read at all"; every error is one line on stderr, never a Python traceback."""
    result = runs[f"usage.{name}"]
    assert result.returncode == 2, (name, result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    if name == "history":
        assert "history.json" in result.stderr


def test_exit_3_fail_on(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """docs/cli.md: "3：使用 `--fail-on` 且有结论达到条件：`--fail-on ineligible` 为任一 `ineligible` 或 `rejected`；
    `--fail-on review` 另含 `needs_review`"."""
    assert runs["fail_on.ineligible.batch"].returncode == 3  # one ineligible
    assert runs["fail_on.ineligible.review"].returncode == 0  # eligible and needs_review only
    assert runs["fail_on.review.review"].returncode == 3  # needs_review meets "review"
    assert runs["fail_on.review.eligible"].returncode == 0


def test_exit_5_for_unknown_columns_and_precedence(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """docs/cli.md: "5：汇总表有未识别的列（每行仍已判断，见警告），除非给出 `--allow-unknown-columns`"; "优先次序 /
    precedence: 2 > 1 > 5 > 3 > 0"."""
    result = runs["table"]
    assert result.returncode == 5
    assert "奇怪的列" in result.stderr and "warning" in result.stderr
    assert runs["table.allowed"].returncode == 0
    assert runs["table.fail_on"].returncode == 5  # 5 > 3
    assert runs["bad_jsonl.fail_on"].returncode == 1  # 1 > 3 (a bad JSON Lines item is an unreadable item)


@pytest.mark.parametrize(("name", "year"), [("single", 2026), ("plan.file", 2021)])
def test_cli_json_equals_the_library(runs: dict[str, subprocess.CompletedProcess[str]], name: str, year: int) -> None:
    """product.md: "a stable, documented, JSON-serialisable input and output" — the CLI's decision is the library's, for
    a plan named by its year or by its file (`gr.load_plan("plans/2027.yaml")`; the CLI's `--plan YEAR|FILE`)."""
    result = runs[name]
    assert result.returncode == 0, result.stderr
    entry = json.loads(result.stdout.splitlines()[0])
    assert entry["decision"] == gr.evaluate(BASE[year], year).model_dump(mode="json")


def test_validate_reports_file_line_col(runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    """product.md: the library catches "mistakes in it (schema, typos, duplicate keys, impossible dates, with
    file:line errors)"; docs/cli.md: "每处错误一行 `文件:行:列: 说明`"; exit 1 on a fault."""
    text = (PLANS_DIR / "2026.yaml").read_text("utf-8")
    line = text[: text.index("by: 2026-04-20")].count("\n") + 1
    result = runs["validate.bad"]
    assert result.returncode == 1
    assert f"2027.yaml:{line}:" in result.stdout + result.stderr
    assert runs["validate.bundled"].returncode == 0


def test_jsonl_is_written_as_each_is_decided() -> None:
    """product.md: "`--format jsonl` writes, as each is decided, one line per input" — the first answer comes before
    the input ends."""
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
        # one line, stdin left open: its answer comes before anything more is sent
        proc.stdin.write((json.dumps(BASE[2026]) + "\n").encode())
        proc.stdin.flush()
        answers: list[bytes] = []

        def read_one() -> None:
            answers.append(proc.stdout.readline())

        reader = threading.Thread(target=read_one, daemon=True)
        reader.start()
        reader.join(timeout=60)
        assert answers and answers[0], "the first line's answer is not written before the input goes on"
        # then the second
        proc.stdin.write((json.dumps(BATCH[1], ensure_ascii=False) + "\n").encode())
        proc.stdin.flush()
        reader = threading.Thread(target=read_one, daemon=True)
        reader.start()
        reader.join(timeout=60)
        assert len(answers) == 2 and answers[1], "the second line's answer is not written before the input ends"
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
