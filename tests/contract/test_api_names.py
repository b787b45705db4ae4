"""The names of the public API contract (product.md, "The public API contract"), each importable from
``gongguan_rules`` and shaped as product.md lists it."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import gongguan_rules as gr

from .support import (
    ALPHABET,
    BASE,
    CODE_BAODI,
    CODE_BEIJING,
    CODE_CITY,
    CODE_TANGGU,
    P2019,
    P2021,
    P2026,
    PLAN_DOCUMENT,
    PLANS_DIR,
    REG,
    app,
    check_character,
    event,
    org_code_ok,
)

CONTRACT_NAMES = [
    # product.md, "The public API contract"
    "available_plans",
    "load_plan",
    "PlanError",
    "evaluate",
    "evaluate_event",
    "InputError",
    "Decision",
    "Finding",
    "Citation",
    "Plan",
    "credit_code_info",
    # "The contract grows (December 2026)"
    "Remedy",
    "Provenance",
    "engine_name",
    "read_applications",
    "ApplicationTable",
    "write_results",
    "compare_plans",
    "ImpactReport",
    "History",
]


@pytest.mark.parametrize("name", CONTRACT_NAMES)
def test_every_contract_name_is_importable_from_the_top_level(name: str) -> None:
    """product.md: "Everything below is importable from the top-level package `gongguan_rules`" (and the
    December 2026 names: "All importable from `gongguan_rules`")."""
    assert hasattr(gr, name), name
    assert name in gr.__all__


def test_available_plans_lists_the_bundled_years() -> None:
    """product.md: `gr.available_plans()  # -> list[int]: years of the bundled plans, e.g. [2019, 2021, 2025, 2026]`."""
    years = gr.available_plans()
    assert isinstance(years, list)
    assert all(type(y) is int for y in years)
    assert years == [2019, 2021, 2025, 2026]


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_load_plan_by_year_and_by_path(year: int, tmp_path: Path) -> None:
    """product.md: `plan = gr.load_plan(2026)  # a bundled plan by year`; `gr.load_plan("plans/2027.yaml")  # or
    any plan file (str or os.PathLike)`."""
    by_year = gr.load_plan(year)
    assert isinstance(by_year, gr.Plan)
    copy = tmp_path / f"{year}.yaml"
    shutil.copyfile(PLANS_DIR / f"{year}.yaml", copy)
    by_path = gr.load_plan(copy)
    by_str = gr.load_plan(str(copy))
    for plan in (by_path, by_str):
        assert isinstance(plan, gr.Plan)
        # the same plan judges the same application alike, whether named by year, path or str
        assert gr.evaluate(BASE[year], plan).outcome == gr.evaluate(BASE[year], by_year).outcome


def test_plan_error_names_file_line_and_fault(tmp_path: Path) -> None:
    """product.md: "an invalid plan file raises gr.PlanError; str(err) names the file, the line (and column) and
    the fault"; "catch mistakes in it (schema, typos, duplicate keys, impossible dates, with file:line errors)"."""
    text = (PLANS_DIR / "2026.yaml").read_text("utf-8").splitlines(keepends=True)
    # a duplicate key on line 1 of the file: the first line repeated
    first_key_line = next(i for i, line in enumerate(text) if line and line[0].isalpha() and ":" in line)
    broken = [*text[: first_key_line + 1], text[first_key_line], *text[first_key_line + 1 :]]
    path = tmp_path / "2027.yaml"
    path.write_text("".join(broken), "utf-8")
    with pytest.raises(gr.PlanError) as caught:
        gr.load_plan(path)
    message = str(caught.value)
    assert "2027.yaml" in message
    assert f":{first_key_line + 2}:" in message  # the repeated key's line (1-based)


