"""What every invariant shares: the suite's Hypothesis profile, the violation and how it is
reported, the order of statuses, and the inputs built from an application (a fact changed, an
event of its unit and project).

各不变式共用的部分：套件的 Hypothesis 配置、违反时的报告、结论的轻重次序，以及由申报构造的输入。
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from datetime import date
from typing import Any

from hypothesis import HealthCheck, settings

from ...judging.decision import Decision, Finding
from ...law.plans import Plan
from ...law.vocab import Status

PROFILE = "gongguan-rules"
"""The Hypothesis settings profile of the suite: 60 examples, no deadline; derandomised in CI."""

_CI = bool(os.environ.get("CI"))
settings.register_profile(
    PROFILE,
    max_examples=60,
    deadline=None,
    derandomize=_CI,
    database=None if _CI else settings.get_profile("default").database,
    print_blob=_CI,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def suite_settings(max_examples: int | None = None) -> settings:
    """The suite's Hypothesis settings (profile :data:`PROFILE`), optionally with ``max_examples``."""
    base = settings.get_profile(PROFILE)
    return base if max_examples is None else settings(base, max_examples=max_examples)


class InvariantViolation(AssertionError):
    """An invariant does not hold; the message says which, on what, and why. 不变式不成立。"""


def fail_if_any(title: str, problems: Sequence[str], subject: Any = None) -> None:
    """Raise :class:`InvariantViolation` listing ``problems`` (and the input) when there are any."""
    if not problems:
        return
    text = title + "".join(f"\n  - {p}" for p in problems)
    if subject is not None:
        text += "\ninput: " + json.dumps(subject, ensure_ascii=False, sort_keys=True, default=str)
    raise InvariantViolation(text)


def finding_of(decision: Decision, rule_id: str) -> Finding:
    """The decision's finding of ``rule_id``; a violation when there is none."""
    found = decision.finding(rule_id)
    if found is None:
        raise InvariantViolation(f"no finding for {rule_id}")
    return found


#: How bad a status is for the applicant (pass and not applicable alike), for monotonicity.
BADNESS = {Status.not_applicable: 0, Status.passed: 0, Status.info: 1, Status.review: 2, Status.fail: 3}
#: Which status wins when several steps judge the same date (the worst).
RANK = {Status.not_applicable: 0, Status.passed: 1, Status.info: 2, Status.review: 3, Status.fail: 4}


def with_facts(application: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """``application`` with top-level dates, ``district`` or ``start_date`` changed (a shallow copy)."""
    out = dict(application)
    for key, value in changes.items():
        if key == "district":
            out["applicant"] = {**(out.get("applicant") or {}), "district": value}
        elif key == "start_date":
            out["project"] = {**(out.get("project") or {}), "start_date": value}
        else:
            out[key] = value
    return out


def event_for(
    plan: Plan, application: dict[str, Any], kind: str, day: date, district: str | None, notice: date | None = None
) -> dict[str, Any]:
    """A lifecycle event of ``kind`` on ``day`` for the application's unit and project."""
    applicant = application.get("applicant") or {}
    out: dict[str, Any] = {
        "kind": kind,
        "date": day.isoformat(),
        "year": plan.year,
        "credit_code": applicant.get("credit_code"),
        "unit": applicant.get("name"),
        "project_name": (application.get("project") or {}).get("name"),
    }
    if district is not None:
        out["district"] = district
    if notice is not None:
        out["notice_deadline"] = notice.isoformat()
    return out
