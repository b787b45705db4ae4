"""The change model: what one difference between two plans looks like (:class:`PlanChange`,
:class:`FieldChange`), the sections changes are grouped in, and the comparison of fields and the
pairing of items that every part's differ shares.

变化的模型：一处变化的结构、变化所属的栏目，以及各部分比较共用的字段比较与配对。
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from ..citations import Citation

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
READING_SECTIONS: Mapping[str, Section] = {
    "duplication": "duplication",
    "deadline_inclusive": "deadlines",
    "missed_governed_deadline": "deadlines",
    "missed_intermediate_deadline": "deadlines",
    "deferred_step": "deadlines",
    "fuzzy": "deadlines",
    "bar_years": "eligibility",
    "bar_same_day": "eligibility",
}

SECTION_ORDER = {name: n for n, name in enumerate(SECTIONS)}


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


def cites(citations: Iterable[Citation]) -> list[dict[str, Any]]:
    """Citations as the JSON a side of a change carries."""
    return [c.model_dump(mode="json", exclude_none=True) for c in citations]


def field_changes(old: Compared, new: Compared) -> list[FieldChange]:
    """The fields whose compared values differ, in ``old``'s order then ``new``'s (for two lists,
    with the items only one side has)."""
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


def same(values: Mapping[str, Any]) -> Compared:
    """Fields compared as they are shown."""
    return {name: (value, value) for name, value in values.items()}


T = TypeVar("T")


def pair(
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