def test_plan_error_for_an_impossible_date(tmp_path: Path) -> None:
    """product.md: the library catches "impossible dates, with file:line errors"."""
    text = (PLANS_DIR / "2026.yaml").read_text("utf-8")
    assert "2026-03-23" in text  # 津市场监管质发〔2026〕2号 was issued on 2026年3月23日
    line = text[: text.index("2026-03-23")].count("\n") + 1
    path = tmp_path / "bad.yaml"
    path.write_text(text.replace("2026-03-23", "2026-02-30", 1), "utf-8")
    with pytest.raises(gr.PlanError) as caught:
        gr.load_plan(path)
    assert "bad.yaml" in str(caught.value)
    assert f":{line}:" in str(caught.value)


def test_plan_error_is_a_value_error_and_input_error_is_too() -> None:
    """product.md: "gr.InputError (a ValueError)"."""
    assert issubclass(gr.InputError, ValueError)


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_evaluate_takes_a_plan_or_a_year_and_dicts_or_models(year: int) -> None:
    """product.md: `d = gr.evaluate(application, plan, history=[...], as_of=None)  # -> gr.Decision`;
    "application / event / history items: the pydantic models, or plain dicts of the same shape";
    "plan: a gr.Plan or a year (int)"."""
    by_year = gr.evaluate(BASE[year], year)
    by_plan = gr.evaluate(BASE[year], gr.load_plan(year), history=[], as_of=None)
    model = gr.Application.model_validate(BASE[year])
    by_model = gr.evaluate(model, year)
    assert isinstance(by_year, gr.Decision)
    assert by_year == by_plan == by_model
    assert by_year.outcome == "eligible"


def test_decision_and_finding_fields() -> None:
    """product.md: d.outcome (str enum), d.findings (list[gr.Finding], one per rule considered, stable order),
    f.rule_id, f.status, f.citations (at least one), c.document / c.article / c.item, f.facts (dict),
    f.message("zh"/"en"), d.explain(lang="zh")."""
    d = gr.evaluate(BASE[2026], 2026)
    assert isinstance(d.outcome, str)
    assert d.outcome in ("eligible", "ineligible", "needs_review")
    assert isinstance(d.findings, list) and d.findings
    ids = [f.rule_id for f in d.findings]
    assert len(ids) == len(set(ids)), "one finding per rule"
    assert ids == [f.rule_id for f in gr.evaluate(BASE[2026], 2026).findings], "a stable order"
    for f in d.findings:
        assert isinstance(f, gr.Finding)
        assert isinstance(f.rule_id, str) and f.rule_id
        assert f.status in ("pass", "fail", "review", "not_applicable", "info")
        assert len(f.citations) >= 1
        for c in f.citations:
            assert isinstance(c, gr.Citation)
            assert isinstance(c.document, str) and c.document
            assert isinstance(c.article, str) and c.article
            assert c.item is None or isinstance(c.item, str)
        assert isinstance(f.facts, dict)
        assert f.message("zh").strip() and f.message("en").strip()
    text = d.explain(lang="zh")
    assert isinstance(text, str) and text.strip()
    assert d.explain(lang="en").strip()


def test_citation_documents_exactly_as_published() -> None:
    """product.md: c.document — "the document's number exactly as published, e.g. "津政办规〔2023〕12号",
    "津市场监管质发〔2026〕2号"; for the 2019 plan (no number) its title "2019年滨海新区质量攻关活动方案"".
    The seed texts: 津质量组办〔2021〕1号, 津滨市场监管质监〔2025〕4号."""
    for year, document in PLAN_DOCUMENT.items():
        d = gr.evaluate(BASE[year], year)
        documents = {c.document for f in d.findings for c in f.citations}
        assert document in documents, (year, documents)
        assert REG in documents, year  # the 管理办法's rules are considered (not_applicable before it existed)
    assert P2019 == "2019年滨海新区质量攻关活动方案"


