"""Every quote in rules/ and plans/ is the text itself (issue 11: the 2021 附表 writes its brackets
half-width): each part of a ``quote`` between the elisions ``……`` occurs, character for character,
in the source text of a document the quote's rule or step cites (blanks and line breaks aside,
since the published files break lines inside sentences).

引文逐字核对：每条 ``quote`` 以“……”分段，每段都逐字出现在其出处文件的原文中（忽略空白与换行）。
The source texts are ../shared/seeds/ (beside the checkout, as in CI); a plan whose documents have
no source text there (a new year's plan before its text is added) is skipped, saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import gongguan_rules as gr
from gongguan_rules.law.plan_model import CiteSpec
from gongguan_rules.law.plans import regulation

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"

#: The source text of each document, by the name a citation gives it (its number, else its title).
SOURCES = {
    "津政办规〔2023〕12号": "004_fcb74bb1453a024d.txt",
    "2019年滨海新区质量攻关活动方案": "002_4bf54403cc47113d.txt",
    "津质量组办〔2021〕1号": "001_5f23663fa83b2412.txt",
    "关于开展2021年天津质量攻关成果申报工作的通知": "001_5f23663fa83b2412.txt",  # 武清区's forwarding notice
    "津滨市场监管质监〔2025〕4号": "000_bc7e31312367a672.txt",
    "津市场监管质发〔2026〕2号": "003_41891024a951be13.txt",
}

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the source texts are not beside the checkout ({SEEDS})")


def _flat(text: str) -> str:
    return "".join(text.split())


def _source(document: str) -> str | None:
    name = SOURCES.get(document)
    return _flat((SEEDS / name).read_text(encoding="utf-8")) if name else None


def _quotes(plan: gr.Plan) -> Iterator[tuple[str, str, list[CiteSpec]]]:
    for clause in plan.spec.clauses:
        if clause.quote:
            yield clause.id, clause.quote, clause.cite
    for step in plan.spec.schedule:
        yield f"schedule {step.id}", step.quote, step.cite


def _unquoted(where: str, quote: str, documents: list[str]) -> list[str]:
    texts = [t for t in (_source(d) for d in documents) if t is not None]
    problems = []
    for part in quote.split("……"):
        if _flat(part) and not any(_flat(part) in t for t in texts):
            problems.append(f"{where}: {part!r} is not in the text of {documents}")
    return problems


def test_the_regulation_is_quoted_verbatim() -> None:
    reg = regulation()
    problems = [p for rule in reg.rules if rule.quote for p in _unquoted(rule.id, rule.quote, [reg.document.number])]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("year", gr.available_plans())
def test_every_plan_quotes_its_texts_verbatim(year: int) -> None:
    plan = gr.load_plan(year)
    if not any(_source(d.cite_as) for d in plan.spec.documents):
        pytest.skip(f"no source text of {plan.document} in {SEEDS}")
    problems = []
    for where, quote, cites in _quotes(plan):
        problems += _unquoted(where, quote, sorted({plan.citation(c).document for c in cites}))
    assert not problems, "\n".join(problems)


def test_a_changed_bracket_is_caught() -> None:
    """The 2021 附表 prints 课题类型 (问题解决型、创新型) with half-width brackets: full-width ones are
    not the text."""
    assert _unquoted("x", "课题类型 (问题解决型、创新型)", ["津质量组办〔2021〕1号"]) == []
    assert _unquoted("x", "课题类型（问题解决型、创新型）", ["津质量组办〔2021〕1号"])
