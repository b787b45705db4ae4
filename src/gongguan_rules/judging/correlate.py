"""Correlating the subject with its history: facts for the join rules, run on the join engine.

关联：从历史记录中预选与申报单位、项目名称相关的记录，转为规范化事实（durable-rules.md 陷阱 8、9），
交由关联引擎（durable-rules，或同一份规则的 Python 求值：``engines.engine_name()``）按 rules/joins.yaml 关联。
Every key a join compares goes through ``engines.joins.engine_key``, so that no string of 64 KiB or
more reaches durable-rules (it compares strings only up to their length mod 65,536) and both
engines see the very same facts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from .. import engines
from ..engines.joins import JoinRule, JoinSyntaxError, engine_key, parse_join
from ..errors import RulesError
from ..law.counting import years_after
from ..law.strict_yaml import read_yaml
from ..law.vocab import EventKind
from ..records.history_index import HistoryIndex, unit_key
from ..records.project_names import normalize_project_name
from .context import Context

Fact = dict[str, str | int]


@dataclass
class Correlation:
    """What the joins found: per join rule id, the history indexes it bound. 关联结果。"""

    matches: dict[str, list[int]]
    near: dict[str, list[tuple[int, float]]] = field(default_factory=dict)

    def of(self, join_id: str) -> list[int]:
        return self.matches.get(join_id, [])


@lru_cache(maxsize=1)
def join_rules() -> tuple[JoinRule, ...]:
    """rules/joins.yaml, read and checked once. 读取并检查关联规则。"""
    from ..law.data_files import rules_text

    path, text = rules_text("joins.yaml")
    located = read_yaml(text)
    if located.faults:
        raise RulesError("\n".join(f"{path}:{f.line}:{f.column}: {f.message}" for f in located.faults))
    out = []
    for number, raw in enumerate(located.data.get("joins", [])):
        line, _ = located.where(("joins", number))
        try:
            out.append(parse_join(raw, f"{path}:{line}"))
        except JoinSyntaxError as exc:
            raise RulesError(str(exc)) from None
    return tuple(out)


@lru_cache(maxsize=8)
def rules_of(kind: str) -> tuple[JoinRule, ...]:
    """The join rules of one subject type (``application``, ``event``), in file order."""
    return tuple(r for r in join_rules() if r.subject == kind)


def key(*parts: str) -> str:
    """A join key: the parts joined by ``|``, as the engines may see it (``engine_key``)."""
    return engine_key("|".join(parts))


@lru_cache(maxsize=8)
def _referenced(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Fields the joins of one subject type read from the subject and from the records."""
    refs = set().union(*(r.referenced() for r in rules_of(kind)))
    return (
        tuple(sorted(f for a, f in refs if a == "s")),
        tuple(sorted(f for a, f in refs if a == "r")),
    )


@lru_cache(maxsize=8)
def _anchors(kind: str) -> tuple[tuple[str, str], ...]:
    """(record field, subject field) of the equality that anchors each join of a subject type."""
    out = []
    for rule in rules_of(kind):
        for c in rule.record.comparisons:
            if c.op == "$eq" and c.ref is not None and c.ref[0] == "s":
                out.append((c.field, c.ref[1]))
    return tuple(out)


def _may_bind(kind: str, subject: Fact, records: list[Fact]) -> bool:
    """Whether any record shares an anchor value with the subject."""
    for record_field, subject_field in _anchors(kind):
        wanted = subject.get(subject_field)
        if wanted is not None and any(r.get(record_field) == wanted for r in records):
            return True
    return False


ABSENT_SUBJECT = "~s"
ABSENT_RECORD = "~r"


def _complete(subject: Fact, records: list[Fact]) -> tuple[Fact, list[Fact]]:
    """Give every field a join reads a value: a null in a join comparison makes durable-rules
    raise (trap 9). The fill-ins ("~s", "~r") never equal a key, so they never match."""
    from_subject, from_record = _referenced(str(subject["t"]))
    subject = {**{f: ABSENT_SUBJECT for f in from_subject}, **subject}
    records = [{**{f: ABSENT_RECORD for f in from_record}, **r} for r in records]
    return subject, records


