"""The command line ``gongguan-rules`` (``python -m gongguan_rules``): validate, diff, evaluate,
explain, schema and plans.

Each test names the clause it exercises. Most run ``main([...])`` in-process (capsys); the
``_run`` tests start a real subprocess, so that the module entry point, the exit code and the
absence of a traceback are checked as a user meets them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

import gongguan_rules as gr
from gongguan_rules.cli.common import EXIT_CODES
from gongguan_rules.cli.main import main
from gongguan_rules.law.diff import PlanChange, diff_plans

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "cli"
EXAMPLE = ROOT / "examples" / "application-2026.yaml"
BUNDLED = tuple(str(year) for year in gr.available_plans())
#: The document each bundled year is published as (the plans we hold the texts of).
PUBLISHED = {
    2019: "2019年滨海新区质量攻关活动方案",
    2021: "津质量组办〔2021〕1号",
    2025: "津滨市场监管质监〔2025〕4号",
    2026: "津市场监管质发〔2026〕2号",
}


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [sys.executable, "-m", "gongguan_rules", *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _where(text: str, needle: str, at: str | None = None) -> str:
    """``line:col`` (1-based) of ``at`` inside the first line containing ``needle``."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return f"{number}:{line.index(at if at is not None else needle) + 1}"
    raise AssertionError(f"{needle!r} not in the text")


# --------------------------------------------------------------------------------------------
# validate


def test_validate_bundled_plans(capsys: pytest.CaptureFixture[str]) -> None:
    """validate: every bundled plan (gr.available_plans()) is clean; 管理办法 第九条 and a deadline
    on a rest day give at most a warning, never a fault."""
    from gongguan_rules.law.data_files import plans_dir

    years = [str(year) for year in gr.available_plans()]
    code, out, err = _cli(capsys, "validate", *years)
    assert code == 0, out + err
    assert [line for line in out.splitlines() if line.startswith("ok: ")] == [
        f"ok: {plans_dir() / f'{year}.yaml'}" for year in years
    ]
    assert all(line.startswith(("ok: ", "warning: ")) for line in out.splitlines()), out
    assert err == ""


def test_validate_bundled_plan_files_subprocess() -> None:
    """validate by path in a real process: plans/*.yaml are clean (exit 0)."""
    files = [f"plans/{year}.yaml" for year in BUNDLED]
    result = _run("validate", *files)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert [line for line in lines if not line.startswith("warning: ")] == [f"ok: {f}" for f in files]


def _plan_2027() -> str:
    """A next year's plan as its author would start it: 2026's file with the year moved on."""
    return (ROOT / "plans" / "2026.yaml").read_text(encoding="utf-8").replace("2026", "2027")


def _break_yaml(text: str) -> str:
    """A duplicate key (strict YAML)."""
    return text.replace("territory: 天津市\n", "territory: 天津市\nterritory: 天津市\n", 1)


def _break_schema(text: str) -> str:
    """A misspelt key ``clauess`` and an impossible date 2027-02-30."""
    text = text.replace("issued_on: 2027-03-23", "issued_on: 2027-02-30", 1)
    return text.replace("\nclauses:\n", "\nclauess: []\nclauses:\n", 1)


def _break_semantics(text: str) -> str:
    """An unknown check and an unknown schedule step."""
    text = text.replace("check: dates_in_order", "check: dates_in_ordr", 1)
    return text.replace("params: {step: recommend_by_0420}", "params: {step: recommend_by_042}", 1)


def test_validate_next_years_plan_is_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate: the 2027 starting point the broken plans below are made from is itself clean."""
    path = tmp_path / "2027.yaml"
    path.write_text(_plan_2027(), encoding="utf-8")
    code, out, _ = _cli(capsys, "validate", str(path))
    assert code == 0, out
    assert out.splitlines()[-1] == f"ok: {path}"


def test_validate_duplicate_key(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate, strict YAML: a duplicate key is a fault at file:line:col, naming the first line."""
    text = _break_yaml(_plan_2027())
    path = tmp_path / "2027.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = _cli(capsys, "validate", str(path))
    assert code == 1
    first = text.splitlines().index("territory: 天津市") + 1
    assert f"{path}:{first + 1}:1: " in out
    assert "duplicate key 'territory'" in out
    assert f"first at line {first}" in out
    assert "ok:" not in out