def test_citation_articles_and_items_are_written_as_published() -> None:
    """product.md: c.article — the regulation: "第八条"; a plan: its outline heading, e.g. "一", "四"; an annex:
    "附表", "附件2"; c.item — optional: "（三）" (full-width brackets)."""
    d = gr.evaluate(BASE[2026], 2026)
    pairs = {(c.document, c.article, c.item) for f in d.findings for c in f.citations}
    assert (REG, "第八条", "（一）") in pairs
    assert (REG, "第八条", "（三）") in pairs
    assert (P2026, "四", "（一）") in pairs
    assert (P2026, "一", "（三）") in pairs
    d2021 = gr.evaluate(BASE[2021], 2021)
    assert any(c.document == P2021 and c.article == "附表" for f in d2021.findings for c in f.citations)
    d2019 = gr.evaluate(BASE[2019], 2019)
    assert any(c.document == P2019 and c.article == "附件2" for f in d2019.findings for c in f.citations)
    for decision in (d, d2021, d2019):
        for f in decision.findings:
            for c in f.citations:
                if c.item is not None:
                    assert c.item.startswith("（") and c.item.endswith("）"), c
                if c.document == REG:
                    assert c.article.startswith("第") and c.article.endswith("条"), c


def test_the_two_seventeenth_articles_and_no_eleventh() -> None:
    """Seed README: "The regulation's published text has no 第十一条 and two articles numbered 第十七条. Cite
    articles exactly as published". No finding cites a 第十一条."""
    for year in (2025, 2026):
        d = gr.evaluate(BASE[year], year)
        assert not any(c.document == REG and c.article == "第十一条" for f in d.findings for c in f.citations)


def test_findings_messages_are_in_both_languages() -> None:
    """product.md: `f.message("zh"), f.message("en")   # the explanation of this finding`."""
    d = gr.evaluate(app(2026, **{"materials": []}), 2026)
    for f in d.findings:
        zh, en = f.message("zh"), f.message("en")
        assert zh != en
        assert any("\u4e00" <= ch <= "\u9fff" for ch in zh), zh


def test_decision_json_round_trip_is_equal() -> None:
    """product.md: `d.model_dump(mode="json")  # JSON-ready; gr.Decision.model_validate(...) reads it back equal`."""
    for year in (2019, 2021, 2025, 2026):
        for application in (BASE[year], {}, app(year, materials=[], **{"applicant.district": "外省市"})):
            d = gr.evaluate(application, year)
            dumped = d.model_dump(mode="json")
            text = json.dumps(dumped, ensure_ascii=False)
            back = gr.Decision.model_validate(json.loads(text))
            assert back == d
            assert back.model_dump(mode="json") == dumped
            assert back.outcome == d.outcome
            assert [f.message("zh") for f in back.findings] == [f.message("zh") for f in d.findings]


# ------------------------------------------------------------------ credit codes


def test_credit_code_info_fields_for_the_contract_example() -> None:
    """product.md: `info = gr.credit_code_info("91120224064012553U")`; well_formed, check_ok, expected_check,
    org_code_ok, authority ("工商"), category ("企业"), division_code ("120224"), in_tianjin, district ("宝坻区")."""
    info = gr.credit_code_info(CODE_BAODI)
    assert info.well_formed is True
    assert info.check_ok is True
    assert info.expected_check == "U"
    assert info.org_code_ok is org_code_ok(CODE_BAODI[8:17])
    assert info.authority == "工商"
    assert info.category == "企业"
    assert info.division_code == "120224"
    assert info.in_tianjin is True
    assert info.district == "宝坻区"


@pytest.mark.parametrize(
    ("code", "district", "in_tianjin"),
    [
        (CODE_TANGGU, "滨海新区", True),  # 120107 the former 塘沽区
        (CODE_CITY, None, True),  # city level: "None at city level"
        (CODE_BEIJING, None, False),  # 110108: "None ... outside"
    ],
)
def test_credit_code_info_district(code: str, district: str | None, in_tianjin: bool) -> None:
    """product.md: info.in_tianjin — True / False; info.district — "the current Tianjin district it maps to
    ("宝坻区"), None at city level or outside"."""
    info = gr.credit_code_info(code)
    assert info.check_ok is True
    assert info.in_tianjin is in_tianjin
    assert info.district == district