def run_joins(subject: Fact, records: list[Fact], engine: str | None = None) -> dict[str, list[int]]:
    """Run the join rules of the subject's type; returns the record positions each rule bound.

    ``engine`` names the join engine (default: ``engines.engine_name()``). With no record, or no
    record that shares a join's anchor value with the subject, there is nothing to join and no
    engine is asked (the answer is the same on both).
    """
    rules = rules_of(str(subject["t"]))
    if not records or not _may_bind(str(subject["t"]), subject, records):
        # every join is anchored by one equality: if no record shares an anchor value with the
        # subject, no rule can bind one (exact, not an estimate), and no engine is asked
        return {r.id: [] for r in rules}
    subject, records = _complete(subject, records)
    fired = engines.join(rules, subject, records, engine)
    return {rule_id: sorted({int(b["r"]["h"]) for b in bindings}) for rule_id, bindings in fired.items()}


def regulation_in_force(ctx: Context) -> date:
    """The day the 管理办法 took effect (rules/regulation.yaml; 第二十七条): only revocations from
    then on create the bar of 第二十五条."""
    return ctx.plan.regulation.document.in_force_from


def bar_end(revoked_on: date, years: int) -> date:
    """The last day of the bar (第二十五条 5年内; 民法典 第二百零一条、第二百零二条)."""
    return years_after(revoked_on, years)


def application_facts(ctx: Context) -> tuple[Fact, list[Fact], dict[str, list[tuple[int, float]]]]:
    """The subject fact of an application and the facts of the records that concern it."""
    app = ctx.app
    plan = ctx.plan
    history: HistoryIndex = ctx.history
    ukey = unit_key(app.applicant.credit_code, app.applicant.name)
    same_unit = set(history.of_same_unit(app.applicant.credit_code, app.applicant.name))
    name = normalize_project_name(app.project.name) if app.project.name else ""
    applied = ctx.application_date
    subject: Fact = {"t": "application"}
    if name:
        subject["want_nx"] = key("x", name)
        subject["want_np"] = key("p", name)
        if ukey:
            subject["want_dx"] = key("x", ukey, name)
            subject["want_dp"] = key("p", ukey, name)
    if ukey:
        bar = key("b", ukey)
        subject |= {"want_bk": bar, "want_ba": bar, "want_bs": bar}

    readings = plan.spec.readings.duplication
    near: dict[str, list[tuple[int, float]]] = {}
    chosen: set[int] = same_unit | set(history.with_name(name or None))
    if app.project.name and len(history):
        similar = history.similar_names(app.project.name, readings.near_threshold, readings.max_reported * 4)
        near["all"] = similar
        chosen.update(i for i, _ in similar)
    # a recognition's revocation must be on hand to undo it: bring the unit's revocations along
    for i in list(chosen):
        chosen.update(history.of_unit(history.unit_keys[i]))

    records: list[Fact] = []
    for i in sorted(chosen):
        fact = record_fact(ctx, i, ukey if i in same_unit else history.unit_keys[i], applied)
        if fact is not None:
            records.append(fact)
    return subject, records, near