def test_validate_misspelt_key_and_impossible_date(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate, plan schema: the misspelt key ``clauess`` (did you mean 'clauses'?) and the
    impossible date 2027-02-30 are both reported, each at file:line:col."""
    text = _break_schema(_plan_2027())
    path = tmp_path / "2027.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = _cli(capsys, "validate", str(path))
    assert code == 1
    lines = out.splitlines()
    clauess = next(line for line in lines if "clauess" in line)
    assert clauess.startswith(f"{path}:{_where(text, 'clauess:')}: ")
    assert "did you mean 'clauses'?" in clauess
    date = next(line for line in lines if "issued_on" in line)
    assert date.startswith(f"{path}:{_where(text, 'issued_on: 2027-02-30', '2027-02-30')}: ")
    assert "documents[0].issued_on" in date


def test_validate_unknown_check_and_step(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """validate, load-time checks (style practice 5): an unknown check and a schedule_step naming
    an unknown step (2026 四（一）) are both reported with a did-you-mean."""
    text = _break_semantics(_plan_2027())
    path = tmp_path / "2027.yaml"
    path.write_text(text, encoding="utf-8")
    code, out, _ = _cli(capsys, "validate", str(path))
    assert code == 1
    lines = out.splitlines()
    check = next(line for line in lines if "dates_in_ordr" in line)
    assert check.startswith(f"{path}:{_where(text, 'check: dates_in_ordr', 'dates_in_ordr')}: ")
    assert "did you mean 'dates_in_order'?" in check
    step = next(line for line in lines if "recommend_by_042'" in line)
    assert step.startswith(f"{path}:{_where(text, '{step: recommend_by_042}', 'recommend_by_042')}: ")
    assert "did you mean 'recommend_by_0420'?" in step
    assert lines[-1].startswith("共 2 处错误")


def test_validate_every_fault_at_once(tmp_path: Path) -> None:
    """validate: one plan file with a duplicate key, the misspelt key ``clauess``, the impossible
    date 2027-02-30, an unknown check and an unknown step lists all five faults at once."""
    text = _break_semantics(_break_schema(_break_yaml(_plan_2027())))
    path = tmp_path / "2027.yaml"
    path.write_text(text, encoding="utf-8")
    result = _run("validate", str(path))
    assert result.returncode == 1
    for needle in ("duplicate key 'territory'", "'clauses'?", "issued_on", "'dates_in_order'?", "'recommend_by_0420'?"):
        assert needle in result.stdout, needle


def test_validate_missing_file_and_usage(capsys: pytest.CaptureFixture[str]) -> None:
    """validate: a file that does not exist is a fault (exit 1); no file at all is a usage error
    (exit 2, one line)."""
    code, out, _ = _cli(capsys, "validate", "no/such/plan.yaml")
    assert code == 1
    assert "no/such/plan.yaml: 文件不存在 / file not found" in out
    code, _, err = _cli(capsys, "validate")
    assert code == 2
    assert len(err.splitlines()) == 1


# --------------------------------------------------------------------------------------------
# diff


def _changes(capsys: pytest.CaptureFixture[str], a: str, b: str) -> list[dict[str, Any]]:
    code, out, err = _cli(capsys, "diff", a, b, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert isinstance(data, list)
    return data


def _one(changes: list[dict[str, Any]], change_id: str) -> dict[str, Any]:
    found = [c for c in changes if c["id"] == change_id]
    assert len(found) == 1, (change_id, [c["id"] for c in changes])
    return found[0]


def test_diff_json_start_window_and_recommenders(capsys: pytest.CaptureFixture[str]) -> None:
    """diff 2025 2026 (JSON): the 2026 start-date window 一（三） is added; the recommenders
    (2025 四 → 2026 四（一）) changed, with the citations of both sides."""
    changes = _changes(capsys, "2025", "2026")
    window = _one(changes, "plan.eligibility.start_window")
    assert (window["section"], window["change"], window["before"]) == ("windows", "added", None)
    assert window["after"]["params"]["earliest"] == "2024-01-01"
    assert window["after"]["citations"] == [
        {"document": "津市场监管质发〔2026〕2号", "article": "一", "item": "（三）"}
    ]

    recommenders = _one(changes, "plan.recommender")
    assert (recommenders["section"], recommenders["change"]) == ("recommenders", "changed")
    assert recommenders["before"]["citations"] == [{"document": "津滨市场监管质监〔2025〕4号", "article": "四"}]
    assert recommenders["after"]["citations"] == [
        {"document": "津市场监管质发〔2026〕2号", "article": "四", "item": "（一）"}
    ]
    allowed = next(f for f in recommenders["fields"] if f["field"] == "params.allowed")
    assert set(allowed["added"]) == {"city_industry_authority", "industry_association", "district_market_regulator"}
    assert set(allowed["removed"]) == {"zone_market_regulator", "market_regulation_office"}

    # 第六条 binds the 2026 city plan, not the 2025 district plan (product.md, "Which text governs").
    art6 = _one(changes, "reg.art6.recommender")
    assert art6["fields"] == [{"field": "applies", "before": False, "after": True, "added": None, "removed": None}]
    assert "not_applicable" in art6["before"] and "not_applicable" not in art6["after"]


def test_diff_json_deadlines_sectors_duplication(capsys: pytest.CaptureFixture[str]) -> None:
    """diff 2025 2026 (JSON): 六（四）4月16日前 → 四（一）4月20日前 (steps paired by stage); focus
    sectors 三 changed; the any-past-project duplication clause 六（三） removed; territory."""
    changes = _changes(capsys, "2025", "2026")
    step = _one(changes, "recommend_by_0420")
    assert (step["section"], step["change"], step["matched_by"]) == ("deadlines", "changed", "stage")
    assert step["before"]["timing"]["by"] == "2025-04-16" and step["after"]["timing"]["by"] == "2026-04-20"
    deadline = _one(changes, "plan.deadline.recommended")
    assert deadline["before"]["citations"][0]["item"] == "（四）"
    assert deadline["after"]["citations"][0]["item"] == "（一）"
    sectors = _one(changes, "plan.focus_sectors")
    assert sectors["section"] == "sectors"
    assert "脑机接口" in next(f for f in sectors["fields"] if f["field"] == "params.sectors")["added"]
    removed = _one(changes, "plan.project_duplication")
    assert (removed["section"], removed["change"]) == ("duplication", "removed")
    assert _one(changes, "territory")["fields"][0] == {
        "field": "territory",
        "before": "滨海新区",
        "after": "天津市",
        "added": None,
        "removed": None,
    }
    for change in changes:
        PlanChange.model_validate(change)


def test_diff_text_sections(capsys: pytest.CaptureFixture[str]) -> None:
    """diff 2025 2026 (text): grouped under the seven headings; the start-date window 一（三）
    added under 启动时间窗口; the recommenders with 出处 before and after."""
    code, out, _ = _cli(capsys, "diff", "2025", "2026")
    assert code == 0
    headings = [line for line in out.splitlines() if line.startswith("== ")]
    assert headings == [
        "== 申报条件 / eligibility ==",
        "== 重点领域 / focus sectors ==",
        "== 推荐单位 / recommenders ==",
        "== 时间要求 / deadlines and schedule ==",
        "== 启动时间窗口 / start-date windows ==",
        "== 雷同范围 / duplication scope ==",
        "== 其他 / other ==",
    ]
    windows = out.split("== 启动时间窗口 / start-date windows ==")[1].split("== ")[0]
    assert "+ 新增 added  plan.eligibility.start_window" in windows
    assert "出处 after: 津市场监管质发〔2026〕2号 一（三）" in windows
    recommenders = out.split("== 推荐单位 / recommenders ==")[1].split("== ")[0]
    block = recommenders.split("plan.recommender  ")[1].split("\n~ ")[0].split("\n+ ")[0]
    assert "出处 before: 津滨市场监管质监〔2025〕4号 四" in block
    assert "出处 after: 津市场监管质发〔2026〕2号 四（一）" in block


def test_diff_from_python_and_files() -> None:
    """plan_diff.diff_plans: a plan against itself has no change; files and years agree; 2021 →
    2026 brings the 管理办法 into force (第二十七条) and the 2021 topic types (附表) go."""
    p2021, p2026 = gr.load_plan(2021), gr.load_plan(2026)
    assert diff_plans(p2026, p2026) == []
    assert diff_plans(p2026, gr.load_plan(ROOT / "plans" / "2026.yaml")) == []
    changes = {c.id: c for c in diff_plans(p2021, p2026)}
    assert changes["plan.topic_type"].change == "removed"
    assert changes["readings.regulation_governs"].fields[0].after is True
    assert changes["reg.art8.1.unit_type"].fields[0].field == "applies"


def test_diff_unknown_year_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    """diff: a year with no bundled plan is a usage error on one line (exit 2)."""
    code, out, err = _cli(capsys, "diff", "2025", "2099")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1
    assert "no bundled plan for 2099" in err


# --------------------------------------------------------------------------------------------
# evaluate


def test_evaluate_single_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate one application (examples/application-2026.yaml) against 2026: eligible, every
    clause from 一（一） to 四（一） satisfied; no progress bar, no summary for a single item."""
    code, out, err = _cli(capsys, "evaluate", str(EXAMPLE), "--plan", "2026")
    assert code == 0, err
    assert out.startswith("结论：符合申报条件（eligible）")
    assert "汇总 / summary" not in out
    assert err == ""
    code, out, _ = _cli(capsys, "evaluate", str(EXAMPLE), "--plan", "2026", "--lang", "en")
    assert out.startswith("Outcome: eligible")


def test_evaluate_single_yaml_subprocess() -> None:
    """evaluate in a real process, JSON out: one object whose decision reads back equal."""
    result = _run("evaluate", "examples/application-2026.yaml", "--plan", "2026", "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["index"] == 1 and "input_id" not in data
    decision = gr.Decision.model_validate(data["decision"])
    assert decision.outcome == "eligible"
    assert decision.model_dump(mode="json") == data["decision"]


def _summary(out: str) -> dict[str, int]:
    """The summary table as {outcome: count, "rule:fail": n, "rule:review": n}."""
    counts = {}
    for line in out.split("汇总 / summary")[1].splitlines():
        match = re.fullmatch(r"  (\S.*?)\s{2,}(\d+)(?:\s+(\d+))?", line)
        if match is None:
            continue
        label, first, second = match.groups()
        if second is None:
            counts[label] = int(first)
        else:
            counts[f"{label}:fail"], counts[f"{label}:review"] = int(first), int(second)
    return counts


def test_evaluate_batch_yaml(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate a YAML list: one decision each, then the summary table: 四（一） 4月20日前 missed
    (ineligible), 一（三） start date absent (review)."""
    code, out, err = _cli(capsys, "evaluate", str(FIXTURES / "batch.yaml"), "--plan", "2026")
    assert code == 0, err
    assert "── 1/3  A-001" in out and "── 3/3  A-003" in out
    counts = _summary(out)
    assert counts["eligible"] == counts["ineligible"] == counts["needs_review"] == 1
    assert counts["plan.deadline.recommended:fail"] == 1
    assert counts["plan.eligibility.start_window:review"] == 1


def test_evaluate_batch_yaml_json_round_trip(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate --format json on a batch: an array of {index, input_id, decision}; every decision
    reads back equal with gr.Decision.model_validate, and equals gr.evaluate on the same item."""
    code, out, _ = _cli(capsys, "evaluate", str(FIXTURES / "batch.yaml"), "--plan", "2026", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert [(e["index"], e["input_id"]) for e in data] == [(1, "A-001"), (2, "A-002"), (3, "A-003")]
    import yaml

    items = yaml.safe_load((FIXTURES / "batch.yaml").read_text(encoding="utf-8"))
    for entry, item in zip(data, items, strict=True):
        decision = gr.Decision.model_validate(entry["decision"])
        assert decision.model_dump(mode="json") == entry["decision"]
        item.pop("id")
        assert decision == gr.evaluate(item, 2026)
    assert [e["decision"]["outcome"] for e in data] == ["eligible", "ineligible", "needs_review"]


def test_evaluate_batch_jsonl_with_event(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate JSON Lines: two applications and one event; 2026 一（三） (a project started in
    2023 is ineligible) and the second 第十七条 (results recommended with no approval on record
    are rejected, and 9月30日 四（六） is missed)."""
    code, out, _ = _cli(capsys, "evaluate", str(FIXTURES / "batch.jsonl"), "--plan", "2026", "--format", "json")
    assert code == 0
    data = json.loads(out)
    outcomes = {e["input_id"]: e["decision"]["outcome"] for e in data}
    assert outcomes == {"J-1": "eligible", "J-2": "ineligible", "J-3": "rejected"}
    event = gr.Decision.model_validate(data[2]["decision"])
    assert event.subject == "event"
    assert {f.rule_id for f in event.failed} >= {"reg.art17.results_recommended", "plan.schedule"}
    j2 = gr.Decision.model_validate(data[1]["decision"])
    assert [f.rule_id for f in j2.failed] == ["plan.eligibility.start_window"]


def test_evaluate_batch_csv(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate CSV: the 2021 附表 headers (序号, 申报单位名称（与公章一致）, 统一社会信用代码, 所在区,
    项目名称) and dotted paths; lists split on 、 and |; Chinese enum names; 联系方式 ignored."""
    code, out, err = _cli(capsys, "evaluate", str(FIXTURES / "batch.csv"), "--plan", "2026", "--format", "json")
    assert code == 0, err
    assert err == ""
    data = json.loads(out)
    assert [e["input_id"] for e in data] == ["1", "2"]
    first = gr.Decision.model_validate(data[0]["decision"])
    assert first.outcome == "eligible"
    benefits = first.finding("plan.eligibility.benefits")
    assert benefits is not None and benefits.status == "pass"
    assert sorted(benefits.facts["project.expected_benefits"]) == ["energy_saving", "quality_efficiency"]
    district = first.finding("plan.identity.district")
    assert district is not None and district.facts["applicant.district"] == "宝坻区"
    second = gr.Decision.model_validate(data[1]["decision"])
    assert [f.rule_id for f in second.failed] == ["plan.deadline.recommended"]


def test_evaluate_csv_unknown_column_warns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate CSV: a misspelt column is not silently lost: a warning with a did-you-mean."""
    path = tmp_path / "apps.csv"
    rows = [["统一社会信用代码", "项目名"], ["91120224064012553U", "降低药芯焊丝焊接飞溅率"]]
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    code, _, err = _cli(capsys, "evaluate", str(path), "--plan", "2026")
    assert code == 5  # a table with unknown columns: its own exit code (docs/cli.md)
    assert "unknown column '项目名' ignored" in err and "项目名称" in err
    assert f"{path}:1:项目名: " in err
    code, _, _ = _cli(capsys, "evaluate", str(path), "--plan", "2026", "--allow-unknown-columns")
    assert code == 0


def test_evaluate_event_with_history(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate one event (推荐, 2026 四（一） 4月20日前) without --plan (its year is used): with the
    submission on record it is accepted; without it, 四's procedure rejects it."""
    event = str(FIXTURES / "event.yaml")
    code, out, _ = _cli(
        capsys, "evaluate", event, "--history", str(FIXTURES / "history_events.yaml"), "--format", "json"
    )
    assert code == 0
    decision = gr.Decision.model_validate(json.loads(out)["decision"])
    assert (decision.subject, decision.outcome, decision.plan_year) == ("event", "accepted", 2026)
    code, out, _ = _cli(capsys, "evaluate", event)
    assert code == 0
    assert out.startswith("结论：不予接受（rejected）")
    assert "plan.procedure" in out


def test_evaluate_history_file_duplication(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate --history (a records file read by load_history_file): A-001 duplicates a 2025
    excellent result, so 2026 一（三） and 管理办法 第八条（三） fail."""
    code, out, _ = _cli(
        capsys,
        "evaluate",
        str(FIXTURES / "batch.yaml"),
        "--plan",
        "2026",
        "--history",
        str(FIXTURES / "history.yaml"),
        "--format",
        "json",
    )
    assert code == 0
    first = gr.Decision.model_validate(json.loads(out)[0]["decision"])
    assert {f.rule_id for f in first.failed} == {"plan.eligibility.excellent_duplication", "reg.art8.3.duplication"}


def test_evaluate_bad_item_continues(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate a batch with an unreadable item (an unknown 2026 三 direction and the impossible
    date 2024-02-30): one line per field as FILE:item N: field: message, the rest evaluated, exit 1."""
    path = str(FIXTURES / "bad_batch.yaml")
    code, out, err = _cli(capsys, "evaluate", path, "--plan", "2026")
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"{path}:item 2: project.direction: ")
    assert "sideways" in lines[0]
    assert lines[1].startswith(f"{path}:item 2: project.start_date: ")
    assert "── 1/3  B-1" in out and "── 3/3  B-3" in out
    counts = _summary(out)
    assert counts["eligible"] == 2 and counts["无法读取 / unreadable"] == 1

    code, out, _ = _cli(capsys, "evaluate", path, "--plan", "2026", "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [("decision" in e, "error" in e) for e in data] == [(True, False), (False, True), (True, False)]
    assert data[1]["error"][0]["field"] == "project.direction"


def test_evaluate_bad_item_subprocess() -> None:
    """evaluate in a real process: a bad item gives error lines and exit 1, never a traceback."""
    result = _run("evaluate", "tests/fixtures/cli/bad_batch.yaml", "--plan", "2026")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "tests/fixtures/cli/bad_batch.yaml:item 2: project.direction: " in result.stderr
    assert "汇总 / summary: 3 项 / items" in result.stdout


def test_evaluate_fail_on(capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate --fail-on: ineligible (四（一） missed in A-002) exits 3; --fail-on review also
    counts needs_review; without it every evaluated batch exits 0."""
    batch = str(FIXTURES / "batch.yaml")
    assert _cli(capsys, "evaluate", batch, "--plan", "2026", "--fail-on", "ineligible")[0] == 3
    assert _cli(capsys, "evaluate", str(EXAMPLE), "--plan", "2026", "--fail-on", "review")[0] == 0
    assert _cli(capsys, "evaluate", batch, "--plan", "2026")[0] == 0


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["evaluate", "no/such.yaml", "--plan", "2026"], "no such file"),
        (["evaluate", "README.md", "--plan", "2026"], "unsupported file type"),
        (["evaluate", str(EXAMPLE)], "--plan is required"),
        (["evaluate", str(EXAMPLE), "--plan", "2031"], "no bundled plan for 2031"),
        (["evaluate", str(EXAMPLE), "--plan", "2026", "--as-of", "2026-13-01"], "as_of"),
        (["evaluate", str(EXAMPLE), "--plan", "2026", "--history", "no/such.csv"], "history file not found"),
        (["evaluate", str(EXAMPLE), "--plan", "2026", "--lang", "fr"], "invalid choice"),
        (["frobnicate"], "invalid choice"),
        ([], "no command given"),
    ],
)
def test_usage_errors_are_one_line(capsys: pytest.CaptureFixture[str], args: list[str], needle: str) -> None:
    """Bad input gives one clear line on stderr and exit 2, never a traceback."""
    code, out, err = _cli(capsys, *args)
    assert code == 2
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert needle in err
    assert err.startswith("gongguan-rules: ")


def test_bad_json_input_names_line_and_column(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """evaluate .json: invalid JSON is one line with file:line:col (exit 2)."""
    path = tmp_path / "app.json"
    path.write_text('{"applicant": {"name": 1},\n', encoding="utf-8")
    code, _, err = _cli(capsys, "evaluate", str(path), "--plan", "2026")
    assert code == 2
    assert f"{path}:2:1: " in err and len(err.splitlines()) == 1


# --------------------------------------------------------------------------------------------
# explain, schema, plans, help


def test_explain_debarment(capsys: pytest.CaptureFixture[str]) -> None:
    """explain reg.art25.debarment: the 管理办法 第二十五条, its text (5年内不接受其再次申报), and the
    plans it appears in, every bundled one: not applicable where the 管理办法 does not govern
    (2019 and 2021, 第二十七条), binding where it does (2025 and 2026)."""
    code, out, _ = _cli(capsys, "explain", "reg.art25.debarment")
    assert code == 0
    assert "津政办规〔2023〕12号 第二十五条" in out
    assert "5年内不接受其再次申报质量攻关项目" in out
    assert "debarment" in out
    plans = out.split("所在方案 / plans:")[1].splitlines()[1:]
    assert [int(line.split()[0]) for line in plans] == gr.available_plans()
    for line in plans:
        governs = gr.load_plan(int(line.split()[0])).regulation_governs
        assert line.endswith("适用 / binds") if governs else "不适用" in line, line
    binds = {int(line.split()[0]) for line in plans if line.endswith("适用 / binds")}
    assert {2025, 2026} <= binds and not {2019, 2021} & binds


def test_explain_plan_clause_json(capsys: pytest.CaptureFixture[str]) -> None:
    """explain a plan clause (2021 附表 课题类型), found although not in the newest plan, as JSON."""
    code, out, _ = _cli(capsys, "explain", "plan.topic_type", "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["plan"] == 2021
    assert data["citations"] == [{"document": "津质量组办〔2021〕1号", "article": "附表"}]
    assert data["params"] == {"allowed": ["problem_solving", "innovation"]}
    assert [p["year"] for p in data["plans"]] == [2021]


def test_explain_unknown_rule(capsys: pytest.CaptureFixture[str]) -> None:
    """explain an unknown id: one line with a did-you-mean, exit 1."""
    code, out, err = _cli(capsys, "explain", "reg.art25.debarmant")
    assert code == 1 and out == ""
    assert len(err.splitlines()) == 1
    assert "did you mean reg.art25.debarment" in err


def test_schema(capsys: pytest.CaptureFixture[str]) -> None:
    """schema: valid JSON Schemas of the application, event and decision (product.md contract)."""
    code, out, _ = _cli(capsys, "schema")
    assert code == 0
    data = json.loads(out)
    assert set(data) == {"application", "event", "decision"}
    for schema in data.values():
        assert "properties" in schema
        assert schema["$schema"].startswith("https://json-schema.org/")
    assert "applicant" in data["application"]["properties"]
    assert "kind" in data["event"]["required"]
    assert "findings" in data["decision"]["properties"]
    code, out, _ = _cli(capsys, "schema", "event")
    assert json.loads(out) == data["event"]


def test_schema_subprocess() -> None:
    """schema in a real process: the decision schema is valid JSON with properties."""
    result = _run("schema", "decision")
    assert result.returncode == 0
    assert "outcome" in json.loads(result.stdout)["properties"]


def test_plans(capsys: pytest.CaptureFixture[str]) -> None:
    """plans: every bundled year with its document number (2019 by its title, having none)."""
    code, out, _ = _cli(capsys, "plans", "--format", "json")
    assert code == 0
    rows = {row["year"]: row["document"] for row in json.loads(out)}
    assert rows == {year: gr.load_plan(year).document for year in gr.available_plans()}
    assert PUBLISHED.items() <= rows.items()


def test_help_documents_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    """--help (and each command's --help) lists the exit codes; exit 0."""
    code, out, _ = _cli(capsys, "--help")
    assert code == 0
    for number in EXIT_CODES:
        assert f"  {number}  " in out
    code, out, _ = _cli(capsys, "evaluate", "--help")
    assert code == 0 and "--fail-on" in out and "退出码 / exit codes" in out
