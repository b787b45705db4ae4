"""Every exit code the command line gives is the one docs/cli.md documents (issue 10, item 4).

A table of probes, each with its documented code: bad arguments (2); missing, unreadable and
non-regular files (2); bad JSON and YAML (2); bad items (1, the batch goes on); unknown plans and
faulty plan files (2; validate and explain: 1); --fail-on (3); a table's unknown columns (5).
No probe may exit 4 (internal error) or print a traceback. The codes themselves are read from
docs/cli.md's table, so code and docs cannot drift apart.
"""

from __future__ import annotations

import io
import json
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from gongguan_rules.cli.common import EXIT_CODES
from gongguan_rules.cli.main import main
from tables_support import sheet_rows, write_csv, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "application-2026.yaml")
BATCH = str(ROOT / "tests" / "fixtures" / "cli" / "batch.yaml")
APP = json.loads(json.dumps({"project": {"name": "降低飞溅率"}}))


def _documented() -> dict[int, str]:
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    section = text.split("## 退出码 / Exit codes")[1].split("\n## ")[0]
    return {int(m.group(1)): m.group(2) for m in re.finditer(r"^\| (\d) \| (.+) \|$", section, re.M)}


def test_exit_codes_are_documented() -> None:
    """docs/cli.md's table lists exactly the codes of EXIT_CODES (shown by --help)."""
    assert set(_documented()) == set(EXIT_CODES)


Make = Callable[[Path], list[str]]


def _write(path: Path, text: str | bytes) -> str:
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return str(path)


def _plan_2027(tmp: Path, broken: bool) -> str:
    text = (ROOT / "plans" / "2026.yaml").read_text(encoding="utf-8").replace("2026", "2027")
    if broken:
        text = text.replace("territory: 天津市\n", "territory: 天津市\nterritory: 天津市\n", 1)
    return _write(tmp / "2027.yaml", text)


def _fifo(tmp: Path) -> str:
    path = tmp / "fifo.jsonl"
    os.mkfifo(path)
    return str(path)


def _table(tmp: Path, extra: str | None = None) -> str:
    rows = sheet_rows()
    if extra is not None:
        rows[3] = [*rows[3], extra]
    return write_csv(tmp / "汇总表.csv", rows).as_posix()


def _jsonl(tmp: Path, lines: list[str]) -> str:
    return _write(tmp / "items.jsonl", "\n".join(lines) + "\n")


GOOD = json.dumps(APP, ensure_ascii=False)