def record_fact(ctx: Context, i: int, ukey: str | None, applied: date | None) -> Fact | None:
    """One history record as a fact for the joins, or None when no join can use it.

    ``ukey`` is the unit key the record is joined under: the subject's own key when Python has
    found the record to be of the subject's unit (by code, or by name where a code is missing).
    ``applied`` is the date of the application the bar is judged for: whether a revocation's bar
    covers it is computed here, into the keys ``ba``/``bs`` (durable-rules trap 6).
    """
    history = ctx.history
    event = history.events[i]
    name = history.name_keys[i]
    year = event.plan_year()
    # a record with neither year nor date is on record, so it counts as past (历年); the checks
    # say when a match rests on such a record
    earlier = year is None or year < ctx.plan.year
    fact: Fact = {"t": event.kind.value, "h": i}
    if event.kind is EventKind.excellent_recognized and name and earlier:
        fact["nx"] = key("x", name)
        fact["np"] = key("p", name)
        if ukey:
            fact["dx"] = key("x", ukey, name)
            fact["dp"] = key("p", ukey, name)
            fact["rk"] = key("v", ukey, name)
    elif event.kind is EventKind.approved and name and earlier:
        fact["np"] = key("p", name)
        if ukey:
            fact["dp"] = key("p", ukey, name)
    elif event.kind is EventKind.recognition_revoked and ukey:
        if name:
            fact["rv"] = key("v", ukey, name)
        revoked = event.date
        if revoked is None:
            fact["bk"] = key("b", ukey)  # on record, but no span can be placed
        elif revoked >= regulation_in_force(ctx):
            fact["bk"] = key("b", ukey)
            if applied is not None and revoked < applied <= bar_end(revoked, ctx.plan.spec.readings.bar_years):
                fact["ba"] = key("b", ukey)
            elif applied is not None and applied == revoked:
                fact["bs"] = key("b", ukey)
    if len(fact) == 2:
        return None
    return fact


def bar_facts(ctx: Context, credit_code: str | None, unit: str | None, applied: date | None) -> tuple[Fact, list[Fact]]:
    """Subject and record facts for the five-year bar of a unit applying on a date."""
    ukey = unit_key(credit_code, unit)
    subject: Fact = {"t": "application"}
    records: list[Fact] = []
    if ukey:
        bar = key("b", ukey)
        subject |= {"want_bk": bar, "want_ba": bar, "want_bs": bar}
        for i in ctx.history.of_same_unit(credit_code, unit):
            fact = record_fact(ctx, i, ukey, applied)
            if fact is not None and "bk" in fact:
                records.append(fact)
    return subject, records


def event_facts(ctx: Context) -> tuple[Fact, list[Fact]]:
    """The subject fact of an event and the facts of the same unit's records of the same project
    dated on or before it (undated records, or an undated event, count as before)."""
    ev = ctx.ev
    history = ctx.history
    ukey = unit_key(ev.credit_code, ev.unit)
    name = normalize_project_name(ev.project_name) if ev.project_name else ""
    year = ev.year if ev.year is not None else ctx.plan.year
    subject: Fact = {"t": "event"}
    records: list[Fact] = []
    if not (ukey and name):
        return subject, records
    project = key(ukey, name)
    subject["want_py"] = key(ukey, name, str(year))
    subject["want_pa"] = project
    for i in history.of_same_unit(ev.credit_code, ev.unit):
        e = history.events[i]
        if history.name_keys[i] != name or (ev.date and e.date and e.date > ev.date):
            continue
        fact: Fact = {"t": e.kind.value, "h": i, "pa": project}
        record_year = e.plan_year()
        if record_year is not None:
            fact["py"] = key(ukey, name, str(record_year))
        records.append(fact)
    return subject, records


def correlate(ctx: Context) -> Correlation:
    """Correlate the application or event with its history. 将申报或事件与历史记录关联。"""
    if not len(ctx.history):
        # nothing on record: no join can bind a record
        return Correlation(matches={r.id: [] for r in rules_of("application")})
    if ctx.application is not None:
        subject, records, near = application_facts(ctx)
        matches = run_joins(subject, records)
        return Correlation(matches=matches, near=near)
    ev = ctx.ev
    subject, records = event_facts(ctx)
    matches = run_joins(subject, records)
    bar_subject, bar_records = bar_facts(ctx, ev.credit_code, ev.unit, ev.date)
    matches.update(run_joins(bar_subject, bar_records))
    return Correlation(matches=matches)


def describe_record(ctx: Context, i: int) -> dict[str, Any]:
    """A history record as a finding shows it. 结论中展示的历史记录。"""
    e = ctx.history.events[i]
    out: dict[str, Any] = {"history_index": i, "kind": e.kind.value}
    for key in ("year", "date", "unit", "credit_code", "project_name", "reason"):
        value = getattr(e, key)
        if value is not None:
            out[key] = value.isoformat() if isinstance(value, date) else getattr(value, "value", value)
    return out
