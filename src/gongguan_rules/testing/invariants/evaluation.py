"""Invariants of evaluation: what any decision keeps whatever the plan says.

判断的不变式：合格即符合、违反一个条款恰好不符合该条款、模型与引擎一致、缺少事实为需复核、空字符串
等同未填写、同一输入同一决定、JSON 往返不变、提示不改变结论、引用的文件均为已知文件。
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from ...errors import InputError
from ...inputs.application import Application
from ...judging.decision import Decision, outcome_of
from ...judging.evaluate import evaluate, evaluate_event
from ...law.plans import Plan
from ...law.vocab import Outcome, Status
from ...records.history_index import HistoryIndex
from ..strategies import verdicts
from ..strategies.facts import set_fact, without_fact
from .common import fail_if_any

# --------------------------------------------------------------------------- applications


def _bad(decision: Decision) -> list[str]:
    return [
        f"{f.rule_id}: {f.status.value} — {f.message('en')}"
        for f in decision.findings
        if f.status in (Status.fail, Status.review)
    ]


def check_eligible(plan: Plan, application: dict[str, Any]) -> None:
    """An application every fact of which satisfies the plan is ``eligible``, with no fail/review."""
    d = evaluate(application, plan)
    if d.outcome is not Outcome.eligible or _bad(d):
        fail_if_any(f"an eligible application was judged {d.outcome.value} under {plan.document}", _bad(d), application)


def check_broken_clause(plan: Plan, application: dict[str, Any], broken: frozenset[str]) -> None:
    """One broken clause: ineligible, the failing rules are exactly ``broken``, no review, and each
    failing finding cites exactly its rule's citations."""
    d = evaluate(application, plan)
    fails = {f.rule_id for f in d.findings if f.status is Status.fail}
    problems = []
    if d.outcome is not Outcome.ineligible:
        problems.append(f"outcome {d.outcome.value}, expected ineligible")
    if fails != broken:
        problems.append(f"failing rules {sorted(fails)}, expected exactly {sorted(broken)}")
    problems += [f"unexpected review: {f.rule_id} — {f.message('en')}" for f in d.findings if f.status is Status.review]
    rules = {r.id: r for r in plan.rules}
    for f in d.findings:
        if f.rule_id in broken and f.rule_id in rules and list(f.citations) != list(rules[f.rule_id].citations):
            problems.append(f"{f.rule_id} cites {[c.label() for c in f.citations]}, not its own citations")
    fail_if_any(f"breaking {sorted(broken)} under {plan.document}", problems, application)


def _dump(decision: Decision) -> str:
    return json.dumps(decision.model_dump(mode="json"), ensure_ascii=False, sort_keys=True)


def check_deterministic(
    plan: Plan,
    application: dict[str, Any] | None = None,
    history: Sequence[dict[str, Any]] = (),
    event: dict[str, Any] | None = None,
) -> None:
    """The same input gives the same decision: twice, as a dict or a model, with a list or an
    index, and from several threads at once (product.md: no global state that breaks under threads)."""
    if application is not None:
        app = application

        def judge() -> Decision:
            return evaluate(app, plan, history=list(history))

        runs = [judge(), evaluate(Application.model_validate(app), plan, history=HistoryIndex(history))]
    else:
        assert event is not None
        ev = event

        def judge() -> Decision:
            return evaluate_event(ev, plan, history=list(history))

        runs = [judge(), evaluate_event(ev, plan, history=HistoryIndex(history))]
    with ThreadPoolExecutor(max_workers=_THREADS) as pool:
        runs += list(pool.map(lambda _: judge(), range(_THREADS)))
    dumps = [_dump(d) for d in runs]
    if len(set(dumps)) != 1:
        fail_if_any(
            "the same input gave different decisions", sorted(set(d[:400] for d in dumps)), application or event
        )


_THREADS = 3


def check_json_round_trip(decision: Decision) -> None:
    """``Decision.model_validate(json.loads(json.dumps(d.model_dump(mode="json"))))`` equals ``d``."""
    text = _dump(decision)
    back = Decision.model_validate(json.loads(text))
    if back != decision or _dump(back) != text:
        fail_if_any("a decision does not survive a JSON round trip", [text[:400], _dump(back)[:400]])


_INFO_CHECKS = frozenset(
    {"focus_sector", "preferential_direction", "text_not_available", "plan_published", "regulation_validity"}
)


