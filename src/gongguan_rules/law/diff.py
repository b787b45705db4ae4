"""What changed between two plans, clause by clause, with the citations of both sides.

方案对比：逐条比较两个年度方案的规则（按编号）、文件、适用地域、解读参数、工作程序与时间要求，
每处变化列出两边的出处（文号、条或提纲标题、项）。

>>> import gongguan_rules as gr
>>> from gongguan_rules.law.diff import diff_plans
>>> for change in diff_plans(gr.load_plan(2025), gr.load_plan(2026)):
...     print(change.section, change.change, change.id)

What is compared, and how things are matched:

- **rules**: every rule the plan applies, the 管理办法's and the plan's own, matched by ``id``.
  A rule has changed when its check, its parameters, the subjects it judges, whether it is an
  inference, or whether it binds under the plan (a 管理办法 article not in force, or not binding a
  district plan) differ. A ``schedule_step`` rule is compared by the step it names (stage, role
  and timing), not by the step's id. The wording of a quote and the document a citation names
  change every year and are shown, not counted as a change.
- **schedule steps**: matched by ``id``, then the remaining ones stage by stage in file order.
  An exact day is compared within its year (4月16日 of 2025 and of 2026 are the same deadline).
- **documents**: the governing document, then the others by key, else by level, role and
  jurisdiction. **territory**, **readings** (each parameter by its dotted name) and
  **procedure** (the order of stages) are compared as values.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from .citations import Citation
from .plan_model import DocumentSpec, StepSpec, TimingSpec
from .plans import Plan
from .rules import Rule

Section = Literal["eligibility", "sectors", "recommenders", "deadlines", "windows", "duplication", "other"]
ChangeKind = Literal["added", "removed", "changed"]
Part = Literal["rule", "step", "procedure", "document", "territory", "reading"]

#: The sections in the order they are shown, with their headings (zh, en).
SECTIONS: dict[str, tuple[str, str]] = {
    "eligibility": ("申报条件", "eligibility"),
    "sectors": ("重点领域", "focus sectors"),
    "recommenders": ("推荐单位", "recommenders"),
    "deadlines": ("时间要求", "deadlines and schedule"),
    "windows": ("启动时间窗口", "start-date windows"),
    "duplication": ("雷同范围", "duplication scope"),
    "other": ("其他", "other"),
}

#: The section each check belongs to; a check not named here is ``other``.
CHECK_SECTIONS: Mapping[str, Section] = {
    "applicant_type": "eligibility",
    "registered_in_territory": "eligibility",
    "credit_code": "eligibility",
    "district_corroboration": "eligibility",
    "org_type_corroboration": "eligibility",
    "expected_benefits": "eligibility",
    "direction": "eligibility",
    "topic_type": "eligibility",
    "materials": "eligibility",
    "declaration": "eligibility",
    "debarment": "eligibility",
    "focus_sector": "sectors",
    "preferential_direction": "sectors",
    "recommender_kind": "recommenders",
    "recommendation": "recommenders",
    "schedule_step": "deadlines",
    "event_schedule": "deadlines",
    "dates_in_order": "deadlines",
    "procedure_order": "deadlines",
    "event_order": "deadlines",
    "start_date_window": "windows",
    "duplication": "duplication",
}

# Readings by their first dotted part; the rest are ``other``.
_READING_SECTIONS: Mapping[str, Section] = {
    "duplication": "duplication",
    "deadline_inclusive": "deadlines",
    "missed_governed_deadline": "deadlines",
    "missed_intermediate_deadline": "deadlines",
    "deferred_step": "deadlines",
    "fuzzy": "deadlines",
    "bar_years": "eligibility",
    "bar_same_day": "eligibility",
}

_SECTION_ORDER = {name: n for n, name in enumerate(SECTIONS)}


class FieldChange(BaseModel):
    """One value that differs between the two plans. 一处取值的变化。

    ``field`` is a dotted name (``params.allowed``, ``timing.by``, ``applies``); for two lists
    ``added`` and ``removed`` give the items only one side has.
    """

    model_config = ConfigDict(frozen=True)

    field: str
    before: Any = None
    after: Any = None
    added: list[Any] | None = None
    removed: list[Any] | None = None


class PlanChange(BaseModel):
    """One change from plan ``a`` to plan ``b``. 一处变化。

    ``before`` / ``after`` describe the item on each side (absent when it was added / removed);
    each has ``citations``, a list of :class:`~gongguan_rules.Citation` as JSON (empty for
    values that carry none, such as readings). ``matched_by`` says how a changed item was paired
    (``id``; ``stage`` for schedule steps with different ids; ``key``/``role`` for documents).
    """

    model_config = ConfigDict(frozen=True)

    section: Section
    change: ChangeKind
    part: Part
    id: str
    title: dict[str, str] | None = None
    matched_by: str | None = None
    fields: list[FieldChange] = Field(default_factory=list)
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def citations(self, side: Literal["before", "after"]) -> list[Citation]:
        """The citations of one side, as models. 某一侧的出处。"""
        data = self.before if side == "before" else self.after
        if not data:
            return []
        return [Citation.model_validate(c) for c in data.get("citations", [])]


Compared = dict[str, tuple[Any, Any]]
"""Fields as compared: dotted name → (the value compared, the value shown)."""


def _cites(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    return [c.model_dump(mode="json", exclude_none=True) for c in citations]


def _timing(timing: TimingSpec) -> dict[str, Any]:
    out = timing.model_dump(mode="json", exclude_none=True)
    if not out.get("deferred"):
        out.pop("deferred", None)
    return out


def _timing_key(timing: TimingSpec, year: int) -> dict[str, Any]:
    """Timing as compared: an exact day within its plan year, the wording left out."""
    out = _timing(timing)
    out.pop("text", None)
    if timing.by is not None:
        out["by"] = [timing.by.year - year, timing.by.month, timing.by.day]
    return out


def _step_side(plan: Plan, step: StepSpec) -> dict[str, Any]:
    side: dict[str, Any] = {
        "id": step.id,
        "stage": step.stage,
        "role": step.role,
        "timing": _timing(step.timing),
    }
    if step.districts:
        side["districts"] = list(step.districts)
    side["quote"] = step.quote
    side["citations"] = _cites(plan.citation(c) for c in step.cite)
    return side


def _step_fields(plan: Plan, step: StepSpec, prefix: str = "") -> Compared:
    return {
        f"{prefix}stage": (step.stage, step.stage),
        f"{prefix}role": (step.role, step.role),
        f"{prefix}timing": (_timing_key(step.timing, plan.year), _timing(step.timing)),
        f"{prefix}districts": (sorted(step.districts or []), list(step.districts or [])),
    }


def _rule_step(plan: Plan, rule: Rule) -> StepSpec | None:
    if rule.check.name != "schedule_step":
        return None
    step_id = rule.params.model_dump().get("step")
    try:
        return plan.step(str(step_id))
    except KeyError:
        return None


def not_applicable_reason(plan: Plan, rule: Rule) -> dict[str, str] | None:
    """Why a rule does not bind under a plan (zh, en), its placeholders filled; None when it binds.

    规则在该方案下不适用的理由（已填入日期与文号）；适用时为 None。
    """
    reason = plan.not_applicable_reason(rule)
    return None if reason is None else {"zh": reason.zh, "en": reason.en}


def _rule_side(plan: Plan, rule: Rule) -> dict[str, Any]:
    side: dict[str, Any] = {
        "id": rule.id,
        "source": rule.source,
        "check": rule.check.name,
        "params": rule.params.model_dump(mode="json"),
        "applies_to": list(rule.applies_to),
        "inference": rule.inference,
        "applies": rule.not_applicable is None,
    }
    reason = not_applicable_reason(plan, rule)
    if reason is not None:
        side["not_applicable"] = reason
    step = _rule_step(plan, rule)
    if step is not None:
        side["step"] = _step_side(plan, step)
    if rule.note:
        side["note"] = rule.note
    if rule.quote:
        side["quote"] = rule.quote
    side["citations"] = _cites(rule.citations)
    return side


def _rule_fields(plan: Plan, rule: Rule) -> Compared:
    """The substance of a rule, as compared. 规则的实质内容（用于比较）。"""
    params = rule.params.model_dump(mode="json")
    fields: Compared = {"check": (rule.check.name, rule.check.name)}
    step = _rule_step(plan, rule)
    if step is not None:
        params.pop("step", None)
        fields.update(_step_fields(plan, step, "step."))
    for name, value in params.items():
        fields[f"params.{name}"] = (value, value)
    fields["applies_to"] = (sorted(rule.applies_to), list(rule.applies_to))
    fields["inference"] = (rule.inference, rule.inference)
    applies = rule.not_applicable is None
    fields["applies"] = (applies, applies)
    return fields


def _field_changes(old: Compared, new: Compared) -> list[FieldChange]:
    out: list[FieldChange] = []
    absent: tuple[Any, Any] = (None, None)
    for name in list(old) + [k for k in new if k not in old]:
        (old_key, old_shown), (new_key, new_shown) = old.get(name, absent), new.get(name, absent)
        if old_key == new_key:
            continue
        change = FieldChange(field=name, before=old_shown, after=new_shown)
        if isinstance(old_shown, list) and isinstance(new_shown, list):
            change = change.model_copy(
                update={
                    "added": [x for x in new_shown if x not in old_shown],
                    "removed": [x for x in old_shown if x not in new_shown],
                }
            )
        out.append(change)
    return out


def _same(values: Mapping[str, Any]) -> Compared:
    return {name: (value, value) for name, value in values.items()}


def _rule_section(rule: Rule) -> Section:
    return CHECK_SECTIONS.get(rule.check.name, "other")


def _title(rule: Rule) -> dict[str, str]:
    return {"zh": rule.messages.title.zh, "en": rule.messages.title.en}


def _diff_rules(a: Plan, b: Plan) -> list[PlanChange]:
    out: list[PlanChange] = []
    a_rules = {r.id: r for r in a.rules}
    b_ids = {r.id for r in b.rules}
    for rule in b.rules:
        old = a_rules.get(rule.id)
        if old is None:
            out.append(
                PlanChange(
                    section=_rule_section(rule),
                    change="added",
                    part="rule",
                    id=rule.id,
                    title=_title(rule),
                    after=_rule_side(b, rule),
                )
            )
            continue
        fields = _field_changes(_rule_fields(a, old), _rule_fields(b, rule))
        if fields:
            out.append(
                PlanChange(
                    section=_rule_section(rule),
                    change="changed",
                    part="rule",
                    id=rule.id,
                    title=_title(rule),
                    matched_by="id",
                    fields=fields,
                    before=_rule_side(a, old),
                    after=_rule_side(b, rule),
                )
            )
    for rule in a.rules:
        if rule.id not in b_ids:
            out.append(
                PlanChange(
                    section=_rule_section(rule),
                    change="removed",
                    part="rule",
                    id=rule.id,
                    title=_title(rule),
                    before=_rule_side(a, rule),
                )
            )
    return out


T = TypeVar("T")


def _pair(
    before: Sequence[T], after: Sequence[T], keys: Sequence[tuple[str, Callable[[T], object]]]
) -> tuple[list[tuple[T, T, str]], list[T], list[T]]:
    """Pair items by each key in turn (first match in file order); the rest stay unpaired."""
    pairs: list[tuple[T, T, str]] = []
    left, right = list(before), list(after)
    for name, key in keys:
        remaining: list[T] = []
        for item in right:
            match = next((i for i, x in enumerate(left) if key(x) == key(item)), None)
            if match is None:
                remaining.append(item)
                continue
            pairs.append((left.pop(match), item, name))
        right = remaining
    return pairs, left, right


def _step_id(step: StepSpec) -> object:
    return step.id


def _step_stage(step: StepSpec) -> object:
    return step.stage


def _diff_steps(a: Plan, b: Plan) -> list[PlanChange]:
    out: list[PlanChange] = []
    pairs, removed, added = _pair(a.spec.schedule, b.spec.schedule, [("id", _step_id), ("stage", _step_stage)])
    by_after = {new.id: (old, how) for old, new, how in pairs}
    added_ids = {s.id for s in added}
    for step in b.spec.schedule:
        if step.id in added_ids:
            out.append(
                PlanChange(section="deadlines", change="added", part="step", id=step.id, after=_step_side(b, step))
            )
            continue
        old, how = by_after[step.id]
        fields = _field_changes(_step_fields(a, old), _step_fields(b, step))
        if old.id != step.id:
            fields.insert(0, FieldChange(field="id", before=old.id, after=step.id))
        if fields:
            out.append(
                PlanChange(
                    section="deadlines",
                    change="changed",
                    part="step",
                    id=step.id,
                    matched_by=how,
                    fields=fields,
                    before=_step_side(a, old),
                    after=_step_side(b, step),
                )
            )
    for step in removed:
        out.append(
            PlanChange(section="deadlines", change="removed", part="step", id=step.id, before=_step_side(a, step))
        )
    return out


def _document_side(doc: DocumentSpec) -> dict[str, Any]:
    side = doc.model_dump(mode="json", exclude_none=True)
    side["cite_as"] = doc.cite_as
    side["citations"] = []
    return side


_DOCUMENT_FIELDS = ("number", "title", "issuer", "issued_on", "level", "role", "parent", "jurisdiction")


def _document_fields(doc: DocumentSpec) -> Compared:
    data = doc.model_dump(mode="json")
    return _same({name: data.get(name) for name in _DOCUMENT_FIELDS})


def _document_key(doc: DocumentSpec) -> object:
    return doc.key


def _document_role(doc: DocumentSpec) -> object:
    return (doc.level, doc.role, doc.jurisdiction)


def _diff_documents(a: Plan, b: Plan) -> list[PlanChange]:
    out: list[PlanChange] = []
    pairs: list[tuple[DocumentSpec, DocumentSpec, str]] = [(a.governing_document, b.governing_document, "governing")]
    others_a = [d for d in a.spec.documents if d.key != a.spec.governing]
    others_b = [d for d in b.spec.documents if d.key != b.spec.governing]
    more, removed, added = _pair(others_a, others_b, [("key", _document_key), ("role", _document_role)])
    pairs.extend(more)
    for old, new, how in pairs:
        fields = _field_changes(_document_fields(old), _document_fields(new))
        if fields:
            out.append(
                PlanChange(
                    section="other",
                    change="changed",
                    part="document",
                    id="governing" if how == "governing" else new.key,
                    matched_by=how,
                    fields=fields,
                    before=_document_side(old),
                    after=_document_side(new),
                )
            )
    for doc in added:
        out.append(PlanChange(section="other", change="added", part="document", id=doc.key, after=_document_side(doc)))
    for doc in removed:
        out.append(
            PlanChange(section="other", change="removed", part="document", id=doc.key, before=_document_side(doc))
        )
    return out


def _flatten(data: Mapping[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, Mapping):
            out.update(_flatten(value, f"{name}."))
        else:
            out[name] = value
    return out


def _diff_readings(a: Plan, b: Plan) -> list[PlanChange]:
    out: list[PlanChange] = []
    old = _flatten(a.spec.readings.model_dump(mode="json"))
    new = _flatten(b.spec.readings.model_dump(mode="json"))
    for name in list(old) + [k for k in new if k not in old]:
        if old.get(name) == new.get(name):
            continue
        out.append(
            PlanChange(
                section=_READING_SECTIONS.get(name.split(".")[0], "other"),
                change="changed",
                part="reading",
                id=f"readings.{name}",
                matched_by="id",
                fields=[FieldChange(field=name, before=old.get(name), after=new.get(name))],
                before={"value": old.get(name), "citations": []},
                after={"value": new.get(name), "citations": []},
            )
        )
    return out


def _diff_territory(a: Plan, b: Plan) -> list[PlanChange]:
    if a.spec.territory == b.spec.territory:
        return []
    return [
        PlanChange(
            section="eligibility",
            change="changed",
            part="territory",
            id="territory",
            matched_by="id",
            fields=[FieldChange(field="territory", before=a.spec.territory, after=b.spec.territory)],
            before={"territory": a.spec.territory, "citations": []},
            after={"territory": b.spec.territory, "citations": []},
        )
    ]


def _diff_procedure(a: Plan, b: Plan) -> list[PlanChange]:
    old, new = list(a.spec.procedure), list(b.spec.procedure)
    if old == new:
        return []
    return [
        PlanChange(
            section="deadlines",
            change="changed",
            part="procedure",
            id="procedure",
            matched_by="id",
            fields=_field_changes(_same({"procedure": old}), _same({"procedure": new})),
            before={"procedure": old, "citations": _cites(a.citation(c) for c in a.spec.procedure_cite)},
            after={"procedure": new, "citations": _cites(b.citation(c) for c in b.spec.procedure_cite)},
        )
    ]


def diff_plans(a: Plan, b: Plan) -> list[PlanChange]:
    """What changed from plan ``a`` to plan ``b``, grouped by section. 从方案 a 到方案 b 的变化。

    Sections in the order of :data:`SECTIONS`; within a section: documents, territory,
    readings, rules (in ``b``'s order, then those only ``a`` has), the procedure and the
    schedule steps. Deterministic: the same two plans give the same list.
    """
    changes = [
        *_diff_documents(a, b),
        *_diff_territory(a, b),
        *_diff_readings(a, b),
        *_diff_rules(a, b),
        *_diff_procedure(a, b),
        *_diff_steps(a, b),
    ]
    return sorted(changes, key=lambda c: _SECTION_ORDER[c.section])


def unchanged_rules(a: Plan, b: Plan) -> list[str]:
    """Ids of the rules both plans apply alike. 两个方案中相同的规则。"""
    changed = {c.id for c in _diff_rules(a, b)}
    b_ids = {r.id for r in b.rules}
    return [r.id for r in a.rules if r.id in b_ids and r.id not in changed]