@pytest.mark.parametrize(
    ("code", "authority", "category"),
    [
        ("12120224400056783K", "机构编制", "事业单位"),
        ("5112022450001234XP", "民政", "社会团体"),
        ("111202240001234577", "机构编制", "机关"),
        ("92120224MA05T8W13Y", "工商", "个体工商户"),
    ],
)
def test_credit_code_info_authority_and_category(code: str, authority: str, category: str) -> None:
    """product.md: info.authority — position 1 decoded, e.g. "工商" / "机构编制" / "民政"; info.category —
    positions 1-2 decoded, e.g. "企业", "事业单位", "社会团体", "机关", "个体工商户"."""
    assert code[17] == check_character(code[:17])
    info = gr.credit_code_info(code)
    assert info.authority == authority
    assert info.category == category


def test_credit_code_info_bad_check_and_malformed() -> None:
    """product.md: check_ok — "the 18th character matches ISO 7064 MOD 31-3 (None when not well formed)";
    expected_check — "the character it should be (None when not well formed)"; well_formed — "18 characters of
    the GB 32100 alphabet, positions 3-8 digits"."""
    bad = gr.credit_code_info(CODE_BAODI[:17] + "A")
    assert bad.well_formed is True
    assert bad.check_ok is False
    assert bad.expected_check == "U"
    for malformed in (CODE_BAODI[:16], CODE_BAODI + "0", "9112O224064012553U", "911202A4064012553U", ""):
        info = gr.credit_code_info(malformed)
        assert info.well_formed is False, malformed
        assert info.check_ok is None
        assert info.expected_check is None


@settings(max_examples=150)
@given(
    st.text(alphabet=ALPHABET, min_size=2, max_size=2),
    st.text(alphabet="0123456789", min_size=6, max_size=6),
    st.text(alphabet=ALPHABET, min_size=9, max_size=9),
    st.sampled_from(ALPHABET),
)
def test_credit_code_check_character_matches_mod_31_3(head: str, division: str, body: str, last: str) -> None:
    """product.md: info.well_formed (18 characters of the GB 32100 alphabet, positions 3-8 digits); info.check_ok
    (the 18th character matches ISO 7064 MOD 31-3); info.expected_check; info.org_code_ok (positions 9-17 pass
    the GB 11714 check); info.division_code (positions 3-8). Computed here independently."""
    code = head + division + body + last
    info = gr.credit_code_info(code)
    assert info.well_formed is True
    assert info.expected_check == check_character(code[:17])
    assert info.check_ok is (last == check_character(code[:17]))
    assert info.division_code == division
    assert info.org_code_ok is org_code_ok(code[8:17])
    assert info.in_tianjin is division.startswith("12")


@settings(max_examples=200)
@given(st.text())
def test_credit_code_info_never_raises_for_a_str(text: str) -> None:
    """product.md: `gr.credit_code_info(...)   # 统一社会信用代码 on its own; never raises for a str`."""
    info = gr.credit_code_info(text)
    assert info.well_formed in (True, False)
    if not info.well_formed:
        assert info.check_ok is None and info.expected_check is None


# ------------------------------------------------------------------ enums of the input


@pytest.mark.parametrize(
    ("path", "spelling"),
    [
        ("applicant.org_type", "企业"),
        ("applicant.org_type", "ENTERPRISE"),
        ("applicant.org_type", "  enterprise  "),
        ("recommender.kind", "区市场监管局"),
        ("project.direction", "质量精准提升攻关"),
        ("project.direction", "Precision_Improvement"),
    ],
)
def test_enum_spellings_are_read_alike(path: str, spelling: str) -> None:
    """product.md: "Enum values are matched after trimming and ignoring case; Chinese names are accepted"
    (org_type "Chinese names accepted: 企业, 事业单位, ..."; recommender.kind 区市场监管局; direction
    质量共性技术攻关 / 质量精准提升攻关)."""
    plain = gr.evaluate(BASE[2026], 2026)
    other = gr.evaluate(app(2026, **{path: spelling}), 2026)
    assert [(f.rule_id, f.status, f.code) for f in other.findings] == [
        (f.rule_id, f.status, f.code) for f in plain.findings
    ]
    assert other.outcome == "eligible"