#: (id, arguments built in a temporary folder, standard input or None, the documented code)
PROBES: list[tuple[str, Make, bytes | None, int]] = [
    # bad arguments
    ("no command", lambda t: [], None, 2),
    ("unknown command", lambda t: ["frobnicate"], None, 2),
    ("evaluate without FILE", lambda t: ["evaluate"], None, 2),
    ("bad --lang", lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--lang", "fr"], None, 2),
    ("bad --format", lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--format", "xml"], None, 2),
    ("bad --fail-on", lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--fail-on", "maybe"], None, 2),
    ("impossible --as-of", lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--as-of", "2026-13-01"], None, 2),
    ("bad --output type", lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--output", str(t / "r.txt")], None, 2),
    ("diff with one plan", lambda t: ["diff", "2025"], None, 2),
    ("impact without --from", lambda t: ["impact", _table(t), "--to", "2026"], None, 2),
    ("explain without id", lambda t: ["explain"], None, 2),
    ("unknown schema", lambda t: ["schema", "nosuch"], None, 2),
    ("--version", lambda t: ["--version"], None, 0),
    ("--help", lambda t: ["--help"], None, 0),
    ("evaluate --help", lambda t: ["evaluate", "--help"], None, 0),
    ("application without --plan", lambda t: ["evaluate", EXAMPLE], None, 2),
    # files: missing, unreadable, not regular
    ("missing input", lambda t: ["evaluate", str(t / "none.yaml"), "--plan", "2026"], None, 2),
    ("input is a directory", lambda t: ["evaluate", str(t), "--plan", "2026"], None, 2),
    (
        "input is a directory named .yaml",
        lambda t: ["evaluate", str((t / "d.yaml").mkdir() or t / "d.yaml"), "--plan", "2026"],
        None,
        2,
    ),
    ("input is a FIFO", lambda t: ["evaluate", _fifo(t), "--plan", "2026"], None, 2),
    (
        "input is /dev/null",
        lambda t: ["evaluate", str((t / "n.json").symlink_to("/dev/null") or t / "n.json"), "--plan", "2026"],
        None,
        2,
    ),
    ("unsupported input type", lambda t: ["evaluate", str(ROOT / "README.md"), "--plan", "2026"], None, 2),
    ("not a workbook", lambda t: ["evaluate", _write(t / "x.xlsx", b"PK\x03\x04junk"), "--plan", "2026"], None, 2),
    (
        "mixed-encoding CSV",
        lambda t: [
            "evaluate",
            _write(t / "m.csv", "项目名称,所在区\n甲,宝坻区\n".encode() + "乙,南开区\n".encode("gb18030")),
            "--plan",
            "2026",
        ],
        None,
        2,
    ),
    ("CSV without a header", lambda t: ["evaluate", _write(t / "e.csv", "\n\n"), "--plan", "2026"], None, 2),
    ("missing history", lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--history", str(t / "h.csv")], None, 2),
    ("history is a directory", lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--history", str(t)], None, 2),
    (
        "history with an unknown column",
        lambda t: [
            "evaluate",
            EXAMPLE,
            "--plan",
            "2026",
            "--history",
            _write(t / "h.csv", "类型,项目名称,项目编码\n立项,甲,1\n"),
        ],
        None,
        2,
    ),
    ("missing plan file", lambda t: ["evaluate", EXAMPLE, "--plan", str(t / "p.yaml")], None, 2),
    ("plan file is a directory", lambda t: ["evaluate", EXAMPLE, "--plan", str(t)], None, 2),
    # bad JSON and YAML
    ("invalid JSON", lambda t: ["evaluate", _write(t / "a.json", '{"a": 1,'), "--plan", "2026"], None, 2),
    ("JSON scalar", lambda t: ["evaluate", _write(t / "a.json", "3"), "--plan", "2026"], None, 2),
    (
        "JSON nested too deeply",
        lambda t: ["evaluate", _write(t / "a.json", "[" * 100_000 + "]" * 100_000), "--plan", "2026"],
        None,
        2,
    ),
    ("invalid YAML", lambda t: ["evaluate", _write(t / "a.yaml", "a: [1,\n"), "--plan", "2026"], None, 2),
    (
        "YAML duplicate key",
        lambda t: ["evaluate", _write(t / "a.yaml", "project: {}\nproject: {}\n"), "--plan", "2026"],
        None,
        2,
    ),
    ("YAML scalar", lambda t: ["evaluate", _write(t / "a.yaml", "just text\n"), "--plan", "2026"], None, 2),
    ("stdin not JSON", lambda t: ["evaluate", "-", "--plan", "2026"], b"nope\n", 2),
    ("stdin empty", lambda t: ["evaluate", "-", "--plan", "2026"], b"", 2),
    ("stdin JSON object", lambda t: ["evaluate", "-", "--plan", "2026"], GOOD.encode(), 0),
    (
        "stdin JSON Lines",
        lambda t: ["evaluate", "-", "--plan", "2026", "--format", "jsonl"],
        f"{GOOD}\n{GOOD}\n".encode(),
        0,
    ),
    (
        "stdin JSON Lines with a bad line",
        lambda t: ["evaluate", "-", "--plan", "2026", "--format", "jsonl"],
        f"{GOOD}\nnope\n{GOOD}\n".encode(),
        1,
    ),
    # bad items: reported on their own, the batch goes on
    ("JSONL with a bad line", lambda t: ["evaluate", _jsonl(t, [GOOD, "{bad", GOOD]), "--plan", "2026"], None, 1),
    (
        "JSONL with a non-UTF-8 line",
        lambda t: [
            "evaluate",
            _write(t / "g.jsonl", f"{GOOD}\n".encode() + '{"a": "甲"}\n'.encode("gb18030")),
            "--plan",
            "2026",
        ],
        None,
        1,
    ),
    (
        "JSONL with U+2028 inside a line",
        lambda t: [
            "evaluate",
            _jsonl(t, [json.dumps({"project": {"name": "甲\u2028乙"}}, ensure_ascii=False), GOOD]),
            "--plan",
            "2026",
        ],
        None,
        0,
    ),
    ("item not a mapping", lambda t: ["evaluate", _write(t / "a.yaml", "- 3\n- {}\n"), "--plan", "2026"], None, 1),
    (
        "item with an unknown enum value",
        lambda t: ["evaluate", _write(t / "a.yaml", "- project: {direction: sideways}\n"), "--plan", "2026"],
        None,
        1,
    ),
    (
        "item with an impossible date",
        lambda t: ["evaluate", _write(t / "a.yaml", "- recommended_on: 2026-02-30\n"), "--plan", "2026"],
        None,
        1,
    ),
    ("event of unknown kind", lambda t: ["evaluate", _write(t / "e.json", '[{"kind": "frob"}]')], None, 1),
    ("event without plan, year or date", lambda t: ["evaluate", _write(t / "e.json", '[{"kind": "推荐"}]')], None, 1),
    (
        "event of a year without a plan",
        lambda t: ["evaluate", _write(t / "e.json", '[{"kind": "推荐", "year": 2099}]')],
        None,
        1,
    ),
    # plans
    ("unknown plan year", lambda t: ["evaluate", EXAMPLE, "--plan", "2031"], None, 2),
    ("faulty plan file", lambda t: ["evaluate", EXAMPLE, "--plan", _plan_2027(t, True)], None, 2),
    ("plan file of a new year", lambda t: ["evaluate", EXAMPLE, "--plan", _plan_2027(t, False)], None, 0),
    ("validate a faulty plan", lambda t: ["validate", _plan_2027(t, True)], None, 1),
    ("validate a missing file", lambda t: ["validate", str(t / "none.yaml")], None, 1),
    ("diff with an unknown year", lambda t: ["diff", "2025", "2099"], None, 2),
    ("explain an unknown rule", lambda t: ["explain", "reg.art25.debarmant"], None, 1),
    ("explain under an unknown plan", lambda t: ["explain", "plan.recommender", "--plan", "2099"], None, 2),
    # --fail-on, and 1 before 5 before 3
    ("fail-on ineligible met", lambda t: ["evaluate", BATCH, "--plan", "2026", "--fail-on", "ineligible"], None, 3),
    ("fail-on review met", lambda t: ["evaluate", BATCH, "--plan", "2026", "--fail-on", "review"], None, 3),
    (
        "fail-on ineligible, eligible only",
        lambda t: ["evaluate", EXAMPLE, "--plan", "2026", "--fail-on", "ineligible"],
        None,
        0,
    ),
    (
        "fail-on with an unreadable item",
        lambda t: [
            "evaluate",
            _write(t / "a.yaml", "- 3\n- project: {name: x}\n"),
            "--plan",
            "2026",
            "--fail-on",
            "review",
        ],
        None,
        1,
    ),
    # tables
    ("table", lambda t: ["evaluate", _table(t), "--plan", "2026"], None, 0),
    (
        "xlsx table written back",
        lambda t: [
            "evaluate",
            str(write_xlsx(t / "t.xlsx", sheet_rows())),
            "--plan",
            "2026",
            "--output",
            str(t / "r.xlsx"),
        ],
        None,
        0,
    ),
    ("table with an unknown column", lambda t: ["evaluate", _table(t, "项目编码"), "--plan", "2026"], None, 5),
    (
        "unknown column allowed",
        lambda t: ["evaluate", _table(t, "项目编码"), "--plan", "2026", "--allow-unknown-columns"],
        None,
        0,
    ),
    (
        "unknown column and fail-on met",
        lambda t: ["evaluate", _table(t, "项目编码"), "--plan", "2026", "--fail-on", "ineligible"],
        None,
        5,
    ),
    ("impact", lambda t: ["impact", _table(t), "--from", "2025", "--to", "2026"], None, 0),
    ("impact with an unknown plan", lambda t: ["impact", _table(t), "--from", "2025", "--to", "2099"], None, 2),
    (
        "impact table with an unknown column",
        lambda t: ["impact", _table(t, "项目编码"), "--from", "2025", "--to", "2026"],
        None,
        5,
    ),
    (
        "impact with a bad item",
        lambda t: ["impact", _write(t / "a.yaml", "- 3\n- {}\n"), "--from", "2025", "--to", "2026"],
        None,
        1,
    ),
]


@pytest.mark.parametrize(("probe", "make", "stdin", "code"), PROBES, ids=[p[0] for p in PROBES])
def test_exit_code(
    probe: str,
    make: Make,
    stdin: bytes | None,
    code: int,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The probe exits with its documented code, one clear line per fault, never a traceback."""
    args = make(tmp_path)
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    monkeypatch.chdir(tmp_path)
    got = main(args)
    _, err = capsys.readouterr()
    assert got == code, f"{probe}: exit {got}, documented {code}\n{err}"
    assert code in _documented()
    assert "Traceback" not in err and "内部错误" not in err


def test_enough_probes() -> None:
    """At least 45 probes (issue 10 item 4), covering every documented code."""
    assert len(PROBES) >= 45
    assert {code for *_, code in PROBES} >= set(EXIT_CODES) - {4}
