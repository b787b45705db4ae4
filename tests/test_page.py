"""The page at ``/``: a public servant checks one application, in Chinese, without scripts.

首页：工作人员填写表单核查一份申报（无需脚本）；所有取值均转义；接口文档页离线可用。
The browser tests drive Debian's chromium (/usr/bin/chromium) through Playwright.
"""

from __future__ import annotations

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
    form = {**FORM, "materials": ["application_form"]}
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
        field = page.locator(f"[name='{name}']")
        if isinstance(value, list):
            for item in value:
                page.check(f"[name='{name}'][value='{item}']")
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
