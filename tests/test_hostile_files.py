"""Files that cannot hurt (issue 10, item 1): the one bounded YAML reader (law/strict_yaml.py) and
the one file reader (inputs/files.py), as the plan loader and the history files use them.

Time and memory are measured in-process (time.perf_counter, tracemalloc) with bounds generous for
a busy machine and far below the failures they guard against (a 540-byte file expanding to
gigabytes; a 36 MB plan read for 171 s in 5.5 GB).
"""

from __future__ import annotations

import os
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr
from gongguan_rules.inputs.files import LIMITS, FileRefused
from gongguan_rules.law.strict_yaml import ALIAS_NODES, MAX_DEPTH, read_yaml
from gongguan_rules.records.history_files import HistoryFileError, load_history_file

SECONDS = 2.0
MEGABYTES = 50
PLANS = Path(__file__).parents[1] / "plans"


def billion_laughs() -> str:
    """10 levels of 10 aliases over a list of 10 strings: 10^11 nodes once expanded, in 547 bytes."""
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefghij", "bcdefghijk", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 10) + "]")
    return "\n".join(lines) + "\n"


@pytest.fixture(autouse=True, scope="module")
def _rules_read_once() -> None:
    """The 管理办法's rules are read on the first load of any plan: not part of what is measured."""
    gr.load_plan(2026)


@contextmanager
def bounded() -> Iterator[None]:
    """Fails unless the block ran in under SECONDS and allocated under MEGABYTES at its peak."""
    tracemalloc.start()
    start = time.perf_counter()
    try:
        yield
    finally:
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < SECONDS, f"took {elapsed:.2f} s"
    assert peak < MEGABYTES * 2**20, f"peaked at {peak / 2**20:.1f} MB"


def refused(call: Callable[[], Any], error: type[BaseException]) -> BaseException:
    with bounded(), pytest.raises(error) as caught:
        call()
    return caught.value


HOSTILE_YAML = {
    "alias bomb": (billion_laughs(), "aliases expand to too many nodes"),
    "self-referencing alias": ("a: &a [1, *a]\n", "refers to a node that holds it"),
    "self-referencing mapping": ("a: &a {b: *a}\n", "refers to a node that holds it"),
    "deep flow nesting": ("[" * 100_000 + "]" * 100_000, f"nested more than {MAX_DEPTH} levels"),
    "deep block nesting": ("".join("  " * i + "-\n" for i in range(60)), f"nested more than {MAX_DEPTH} levels"),
}


def test_the_bomb_is_540_bytes() -> None:
    assert 530 <= len(billion_laughs().encode()) <= 560


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_hostile_yaml_is_a_plan_error_at_once(tmp_path: Path, name: str) -> None:
    """Issue 10: a plan file that would expand without bound is refused with PlanError naming its
    line, in well under a second and a few MB (bounded while composing, before building)."""
    text, words = HOSTILE_YAML[name]
    path = tmp_path / "2027.yaml"
    path.write_text(text, encoding="utf-8")
    error = refused(lambda: gr.load_plan(path), gr.PlanError)
    assert words in str(error) and str(error).startswith(f"{path}:")


@pytest.mark.parametrize("name", sorted(HOSTILE_YAML))
def test_hostile_yaml_in_a_history_file(tmp_path: Path, name: str) -> None:
    """The history files read YAML through the same reader: HistoryFileError naming the line."""
    text, words = HOSTILE_YAML[name]
    path = tmp_path / "past.yaml"
    path.write_text(text, encoding="utf-8")
    error = refused(lambda: load_history_file(path), HistoryFileError)
    assert words in str(error)


def test_hostile_yaml_in_an_input_file_for_the_command_line(tmp_path: Path) -> None:
    """Input files (applications for `gongguan-rules evaluate`) go through the same reader too."""
    from gongguan_rules.cli.common import FileFaults
    from gongguan_rules.cli.items import read_items

    path = tmp_path / "apps.yaml"
    path.write_text(billion_laughs(), encoding="utf-8")
    error = refused(lambda: read_items(path), FileFaults)
    assert "aliases expand to too many nodes" in str(error)


def test_aliases_within_bounds_still_read() -> None:
    """Aliases are YAML: sharing a recommender across items reads as before; the bound is on what
    they add (ALIAS_NODES, or the document's own size when larger)."""
    items = "".join(f"- {{id: a{i}, recommender: *r}}\n" for i in range(3000))
    located = read_yaml("- &r {name: 天津市宝坻区市场监督管理局, kind: district_market_regulator}\n" + items)
    assert located.faults == []
    assert located.data[3000]["recommender"]["kind"] == "district_market_regulator"
    assert ALIAS_NODES >= 10_000


