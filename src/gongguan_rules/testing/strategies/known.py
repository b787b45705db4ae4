"""What the strategies know: the checks they have a model of, which of them one fact can break,
the rules that judge an application under a plan, and the errors for a plan they cannot serve.

策略已知的检查、可由一项事实违反的检查、方案中判断申报的规则，以及策略无法用于某方案时的错误。
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from ...errors import GongguanError
from ...law.checks import StepParams
from ...law.plans import Plan
from ...law.rules import Rule

Verdict = Literal["ok", "fail", "review"]
"""What the model says of one rule: ``ok`` (pass, info or not applicable), ``fail``, ``review``."""

TIANJIN = "天津市"

#: The application's date field for each stage a ``schedule_step`` clause can judge.
APPLICATION_DATE_FIELDS: dict[str, str] = {
    "submitted": "submitted_to_recommender_on",
    "recommended": "recommended_on",
}

#: The lifecycle event whose date each stage's steps judge (product.md, "History and events").
EVENT_OF_STAGE: dict[str, str] = {
    "submitted": "application_submitted",
    "recommended": "recommended",
    "approved": "approved",
    "results_submitted": "results_submitted",
    "results_recommended": "results_recommended",
    "evaluated": "evaluated",
    "recognized": "excellent_recognized",
}

#: Checks that only inform (their findings are ``info``) or always pass for an application.
ALWAYS_OK = frozenset(
    {"scope", "plan_published", "regulation_validity", "text_not_available", "focus_sector", "preferential_direction"}
)

#: Checks whose rules :func:`one_clause_broken` can break to ``fail`` with a single fact, and how.
BREAKABLE_CHECKS: dict[str, str] = {
    "applicant_type": "org_type → a refused type, or a type that needs recognition, unrecognised (code re-issued)",
    "registered_in_territory": "district → 外省市 or a place outside Tianjin, or another district (code re-issued)",
    "credit_code": "credit_code → a malformed code (length, alphabet, a letter in the division)",
    "expected_benefits": "expected_benefits → [] or benefits the clause does not name (where unmatched is fail)",
    "start_date_window": "project.start_date → the day before earliest (or after the application if not_started fails)",
    "direction": "project.direction → a direction the plan does not allow (only when it allows a subset)",
    "topic_type": "project.topic_type → a type the plan does not allow (only when it allows a subset)",
    "recommender_kind": "recommender.kind → a kind the clause refuses (neither allowed nor unclear)",
    "materials": "materials → without one required material, or []",
    "declaration": "declarations.<field> → false",
    "schedule_step": "the stage's date → the day after the deadline or clearly after the period (where a miss fails)",
}

#: Every check the model knows (all checks that can judge an application). 策略已知的检查。
KNOWN_CHECKS: frozenset[str] = frozenset(
    ALWAYS_OK
    | set(BREAKABLE_CHECKS)
    | {
        "district_corroboration",
        "org_type_corroboration",
        "duplication",
        "recommendation",
        "dates_in_order",
        "debarment",
    }
)


class StrategyError(GongguanError):
    """The strategies cannot serve this plan. 策略无法用于该方案。"""

    code = "strategy"


class UnknownCheckError(StrategyError):
    """A plan uses a check the strategies have no model of. 策略不认识的检查。"""

    code = "strategy_unknown_check"

    def __init__(self, check: str, rule_id: str) -> None:
        self.check = check
        self.rule_id = rule_id
        super().__init__(
            f"strategies do not know check {check!r} (rule {rule_id}); add it to gongguan_rules.testing "
            f"/ 策略不认识检查“{check}”（规则 {rule_id}），请在 gongguan_rules.testing 中补充"
        )


class UnsatisfiablePlanError(StrategyError):
    """No application can satisfy the plan's rules together. 没有申报能同时满足全部规则。"""

    code = "strategy_unsatisfiable"

    def __init__(self, rule_id: str, reason: str) -> None:
        self.rule_id = rule_id
        super().__init__(f"no application can satisfy {rule_id}: {reason} / 没有申报能满足 {rule_id}")


# --------------------------------------------------------------------------- the rules


def judging_rules(plan: Plan) -> list[Rule]:
    """The rules that judge an application under ``plan`` (applicable, not marked not applicable).

    Raises :class:`UnknownCheckError` for a check the strategies have no model of.
    """
    out = []
    for rule in plan.rules:
        if not rule.applies("application") or rule.not_applicable is not None:
            continue
        if rule.check.name not in KNOWN_CHECKS:
            raise UnknownCheckError(rule.check.name, rule.id)
        if rule.check.name == "schedule_step":
            step = plan.step(rule.params_as(StepParams).step)
            if step.stage not in APPLICATION_DATE_FIELDS:
                raise StrategyError(
                    f"{rule.id}: schedule_step judges stage {step.stage!r}, for which an application carries no date "
                    f"(only {sorted(APPLICATION_DATE_FIELDS)}) / 申报不含该阶段的日期"
                )
        out.append(rule)
    return out


def rules_of(rules: Iterable[Rule], check: str) -> list[Rule]:
    """The rules among ``rules`` that run ``check``."""
    return [r for r in rules if r.check.name == check]