def check_info_neutral(plan: Plan, application: dict[str, Any], other_sector: str) -> None:
    """``info`` never changes an outcome: the outcome equals that of the findings without ``info``;
    the informing rules only ever say ``info`` (or not applicable); and changing the one fact only
    an informing rule reads (the sector) changes no other finding and not the outcome."""
    d = evaluate(application, plan)
    problems = []
    without = outcome_of("application", [f for f in d.findings if f.status is not Status.info])
    if without != d.outcome:
        problems.append(f"outcome {d.outcome.value}, but {without.value} without the info findings")
    informing = {r.id for r in plan.rules if r.check.name in _INFO_CHECKS}
    for f in d.findings:
        if f.rule_id in informing and f.status not in (Status.info, Status.not_applicable):
            problems.append(f"{f.rule_id} only informs but says {f.status.value}")
    changed = {**application, "project": {**(application.get("project") or {}), "sector": other_sector}}
    e = evaluate(changed, plan)
    if e.outcome != d.outcome:
        problems.append(f"sector {other_sector!r} changes the outcome {d.outcome.value} → {e.outcome.value}")
    before = {f.rule_id: f.status for f in d.findings if f.status is not Status.info}
    after = {f.rule_id: f.status for f in e.findings if f.status is not Status.info}
    if before != after:
        problems.append(f"sector {other_sector!r} changes findings {sorted(set(before.items()) ^ set(after.items()))}")
    fail_if_any("an informing finding changed the outcome", problems, application)


def check_event_info_neutral(decision: Decision) -> None:
    """An event's outcome equals the outcome of its findings without the ``info`` ones."""
    without = outcome_of(decision.subject, [f for f in decision.findings if f.status is not Status.info])
    if without != decision.outcome:
        fail_if_any(
            "an info finding changed an outcome", [f"{decision.outcome.value}, but {without.value} without info"]
        )


def check_citations(plan: Plan, decision: Decision) -> None:
    """Every finding cites at least once, and only documents the plan or the 管理办法 names."""
    known = plan.cited_documents()
    problems = [f"{f.rule_id}: no citation" for f in decision.findings if not f.citations]
    problems += [
        f"{f.rule_id} cites {c.document!r}, not among {sorted(known)}"
        for f in decision.findings
        for c in f.citations
        if c.document not in known
    ]
    fail_if_any("a finding cites an unknown document", problems)


_LEAVES = (
    "applicant.name",
    "applicant.credit_code",
    "applicant.org_type",
    "applicant.district",
    "applicant.recognized_by_authority",
    "project.name",
    "project.sector",
    "project.direction",
    "project.topic_type",
    "project.start_date",
    "project.expected_benefits",
    "materials",
    "declarations.original",
    "declarations.no_confidential_content",
    "declarations.truthful",
    "recommender.name",
    "recommender.kind",
    "submitted_to_recommender_on",
    "recommended_on",
)
"""Every fact of the contract's application, as a field path."""


def check_model_agrees(plan: Plan, application: dict[str, Any]) -> None:
    """The strategies' model (:func:`gongguan_rules.testing.verdict`, written from product.md)
    and the engine agree on every rule, for any application with an empty history: ``fail`` ⇔
    fail, ``review`` ⇔ review, ``ok`` ⇔ pass, info or not applicable."""
    decision = evaluate(application, plan)
    expected = verdicts(plan, application)
    problems = []
    for f in decision.findings:
        if f.rule_id not in expected:
            continue
        got = "fail" if f.status is Status.fail else "review" if f.status is Status.review else "ok"
        if got != expected[f.rule_id]:
            problems.append(
                f"{f.rule_id}: the engine says {f.status.value} ({f.message('en')}), the model {expected[f.rule_id]}"
            )
    fail_if_any(f"the engine and the model of {plan.document} disagree", problems, application)


def check_missing_fact(plan: Plan, application: dict[str, Any]) -> None:
    """A missing fact is never a reason to fail, and a rule that needs it says ``review``
    (product.md: "Missing facts that a rule needs give review, never a silent pass"): removing
    any one fact of an eligible application leaves it eligible or needs_review, and every rule
    the model says needs the fact is ``review``."""
    problems = []
    for path in _LEAVES:
        changed = without_fact(application, path)
        decision = evaluate(changed, plan)
        needs = {rid for rid, v in verdicts(plan, changed).items() if v == "review"}
        for f in decision.findings:
            if f.status is Status.fail:
                problems.append(f"without {path}: {f.rule_id} fails ({f.message('en')})")
            if f.rule_id in needs and f.status is not Status.review:
                problems.append(f"without {path}: {f.rule_id} says {f.status.value}, not review")
        want = Outcome.needs_review if needs else Outcome.eligible
        if decision.outcome is not want:
            problems.append(f"without {path}: {decision.outcome.value}, expected {want.value}")
    fail_if_any(f"a missing fact under {plan.document}", problems, application)


def check_empty_is_absent(plan: Plan, application: dict[str, Any]) -> None:
    """An empty string is the same as an absent field (product.md, "Inputs and history"): for
    every fact, ``""`` gives the same decision as leaving the fact out."""
    problems = []
    for path in _LEAVES:
        absent = _dump(evaluate(without_fact(application, path), plan))
        try:
            empty = _dump(evaluate(set_fact(application, path, ""), plan))
        except InputError as exc:
            problems.append(f'{path}: "" raises InputError ({exc})')
            continue
        if empty != absent:
            problems.append(f'{path}: "" and absent give different decisions')
    fail_if_any("an empty string is not the same as an absent field", problems, application)