def test_a_lone_surrogate_or_a_huge_integer_in_yaml_is_a_fault_of_its_line() -> None:
    """Written as escapes, they would later make a decision that cannot be serialised, or raise."""
    located = read_yaml('number: "津市场监管质发〔2026〕\\ud800号"\nbar: ' + "9" * 5000 + "\n")
    assert [(f.line, f.code) for f in located.faults] == [(1, "yaml_value"), (2, "yaml_value")]
    assert "lone surrogate" in located.faults[0].message


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("    number: 津市场监管质发〔2026〕2号", '    number: "津市场监管质发〔2026〕\\ud800号"', "lone surrogate"),
        ("  regulation_governs: true", "  regulation_governs: true\n  bar_years: 100000000000000000000", "bar_years"),
        ("  regulation_governs: true", "  regulation_governs: true\n  fuzzy: {month_margin_days: 99999999}", "fuzzy"),
    ],
)
def test_a_plan_that_could_not_be_evaluated_is_refused_at_load(tmp_path: Path, old: str, new: str, words: str) -> None:
    """Issue 10: a document number with a lone surrogate, an unbounded bar_years or margin: PlanError
    at load, not a failure at the first evaluation."""
    text = (PLANS / "2026.yaml").read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "2026-broken.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    error = refused(lambda: gr.load_plan(path), gr.PlanError)
    assert words in str(error)


def test_a_36_mb_plan_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """Issue 10: a 36 MB plan took 171 s and 5.5 GB; now it is refused by its size, unread."""
    path = tmp_path / "2027.yaml"
    with path.open("wb") as handle:
        handle.truncate(36 * 2**20)
    error = refused(lambda: gr.load_plan(path), gr.PlanError)
    assert "file too large" in str(error) and "36.0 MiB" in str(error)
    assert LIMITS["plan"] < 36 * 2**20


def test_non_regular_files_are_refused_at_once(tmp_path: Path) -> None:
    """A FIFO nobody writes to (reading it would block forever), /dev/zero (endless), a directory:
    refused at once as plans (PlanError, also an InputError naming plan) and as history files."""
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero"), tmp_path):
        error = refused(lambda p=path: gr.load_plan(p), gr.PlanError)
        assert isinstance(error, gr.InputError)
        refused(lambda p=path: load_history_file(p), FileRefused)


def test_a_history_csv_mixing_encodings_is_refused_naming_its_line(tmp_path: Path) -> None:
    """Issue 10: UTF-8 rows with one GB18030 row pasted in were decoded whole as GB18030, turning
    every name into garbage (and an ineligible application eligible). Now the file is refused,
    naming the first line that is not UTF-8."""
    path = tmp_path / "past.csv"
    rows = ["统一社会信用代码,申报单位名称,项目名称", "91120116MA05K3T7XB,天津某焊材有限公司,降低药芯焊丝焊接飞溅率"]
    pasted = "91120224064012553U,天津某电缆有限公司,提高电缆绝缘层偏心度合格率"
    path.write_bytes("\n".join(rows).encode() + b"\n" + pasted.encode("gb18030") + b"\n")
    error = refused(lambda: load_history_file(path, kind="立项"), HistoryFileError)
    assert error.line == 3  # type: ignore[attr-defined]
    assert "line 3 is not UTF-8" in str(error)


def test_a_whole_gb18030_history_csv_still_reads(tmp_path: Path) -> None:
    """What Chinese spreadsheets save (2021 附表 in GB18030, 三（一）) reads as before."""
    path = tmp_path / "past.csv"
    text = "统一社会信用代码,申报单位名称,项目名称\n91120116MA05K3T7XB,天津某焊材有限公司,降低药芯焊丝焊接飞溅率\n"
    path.write_bytes(text.encode("gb18030"))
    [record] = load_history_file(path, kind="立项")
    assert record["unit"] == "天津某焊材有限公司"


def test_history_files_keep_the_office_date_forms(tmp_path: Path) -> None:
    """The history files are office files like the 汇总表: 2026/4/18 and 2026年4月18日 read there
    (and come out as ISO dates, the only text dates the API reads)."""
    path = tmp_path / "past.csv"
    path.write_text(
        "申报单位名称,项目名称,日期,类型\n甲公司,项目一,2021/4/8,立项\n乙公司,项目二,2021年4月18日,立项\n",
        encoding="utf-8",
    )
    assert [r["date"] for r in load_history_file(path)] == ["2021-04-08", "2021-04-18"]
