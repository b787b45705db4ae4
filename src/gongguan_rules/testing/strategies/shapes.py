"""Anything in the contract's shape: applications valid or not, lifecycle events and histories.

任意形状合规的申报、事件与历史记录。Values come in every spelling the API reads (enum values in
any accepted spelling, ISO dates and RFC 3339 datetimes, credit codes valid or not) and from a small
pool of units and project names, so that applications and histories correlate.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from ...identity.credit_code import ALPHABET, CATEGORIES
from ...identity.districts import TIANJIN_DISTRICTS
from ...law.checks import SectorParams, StartWindowParams
from ...law.plans import Plan
from ...law.vocab import (
    Benefit,
    Direction,
    EventKind,
    Material,
    OrgType,
    RecommenderKind,
    RevocationReason,
    TopicType,
    accepted_spellings,
    zh_name,
)
from .eligible import eligible_applications, example_application, fully_known
from .facts import parent_of
from .known import TIANJIN, rules_of
from .vocabulary import OTHER_SECTORS, OUTSIDE_PLACES, PROJECT_NAMES, credit_code_for, district_spellings, divisions_of

# --------------------------------------------------------------------------- any application


# The date forms the API reads (inputs/dates.py): ISO dates and RFC 3339 datetimes.
_DATE_FORMATS: tuple[Callable[[date], str], ...] = (
    lambda d: d.isoformat(),
    lambda d: f" {d.isoformat()} ",
    lambda d: f"{d.isoformat()}T09:30:00",
    lambda d: f"{d.isoformat()}T23:59:00+08:00",
    lambda d: f"{d.isoformat()}T16:30:00Z",
)


def _dates_near(plan: Plan) -> st.SearchStrategy[date]:
    anchors = [s.timing.by for s in plan.spec.schedule if s.timing.by is not None]
    anchors += [r.params_as(StartWindowParams).earliest for r in rules_of(plan.rules, "start_date_window")]
    near = st.sampled_from(anchors or [date(plan.year, 4, 1)]).flatmap(
        lambda a: st.integers(-3, 3).map(lambda k: a + timedelta(days=k))
    )
    return st.one_of(near, st.dates(date(plan.year - 3, 1, 1), date(plan.year + 1, 12, 31)))


def _date_text(plan: Plan) -> st.SearchStrategy[str]:
    return st.tuples(_dates_near(plan), st.sampled_from(_DATE_FORMATS)).map(lambda pair: pair[1](pair[0]))


def _spelling(enum: type[Any]) -> st.SearchStrategy[str]:
    values = [m.value for m in enum]
    return st.one_of(
        st.sampled_from(values),
        st.sampled_from(accepted_spellings(enum)),
        st.sampled_from(values).map(lambda v: f" {v.upper()} "),
        st.sampled_from([zh_name(enum, v) for v in values]),
    )


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A value, or absent (None), or the empty string, the same as absent."""
    return st.one_of(strategy, strategy, st.none(), st.just(""))


def _places(plan: Plan) -> st.SearchStrategy[str]:
    spellings = [s for d in TIANJIN_DISTRICTS for s in district_spellings(d)] + district_spellings(TIANJIN)
    others = [p for p, _ in OUTSIDE_PLACES] + ["河北", "滨海高新区", "天津经济技术开发区", "外地"]
    return st.one_of(st.sampled_from(spellings), st.sampled_from(others), st.text(max_size=8))


@st.composite
def _credit_codes(draw: st.DrawFn) -> str:
    code = credit_code_for(
        draw(st.sampled_from(sorted(CATEGORIES))),
        draw(st.sampled_from([*divisions_of(TIANJIN), "110108", "129999"])),
        draw(st.text(alphabet=ALPHABET, min_size=8, max_size=8)),
    )
    variant = draw(st.sampled_from(["valid", "valid", "bad_check", "lower", "malformed", "text"]))
    if variant == "bad_check":
        return code[:17] + ("0" if code[17] != "0" else "1")
    if variant == "lower":
        return code.lower()
    if variant == "malformed":
        return draw(st.text(alphabet=ALPHABET + "IOSVZ", min_size=0, max_size=20))
    if variant == "text":
        return draw(st.text(max_size=20))
    return code


def _pool(plan: Plan) -> tuple[list[tuple[str, str]], list[str]]:
    """A small pool of units (code, name) and project names shared by applications and events."""
    base = example_application(plan) if fully_known(plan) else None
    units = [
        (credit_code_for("91", "120116", "MA05K3T7"), "天津滨海精工制造有限公司"),
        (credit_code_for("12", "120224", "40005678"), "天津市宝坻质量检测研究院"),
    ]
    if base is not None:
        units.insert(0, (base["applicant"]["credit_code"], base["applicant"]["name"]))
    return units, list(PROJECT_NAMES[:3])


