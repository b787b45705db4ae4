"""The page at ``/``: a public servant checks one application, in Chinese, without scripts.

首页：工作人员填写表单核查一份申报（无需脚本）；所有取值均转义；接口文档页离线可用。
The browser tests drive Debian's chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

import csv
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

import gongguan_rules as gr
from gongguan_rules.server import create_app
from gongguan_rules.server.page import read_form
from server_support import running

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# The form as a public servant fills it for the application of tests/cases/2026.yaml's base.
FORM: dict[str, Any] = {
    "plan": "2026",
    "history": "none",
    "applicant.name": "天津某焊材有限公司",
    "applicant.credit_code": "91120224064012553U",
    "applicant.org_type": "enterprise",
    "applicant.district": "宝坻区",
    "project.name": "降低药芯焊丝焊接飞溅率",
    "project.sector": "焊材",
    "project.direction": "precision_improvement",
    "project.start_date": "2024-06-01",
    "project.expected_benefits": ["quality_efficiency"],
    "materials": ["application_form", "feasibility_analysis", "expected_results"],
    "declarations.original": "yes",
    "declarations.no_confidential_content": "yes",
    "declarations.truthful": "yes",
    "recommender.name": "天津市宝坻区市场监督管理局",
    "recommender.kind": "district_market_regulator",
    "submitted_to_recommender_on": "2026-04-10",
    "recommended_on": "2026-04-18",
}


@pytest.fixture(scope="module")
def url() -> Iterator[str]:
    with running(create_app()) as base:
        yield base


# ---------------------------------------------------------------------- the form, over HTTP


def test_the_page_is_a_chinese_form_that_posts_to_the_server(url: str) -> None:
    r = httpx.get(url + "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<html lang="zh-CN">' in html
    assert re.search(r'<form method="post" action="/"', html)
    assert "<script" not in html  # nothing to run: the form works without scripts
    assert "http://" not in html and "https://" not in html  # nothing from another host
    for zh in ("企业", "事业单位", "质量精准提升攻关", "问题解决型", "区市场监管局", "提质增效", "申报书"):
        assert zh in html


def test_read_form_leaves_empty_fields_out() -> None:
    assert read_form({"applicant.name": "  ", "materials": [], "declarations.truthful": ""}) == {}
    assert read_form({"declarations.truthful": "no", "project.expected_benefits": ["energy_saving"]}) == {
        "declarations": {"truthful": False},
        "project": {"expected_benefits": ["energy_saving"]},
    }


def test_the_decision_shown_is_the_librarys(url: str) -> None:
    r = httpx.post(url + "/", data=FORM)
    assert r.status_code == 200
    decision = gr.evaluate(read_form(FORM), 2026, history=[])
    assert decision.outcome == "eligible"
    assert 'data-outcome="eligible"' in r.text and "符合申报条件" in r.text
    for finding in decision.findings:
        assert f'data-rule="{finding.rule_id}"' in r.text
        assert finding.citations[0].label() in r.text


def test_a_missed_deadline_is_shown_with_its_citation(url: str) -> None:
    # 津市场监管质发〔2026〕2号 四（一）: 于4月20日前报送 — 4月21日 is late
    r = httpx.post(url + "/", data={**FORM, "recommended_on": "2026-04-21"})
    assert 'data-outcome="ineligible"' in r.text
    assert "津市场监管质发〔2026〕2号 四（一）" in r.text


def test_remedies_are_shown_beside_their_findings(url: str) -> None:
    # 津政办规〔2023〕12号 第十条: 申报材料应包括可行性分析、预期成效 — missing, and curable before 4月20日
    # (no 申报书 listed either: with it, 2026 四（一） makes the items its contents, review not fail)
    form = {**FORM, "materials": ["expected_results"]}
    r = httpx.post(url + "/", data=form)
    decision = gr.evaluate(read_form(form), 2026, history=[])
    finding = decision.finding("reg.art10.materials")
    assert finding is not None and finding.status == "fail" and finding.remedy is not None
    assert "补正建议" in r.text
    row = re.search(r'<tr class="fail" data-rule="reg.art10.materials">(.*?)</tr>', r.text, re.S)
    assert row is not None and finding.remedy.message("zh") in row.group(1)


def test_every_value_is_escaped(url: str) -> None:
    name = '<script>alert("x")</script>'
    r = httpx.post(url + "/", data={**FORM, "applicant.name": name, "project.name": "<b>粗体</b>"})
    assert r.status_code == 200
    assert "<script>" not in r.text and "<b>粗体" not in r.text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in r.text


def test_unreadable_input_is_shown_with_its_field(url: str) -> None:
    r = httpx.post(url + "/", data={**FORM, "project.start_date": "2026-02-30", "applicant.org_type": "<i>公司</i>"})
    assert r.status_code == 422
    assert "project.start_date" in r.text and "applicant.org_type" in r.text
    assert "<i>公司" not in r.text
    assert httpx.post(url + "/", data={**FORM, "plan": "../plans/2026.yaml"}).status_code == 422


# ---------------------------------------------------------------------- a 汇总表 uploaded, the results workbook back

TABLE = Path(__file__).resolve().parent / "fixtures" / "tables" / "汇总表.xls"  # three rows, office headers
CSV_TABLE = (
    "序号,申报单位名称（与公章一致）,统一社会信用代码,所在区,项目名称,单位类型,申报方向,项目启动时间,预期成效,"
    "申报材料,承诺原创,不涉密,真实性承诺,推荐单位,推荐单位类型,提交推荐单位日期,推荐日期\n"
    "1,天津某焊材有限公司,91120224064012553U,宝坻区,降低药芯焊丝焊接飞溅率,企业,质量精准提升攻关,2024-06-01,"
    "提质增效,申报书、可行性分析、预期成效,是,是,是,天津市宝坻区市场监督管理局,区市场监管局,2026-04-10,2026-04-18\n"
    "2,<script>x</script>,91120224064012553U,宝坻区,提高焊丝附着力,企业,质量精准提升攻关,2024-06-01,"
    "提质增效,申报书,是,是,是,天津市宝坻区市场监督管理局,区市场监管局,2026-04-10,2026-04-21\n"
)


def _sheet(content: bytes) -> list[list[Any]]:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def _expected_outcomes(path: Path, plan: int) -> list[str]:
    table = gr.read_applications(str(path))
    decisions = gr.evaluate_many(table.applications, plan, history=[], on_error="collect")
    zh = {"eligible": "符合申报条件", "ineligible": "不符合申报条件", "needs_review": "需人工复核"}
    return [zh[d.outcome.value] for d in decisions if isinstance(d, gr.Decision)]


def test_an_uploaded_table_comes_back_as_the_results_workbook(url: str) -> None:
    form = {"plan": "2026", "history": "none", "format": "xlsx"}
    with TABLE.open("rb") as fh:
        r = httpx.post(url + "/table", data=form, files={"file": ("汇总表.xls", fh, "application/vnd.ms-excel")})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    rows = _sheet(r.content)
    header = rows[0]
    assert header[:3] == ["序号", "申报单位名称（与公章一致）", "统一社会信用代码"]  # every original column kept
    assert header[-5:] == ["结论", "不符合项", "需复核项", "说明", "补正建议"]
    assert [row[header.index("结论")] for row in rows[1:]] == _expected_outcomes(TABLE, 2026)


def test_a_csv_table_can_come_back_as_csv(url: str, tmp_path: Path) -> None:
    r = httpx.post(
        url + "/table",
        data={"plan": "2026", "history": "none", "format": "csv"},
        files={"file": ("../../etc/汇总表 2026.csv", CSV_TABLE.encode("utf-8"), "text/csv")},
    )
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][-5:] == ["结论", "不符合项", "需复核项", "说明", "补正建议"]
    (tmp_path / "t.csv").write_text(CSV_TABLE, encoding="utf-8")
    outcomes = _expected_outcomes(tmp_path / "t.csv", 2026)
    assert outcomes == ["符合申报条件", "不符合申报条件"]  # 四（一）: 4月21日 is late
    assert [row[rows[0].index("结论")] for row in rows[1:]] == outcomes
    assert rows[2][1] == "<script>x</script>"  # the workbook keeps the cell as given: it is data, not a page


@pytest.mark.parametrize(
    ("name", "content", "needle"),
    [
        ("表.txt", b"a,b\n", ".xlsx"),
        ("表.xlsx", b"not a workbook", "表.xlsx"),
        ("表.csv", b"", "表.csv"),
        ("表.csv", "甲,乙\n1,2\n".encode(), "表.csv"),
    ],
)
def test_a_table_that_cannot_be_read_is_shown_on_the_page(url: str, name: str, content: bytes, needle: str) -> None:
    r = httpx.post(url + "/table", data={"plan": "2026"}, files={"file": (name, content, "application/octet-stream")})
    assert r.status_code == 422
    assert r.headers["content-type"].startswith("text/html")
    assert 'id="upload-errors"' in r.text and needle in r.text
    assert "gongguan-upload-" not in r.text  # the server's temporary folder is never shown


def test_an_upload_without_a_file_or_a_plan_is_refused(url: str) -> None:
    assert httpx.post(url + "/table", data={"plan": "2026"}, files={"x": ("a", b"")}).status_code == 422
    r = httpx.post(url + "/table", data={"plan": "/etc/passwd"}, files={"file": ("t.csv", CSV_TABLE.encode())})
    assert r.status_code == 422


# ---------------------------------------------------------------------- in a real browser


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail("/usr/bin/chromium is missing: .ci/run installs it (apt-get install -y chromium)")
        pytest.skip("/usr/bin/chromium is missing (apt-get install -y chromium); the browser tests are skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _offline(context: Any, url: str) -> list[str]:
    """Refuse every request that leaves the service; returns the list of those refused."""
    refused: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(url):
            r.continue_()
        else:
            refused.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return refused


def _fill(page: Any, form: dict[str, Any]) -> None:
    for name, value in form.items():
        field = page.locator(f"#check [name='{name}']")
        if isinstance(value, list):
            for item in value:
                page.check(f"#check [name='{name}'][value='{item}']")
        elif field.first.evaluate("e => e.tagName") == "SELECT":
            field.select_option(value)
        else:
            field.fill(value)


def test_a_public_servant_checks_an_application_without_scripts(browser: Any, url: str) -> None:
    context = browser.new_context(java_script_enabled=False, locale="zh-CN")
    refused = _offline(context, url)
    page = context.new_page()
    page.goto(url + "/")
    assert page.title().startswith("质量攻关申报核查")
    _fill(page, {**FORM, "recommended_on": "2026-04-21"})
    page.click("#submit")
    page.wait_for_selector("#outcome")
    assert page.get_attribute("#outcome", "data-outcome") == "ineligible"
    assert "不符合申报条件" in page.inner_text("#outcome")
    late = page.locator("#findings tr.fail[data-rule='plan.deadline.recommended']")
    assert "津市场监管质发〔2026〕2号 四（一）" in late.inner_text()
    # the form is filled in again as it was sent
    assert page.input_value("[name='recommended_on']") == "2026-04-21"
    assert page.is_checked("[name='materials'][value='feasibility_analysis']")
    assert refused == []
    context.close()


def test_a_script_in_a_name_is_shown_as_text(browser: Any, url: str) -> None:
    context = browser.new_context(locale="zh-CN")  # scripts enabled: none of the applicant's may run
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(url + "/")
    name = "<script>alert('x')</script><img src=x onerror=alert('y')>"
    _fill(page, {**FORM, "applicant.name": name})
    page.click("#submit")
    page.wait_for_selector("#outcome")
    assert page.input_value("[name='applicant.name']") == name
    assert page.locator("#decision script, #decision img").count() == 0
    assert dialogs == []
    context.close()


def test_the_docs_page_renders_with_the_network_closed(browser: Any, url: str) -> None:
    context = browser.new_context()
    refused = _offline(context, url)
    page = context.new_page()
    page.goto(url + "/docs")
    page.wait_for_selector(".swagger-ui .info .title", timeout=30000)
    assert "gongguan-rules" in page.inner_text(".swagger-ui .info .title")
    page.wait_for_selector("[data-path='/v1/evaluate']")
    assert page.locator(".opblock").count() >= 8
    assert refused == []
    context.close()


def test_a_public_servant_uploads_a_table_and_gets_the_workbook(browser: Any, url: str, tmp_path: Path) -> None:
    context = browser.new_context(java_script_enabled=False, accept_downloads=True, locale="zh-CN")
    refused = _offline(context, url)
    page = context.new_page()
    page.goto(url + "/")
    page.set_input_files("#table-file", str(TABLE))
    page.select_option("#table-plan", "2026")
    page.select_option("#table-history", "none")
    with page.expect_download() as info:
        page.click("#upload-submit")
    download = info.value
    assert download.suggested_filename == "结果-汇总表.xlsx"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    rows = _sheet(saved.read_bytes())
    assert [row[rows[0].index("结论")] for row in rows[1:]] == _expected_outcomes(TABLE, 2026)
    assert refused == []
    context.close()