@pytest.mark.parametrize(
    ("year", "path", "chinese", "value"),
    [
        (2026, "applicant.org_type", "事业单位", "public_institution"),
        (2026, "project.direction", "质量共性技术攻关", "common_technology"),
        (2021, "project.topic_type", "问题解决型", "problem_solving"),
        (2021, "project.topic_type", "创新型", "innovation"),
        (2026, "project.expected_benefits", ["节能降耗"], ["energy_saving"]),
        (2026, "project.expected_benefits", ["优化服务"], ["service_optimization"]),
        (2026, "project.expected_benefits", ["自主创新"], ["independent_innovation"]),
        (
            2026,
            "materials",
            ["申报书", "可行性分析", "预期成效"],
            ["application_form", "feasibility_analysis", "expected_results"],
        ),
        (2021, "recommender.kind", "市级行业主管部门", "city_industry_authority"),
        (2021, "recommender.kind", "行业协会", "industry_association"),
        (2021, "recommender.kind", "质量工作领导小组成员单位", "quality_group_member"),
        (2019, "recommender.kind", "市场监管所", "market_regulation_office"),
        (2019, "recommender.kind", "有关企业", "enterprise"),
    ],
)
def test_chinese_enum_names_mean_their_ids(year: int, path: str, chinese: object, value: object) -> None:
    """product.md, "The application (input)": each enum's Chinese name beside its id is accepted and means it."""
    a = gr.evaluate(app(year, **{path: chinese}), year)
    b = gr.evaluate(app(year, **{path: value}), year)
    assert [(f.rule_id, f.status, f.code) for f in a.findings] == [(f.rule_id, f.status, f.code) for f in b.findings]


@pytest.mark.parametrize(
    "kind",
    ["申报", "推荐", "立项", "提交成果", "推荐成果", "评定", "认定优秀成果", "撤销认定", "收取费用"],
)
def test_event_kinds_have_chinese_aliases(kind: str) -> None:
    """product.md, "History and events": "Event kinds (Chinese aliases accepted)"."""
    d = gr.evaluate_event({"kind": kind, "date": "2026-05-20", "year": 2026, "credit_code": CODE_BAODI}, 2026)
    assert isinstance(d, gr.Decision)
    assert d.outcome in ("accepted", "rejected", "needs_review")


def test_event_decisions_have_event_outcomes() -> None:
    """product.md: "events: "accepted" | "rejected" | "needs_review""."""
    d = gr.evaluate_event(
        event("results_submitted", "2026-09-01", 2026, notice_deadline="2026-09-15"), 2026, history=[]
    )
    assert d.outcome == "rejected"  # no approval on record: "what is not in it did not happen"


# ------------------------------------------------------------------ the engine


def test_engine_name() -> None:
    """product.md: `gr.engine_name()  # the join engine in use: "durable-rules" ... "python" otherwise`."""
    assert gr.engine_name() in ("durable-rules", "python")
    assert gr.evaluate(BASE[2026], 2026).provenance.engine == gr.engine_name()


def test_engine_variable_unknown_value_raises_import_error(tmp_path: Path) -> None:
    """product.md: "`GONGGUAN_RULES_ENGINE` with an unknown value ... raises ImportError at import, saying why"."""
    from .support import run_python

    result = run_python("import gongguan_rules", env={"GONGGUAN_RULES_ENGINE": "zen"})
    assert result.returncode != 0
    assert "ImportError" in result.stderr
    assert "GONGGUAN_RULES_ENGINE" in result.stderr


def test_engine_variable_python_forces_python_with_identical_decisions() -> None:
    """product.md: "the environment variable GONGGUAN_RULES_ENGINE=python | durable-rules, read at import, forces
    one. Both give identical decisions."."""
    from .support import run_python

    program = (
        "import json, sys, gongguan_rules as gr\n"
        "apps = json.loads(sys.stdin.read())\n"
        "out = [gr.evaluate(a, y).model_dump(mode='json') for y, a in apps]\n"
        "print(json.dumps({'engine': gr.engine_name(), 'decisions': out}))\n"
    )
    cases = [(y, BASE[y]) for y in (2019, 2021, 2025, 2026)] + [(2026, app(2026, materials=[]))]
    result = run_python(program, env={"GONGGUAN_RULES_ENGINE": "python"}, stdin=json.dumps(cases))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["engine"] == "python"
    for (year, application), dumped in zip(cases, data["decisions"], strict=True):
        here = gr.evaluate(application, year).model_dump(mode="json")
        assert dumped["provenance"]["engine"] == "python"
        dumped["provenance"]["engine"] = here["provenance"]["engine"]
        assert dumped == here


