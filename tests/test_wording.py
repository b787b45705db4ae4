"""Every word the library says is as exact as the law (issue 11): a meta-test over every rendered
message of the snapshot samples of every plan (tests/snapshot_samples.py), in both languages.

说明文字的准确：快照样本的全部说明（中文与英文）中，不出现内部字段名或英文枚举值；事件从不被称为“申报”；
天津市外的申报单位从不被告知其在天津市内；“逾期不再接收”只在 2026 四（六） 下引用。
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from enum import StrEnum

import pytest

import gongguan_rules as gr
from gongguan_rules.inputs.application import Application
from gongguan_rules.law import vocab
from gongguan_rules.records.events import Event
from snapshot_samples import Sample, decide, samples

#: An internal identifier: snake_case (recommended_on, notice_deadline, district_market_regulator)
#: or a dotted field path (applicant.district).
IDENTIFIER = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b|\b(?:applicant|project|declarations|recommender)\.[a-z]")
ENUMS: tuple[type[StrEnum], ...] = (
    vocab.OrgType,
    vocab.RecommenderKind,
    vocab.Benefit,
    vocab.Direction,
    vocab.TopicType,
    vocab.Material,
    vocab.EventKind,
    vocab.RevocationReason,
)
#: Every enum id of the contract and every field name of the application and the event.
INTERNAL = {m.value for e in ENUMS for m in e} | set(Application.model_fields) | set(Event.model_fields)
SANCTION = "逾期不再接收"


def _messages() -> Iterator[tuple[gr.Plan, Sample, gr.Finding]]:
    for year in gr.available_plans():
        plan = gr.load_plan(year)
        for sample in samples(plan):
            for finding in decide(plan, sample).findings:
                yield plan, sample, finding


MESSAGES = list(_messages())


def _where(plan: gr.Plan, sample: Sample, finding: gr.Finding) -> str:
    return f"{plan.year} {sample.id} {finding.rule_id}"


def test_the_samples_reach_every_plan() -> None:
    assert {plan.year for plan, _, _ in MESSAGES} == set(gr.available_plans())


def _texts(finding: gr.Finding, lang: str) -> list[str]:
    """What a reader sees of a finding: its message and, on a fail or review, its remedy's."""
    return [finding.message(lang), *([finding.remedy.message(lang)] if finding.remedy else [])]


def test_no_internal_identifier_in_any_message() -> None:
    """No message (nor remedy) shows a field name (「（recommended_on 缺失）」, 「notice_deadline」) or
    a raw multi-word enum id in English prose (district_market_regulator); field paths belong in
    ``f.facts`` and ``r.facts``."""
    found = [
        f"{_where(p, s, f)} ({lang}): {m.group(0)!r} in {text}"
        for p, s, f in MESSAGES
        for lang in ("zh", "en")
        for text in _texts(f, lang)
        for m in IDENTIFIER.finditer(text)
    ]
    assert not found, "\n".join(found[:20])


def test_no_english_id_in_a_chinese_message() -> None:
    """A Chinese message names every value in Chinese: no enum id or field name in Latin letters."""
    found = [
        f"{_where(p, s, f)}: {word!r} in {f.message('zh')}"
        for p, s, f in MESSAGES
        for word in re.findall(r"[A-Za-z_]+", f.message("zh"))
        if word in INTERNAL
    ]
    assert not found, "\n".join(found[:20])


def test_an_event_is_never_called_an_application() -> None:
    """product.md: an event is never called a 申报 in a message (the 申报 is the application)."""
    called = ("本申报", "“申报”", "申报日期", "this application", "the application's date")
    found = [
        f"{_where(p, s, f)}: {text}"
        for p, s, f in MESSAGES
        if s.subject == "event"
        for lang in ("zh", "en")
        for text in _texts(f, lang)
        if any(c in text for c in called)
    ]
    assert not found, "\n".join(found[:20])


@pytest.mark.parametrize("year", gr.available_plans())
@pytest.mark.parametrize("place", ["外省市", "北京市海淀区"])
def test_an_applicant_outside_tianjin_is_never_told_it_is_in_tianjin(year: int, place: str) -> None:
    """product.md: an applicant outside Tianjin is never told it is in Tianjin (第二条's scope
    message speaks of the 管理办法, not of the applicant)."""
    told = (
        "行政区域内的质量攻关项目申报，",
        "本项目属天津",
        "在天津市行政区域内登记注册",
        "application within",
        "registered within 天津市",
        "is in Tianjin",
    )
    base = next(s.input for s in samples(gr.load_plan(year)) if s.id == "application/eligible")
    app = {**base, "applicant": {**base["applicant"], "district": place}}
    d = gr.evaluate(app, year)
    found = [
        f"{f.rule_id}: {f.message(lang)}"
        for f in d.findings
        for lang in ("zh", "en")
        if any(t in f.message(lang) for t in told)
    ]
    assert not found, found


def test_the_sanction_is_quoted_only_where_the_text_states_it() -> None:
    """「逾期不再接收」 belongs to 2026 四（六）: a message quotes it only on a finding citing that item;
    a late step elsewhere says it is late against its plan's date and cites it, nothing more."""
    found = [
        f"{_where(p, s, f)}: {f.message('zh')} [{', '.join(c.label() for c in f.citations)}]"
        for p, s, f in MESSAGES
        if SANCTION in f.message("zh")
        and not any(
            c.document == "津市场监管质发〔2026〕2号" and (c.article, c.item) == ("四", "（六）") for c in f.citations
        )
    ]
    assert not found, "\n".join(found[:20])
    late_2026 = [f for p, s, f in MESSAGES if p.year == 2026 and "event/schedule/results_by_0930/" in s.id]
    assert any(SANCTION in f.message("zh") and f.status is gr.Status.fail for f in late_2026)
    late_elsewhere = [
        f
        for p, s, f in MESSAGES
        if p.year != 2026 and s.subject == "event" and f.status is gr.Status.fail and "逾期" in f.message("zh")
    ]
    assert late_elsewhere, "no late event outside 2026 among the samples"
    assert all(f.citations and SANCTION not in f.message("zh") for f in late_elsewhere)
