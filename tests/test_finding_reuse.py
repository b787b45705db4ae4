"""Findings are shared between decisions when their rule gave the same result (speed, issue 8).

A finding is immutable; the same rule with the same status, code, facts and values makes the same
finding, so one object serves every decision (its texts filled once). What must hold: a decision
is the same whether or not its findings were reused, a fail or review finding (whose remedy
depends on the date) is never shared, and the memory it takes is bounded.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

import gongguan_rules as gr
from gongguan_rules.judging import evaluate as evaluating

EXAMPLE: dict[str, Any] = yaml.safe_load(
    (Path(__file__).parents[1] / "examples" / "application-2026.yaml").read_text("utf-8")
)


def variant(**applicant: Any) -> dict[str, Any]:
    out = copy.deepcopy(EXAMPLE)
    out["applicant"].update(applicant)
    return out


def test_a_reused_finding_is_the_finding_built_afresh() -> None:
    """2026 四（一）: the second application's findings equal those of a plan that never saw the first,
    to the last word of every message, and the pass findings are the very same objects."""
    plan = gr.load_plan(2026)
    first = gr.evaluate(EXAMPLE, plan)
    second = gr.evaluate(variant(name="天津另一焊材有限公司"), plan)
    fresh_plan = gr.load_plan(str(Path(__file__).parents[1] / "plans" / "2026.yaml"))
    fresh_plan.reused_findings.clear()
    fresh = gr.evaluate(variant(name="天津另一焊材有限公司"), fresh_plan)
    assert second.model_dump(mode="json") == fresh.model_dump(mode="json")
    shared = [a for a, b in zip(first.findings, second.findings, strict=True) if a is b]
    assert {f.rule_id for f in shared} >= {"plan.recommender", "plan.materials", "plan.deadline.recommended"}
    assert all(f.status in ("pass", "info", "not_applicable") for f in shared)


def test_fail_and_review_findings_are_never_shared() -> None:
    """第八条（一）: a finding with a remedy is built for its own decision (the remedy depends on the
    date of the decision, not only on the rule's result)."""
    plan = gr.load_plan(2026)
    bad = variant(org_type="机关", district=None)
    one, two = gr.evaluate(bad, plan), gr.evaluate(bad, plan)
    assert one.failed and one.to_review
    for a, b in zip(one.findings, two.findings, strict=True):
        if a.status in ("fail", "review"):
            assert a is not b and a == b and a.remedy is not None


def test_reuse_is_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    """A long batch of different applications keeps at most REUSE_LIMIT findings per plan."""
    monkeypatch.setattr(evaluating, "REUSE_LIMIT", 40)
    plan = gr.load_plan(str(Path(__file__).parents[1] / "plans" / "2026.yaml"))
    plan.reused_findings.clear()
    for i in range(30):
        gr.evaluate(variant(name=f"天津第{i}号公司", district=["宝坻区", "和平区", "河西区"][i % 3]), plan)
        assert len(plan.reused_findings) <= 40


def _explained_afresh(decision: gr.Decision, lang: str) -> str:
    from gongguan_rules.judging import decision as decisions

    kept = dict(decisions._BLOCKS)
    decisions._BLOCKS.clear()
    try:
        return decision.explain(lang)
    finally:
        decisions._BLOCKS.clear()
        decisions._BLOCKS.update(kept)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_explain_of_shared_findings_is_the_text_written_afresh(lang: str) -> None:
    """explain() keeps the lines of a shared (pass, info, not applicable) finding: for decisions
    that share findings (one eligible, one ineligible on 2026 一（一）, one for review), the text is
    word for word what it is with nothing kept, and a fail or review finding's lines (with their
    remedy, which depends on the date) are never kept."""
    from gongguan_rules.judging import decision as decisions

    plan = gr.load_plan(2026)
    inputs = [EXAMPLE, variant(district="北京市海淀区"), variant(credit_code=None), EXAMPLE]
    for data in inputs:
        d = gr.evaluate(data, plan)
        assert d.explain(lang) == _explained_afresh(d, lang) == d.explain(lang)
        for f in d.findings:
            kept = decisions._BLOCKS.get((id(f), lang))
            assert (kept is not None) == (f.remedy is None)
            if kept is not None:
                assert kept[0] is f


def test_kept_explanations_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    from gongguan_rules.judging import decision as decisions

    monkeypatch.setattr(decisions, "BLOCK_LIMIT", 8)
    plan = gr.load_plan(2026)
    for n in range(5):
        d = gr.evaluate(variant(name=f"天津第{n}焊材有限公司"), plan)
        assert d.explain("zh") == _explained_afresh(d, "zh")
        assert len(decisions._BLOCKS) <= 8