def test_decisions_do_not_depend_on_the_clock() -> None:
    """product.md: "Decisions never depend on the clock." An application with no date has no clock date."""
    d = gr.evaluate({"applicant": {"name": "某单位"}}, 2026)
    assert d.as_of != date.today()
    assert gr.evaluate(BASE[2026], 2026).as_of == date(2026, 4, 18)


def test_no_global_state_between_threads() -> None:
    """product.md: "deterministic results, and no global state that breaks under threads"."""
    from concurrent.futures import ThreadPoolExecutor

    cases = [(y, BASE[y]) for y in (2019, 2021, 2025, 2026)] * 8
    expected = [gr.evaluate(a, y).model_dump(mode="json") for y, a in cases]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda c: gr.evaluate(c[1], c[0]).model_dump(mode="json"), cases))
    assert got == expected


def test_environment_is_not_needed() -> None:
    """product.md: "The bundled `rules/` and `plans/` must also be available" — evaluation needs no working
    directory of the source tree (run from an empty directory)."""
    from .support import run_python

    result = run_python(
        "import gongguan_rules as gr; print(gr.available_plans(), gr.evaluate({}, 2026).outcome)",
        cwd=Path(os.sep),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[2019, 2021, 2025, 2026] needs_review"


def test_provenance_plan_year_by_year() -> None:
    """product.md: d.provenance — plan_year."""
    for year in PLAN_DOCUMENT:
        assert gr.evaluate(BASE[year], year).provenance.plan_year == year


def test_plan_error_for_a_misspelt_key(tmp_path: Path) -> None:
    """product.md: "catch mistakes in it (schema, typos, duplicate keys, impossible dates, with file:line errors)"."""
    text = (PLANS_DIR / "2026.yaml").read_text("utf-8")
    assert "    issued_on: 2026-03-23" in text
    line = text[: text.index("    issued_on: 2026-03-23")].count("\n") + 1
    path = tmp_path / "typo.yaml"
    path.write_text(text.replace("    issued_on: 2026-03-23", "    issued_onn: 2026-03-23", 1), "utf-8")
    with pytest.raises(gr.PlanError) as caught:
        gr.load_plan(path)
    assert f"typo.yaml:{line}:" in str(caught.value)
    assert "issued_onn" in str(caught.value)


def test_bundled_data_is_in_the_wheel(tmp_path: Path) -> None:
    """product.md: "The bundled `rules/` and `plans/` must also be available from an installed wheel."."""
    import subprocess
    import sys
    import zipfile

    from .support import ROOT, RULES_DIR

    source = tmp_path / "source"  # a copy, so that the build leaves nothing in the checkout
    for name in ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md"):
        source.mkdir(exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    for name in ("src", "rules", "plans"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(source)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if built.returncode != 0:
        pytest.skip(f"no wheel could be built here: {built.stderr[-300:]}")
    wheel = next(tmp_path.glob("gongguan_rules-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    for year in (2019, 2021, 2025, 2026):
        assert any(n.endswith(f"/plans/{year}.yaml") for n in names), year
    for rules in RULES_DIR.glob("*.yaml"):
        matching = [n for n in names if n.endswith(f"/rules/{rules.name}")]
        assert matching, rules.name
        assert zipfile.ZipFile(wheel).read(matching[0]) == rules.read_bytes()


DIVISIONS = {
    "120101": "和平区",
    "120102": "河东区",
    "120103": "河西区",
    "120104": "南开区",
    "120105": "河北区",
    "120106": "红桥区",
    "120110": "东丽区",
    "120111": "西青区",
    "120112": "津南区",
    "120113": "北辰区",
    "120114": "武清区",
    "120115": "宝坻区",
    "120116": "滨海新区",
    "120117": "宁河区",
    "120118": "静海区",
    "120119": "蓟州区",
    # historical codes (GB/T 2260 before the mergers): 塘沽/汉沽/大港 → 滨海新区, old counties → their districts
    "120107": "滨海新区",
    "120108": "滨海新区",
    "120109": "滨海新区",
    "120221": "宁河区",
    "120222": "武清区",
    "120223": "静海区",
    "120224": "宝坻区",
    "120225": "蓟州区",
}


@pytest.mark.parametrize(("division", "district"), sorted(DIVISIONS.items()))
def test_credit_code_district_of_every_tianjin_division(division: str, district: str) -> None:
    """product.md: info.district — "the current Tianjin district it maps to ("宝坻区")"; "historical codes mapped:
    塘沽/汉沽/大港 → 滨海新区, old county codes → their districts" (GB/T 2260)."""
    body = f"91{division}MA05K3T7X"
    code = body + check_character(body)
    info = gr.credit_code_info(code)
    assert info.check_ok is True
    assert info.in_tianjin is True
    assert info.district == district
    # and the declared district agrees with it: the credit code corroborates
    d = gr.evaluate(app(2026, **{"applicant.credit_code": code, "applicant.district": district}), 2026)
    assert d.outcome == "eligible", [(f.rule_id, f.status, f.message("en")) for f in d.findings if f.status != "pass"]


@pytest.mark.parametrize("division", ["120000", "120100"])
def test_credit_code_city_level(division: str) -> None:
    """product.md: "a city-level code (120000/120100) cannot tell the district"; info.district "None at city level"."""
    body = f"91{division}MA05K3T7X"
    info = gr.credit_code_info(body + check_character(body))
    assert info.in_tianjin is True and info.district is None


def test_dependencies_named_by_the_user() -> None:
    """product.md: "Dependencies named by the user: pydantic (v2) for the models, durable-rules for the rule engine,
    pyyaml for the data, python-dateutil for dates, hypothesis and pytest for tests"."""
    import importlib.metadata as md

    requires = " ".join(md.requires("gongguan-rules") or []).lower()
    for name in ("pydantic", "durable-rules", "pyyaml", "python-dateutil", "hypothesis", "pytest"):
        assert name in requires, name
    import pydantic

    assert int(pydantic.VERSION.split(".")[0]) == 2


def test_decisions_render_in_jupyter() -> None:
    """product.md: analysts "need ... readable explanations in Chinese (and English), and decisions that render well in
    Jupyter" (the `_repr_html_` protocol)."""
    d = gr.evaluate(app(2026, recommended_on="2026-04-21"), 2026)
    html = d._repr_html_()
    assert isinstance(html, str) and "<" in html
    assert "ineligible" in html or "不符合申报条件" in html


def test_batch_evaluation_and_a_table_out() -> None:
    """product.md: analysts "need batch evaluation, a table out (pandas)"."""
    pytest.importorskip("pandas")
    apps = [BASE[2026], app(2026, recommended_on="2026-04-21"), {}]
    decisions = gr.evaluate_many(apps, 2026)
    assert [d.outcome for d in decisions] == ["eligible", "ineligible", "needs_review"]
    assert decisions == [gr.evaluate(a, 2026) for a in apps]
    frame = gr.to_dataframe(decisions)
    assert len(frame) == 3
    assert list(frame["outcome"].astype(str)) == ["eligible", "ineligible", "needs_review"]


@pytest.mark.parametrize("year", [2025, 2026])
def test_scope_article_2(year: int) -> None:
    """product.md: "From the 管理办法: scope (第二条)"."""
    d = gr.evaluate(BASE[year], year)
    scope = [f for f in d.findings if any(c.document == REG and c.article == "第二条" for c in f.citations)]
    assert scope and {str(f.status) for f in scope} == {"pass"}