def _perturb(app: dict[str, Any], fields: list[tuple[str, st.SearchStrategy[Any]]], draw: st.DrawFn) -> dict[str, Any]:
    out = copy.deepcopy(app)
    for path, strategy in draw(st.lists(st.sampled_from(fields), unique_by=lambda f: f[0], max_size=4)):
        node, last = parent_of(out, path)
        choice = draw(st.sampled_from(["remove", "null", "empty", "value"]))
        if choice == "remove":
            node.pop(last, None)
        elif choice == "null":
            node[last] = None
        elif choice == "empty":
            node[last] = ""
        else:
            node[last] = draw(strategy)
    return out


def applications(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    """Any application in the contract's shape, valid or not. 任意形状合规的申报（可能不合格）。

    Every field may be absent, null or empty (an empty string, the same as absent, list fields
    included); enum values come in any accepted spelling (English value, Chinese name, upper case
    with blanks); dates as ISO dates or RFC 3339 datetimes (with an offset, or none for Beijing
    time); credit codes valid, with a wrong check character,
    lower case or malformed. Half the draws start from an eligible application and change a few
    fields, so that every rule is reached on both sides. ``gr.evaluate`` never raises on them.
    """
    units, names = _pool(plan)
    sectors = [s for r in rules_of(plan.rules, "focus_sector") for s in r.params_as(SectorParams).sectors]
    text = st.text(max_size=12)
    dates = _date_text(plan)
    fields: list[tuple[str, st.SearchStrategy[Any]]] = [
        ("applicant.name", st.one_of(st.sampled_from([n for _, n in units]), text)),
        ("applicant.credit_code", st.one_of(st.sampled_from([c for c, _ in units]), _credit_codes())),
        ("applicant.org_type", _spelling(OrgType)),
        ("applicant.district", _places(plan)),
        ("applicant.recognized_by_authority", st.sampled_from([True, False, "是", "否"])),
        ("project.name", st.one_of(st.sampled_from(names), text)),
        ("project.sector", st.one_of(st.sampled_from([*sectors, *OTHER_SECTORS]), text)),
        ("project.direction", _spelling(Direction)),
        ("project.topic_type", _spelling(TopicType)),
        ("project.start_date", dates),
        ("project.expected_benefits", st.lists(_spelling(Benefit), max_size=4)),
        ("materials", st.lists(_spelling(Material), max_size=4)),
        ("declarations.original", st.booleans()),
        ("declarations.no_confidential_content", st.booleans()),
        ("declarations.truthful", st.booleans()),
        ("recommender.name", text),
        ("recommender.kind", _spelling(RecommenderKind)),
        ("submitted_to_recommender_on", dates),
        ("recommended_on", dates),
    ]
    eligible = eligible_applications(plan) if fully_known(plan) else None

    @st.composite
    def build(draw: st.DrawFn) -> dict[str, Any]:
        if eligible is not None and draw(st.booleans()):
            return _perturb(draw(eligible), fields, draw)
        app: dict[str, Any] = {}
        for path, strategy in fields:
            value = draw(_maybe(strategy))
            if value is None and draw(st.booleans()):
                continue
            node, last = parent_of(app, path)
            node[last] = value
        return app

    return build()


# --------------------------------------------------------------------------- events and histories


def events(plan: Plan) -> st.SearchStrategy[dict[str, Any]]:
    """Any lifecycle event in the contract's shape. 任意形状合规的事件。

    Units and project names come from a small pool (the same as :func:`applications`) so that a
    history drawn with :func:`histories` correlates with them.
    """
    units, names = _pool(plan)
    dates = _date_text(plan)
    expert = st.fixed_dictionaries(
        {},
        optional={
            "name": st.sampled_from(["张工", "李教授", "王研究员"]),
            "affiliation": st.sampled_from([n for _, n in units] + ["天津大学"]),
            "affiliation_credit_code": st.sampled_from([c for c, _ in units]),
            "conflict_declared": st.booleans(),
            "withdrawn": st.booleans(),
        },
    )
    return st.fixed_dictionaries(
        {"kind": _spelling(EventKind)},
        optional={
            "date": dates,
            "year": st.sampled_from([plan.year, plan.year - 1, plan.year - 3]),
            "credit_code": st.sampled_from([c for c, _ in units]),
            "unit": st.sampled_from([n for _, n in units]),
            "project_name": st.sampled_from(names),
            "district": _places(plan),
            "recommender": st.fixed_dictionaries(
                {}, optional={"name": st.text(max_size=8), "kind": _spelling(RecommenderKind)}
            ),
            "reason": _spelling(RevocationReason),
            "public_notice": st.booleans(),
            "experts": st.lists(expert, max_size=3),
            "amount": st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
            "charged_by": st.text(max_size=8),
            "notice_deadline": dates,
        },
    )


def histories(plan: Plan, max_size: int = 6) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Lists of events (a history on record) for ``plan``. 历史记录。"""
    return st.lists(events(plan), max_size=max_size)
