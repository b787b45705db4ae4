"""History records from YAML: a list of records, or a mapping whose sections set the kind
(``past_projects``, ``excellent_results``, ``revocations``). Safe YAML only, read by the one
bounded reader (law/strict_yaml.py); a tag, a merge key or a nested value is a fault of the file.

从 YAML 读取历史记录：记录列表，或按节（历年项目、优秀成果、撤销认定）给出类型的映射。只接受安全的
YAML；标签、合并键与嵌套取值均为文件的错误。
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from ...law.strict_yaml import compose
from ...quoting import quote
from .fields import SECTION_LOOKUP, SECTIONS, match_key, suggest
from .records import Faults, Value, build_event, mapping_values


def _line(node: yaml.Node) -> int:
    return int(node.start_mark.line) + 1


_PLAIN_COLLECTIONS = frozenset({"tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"})


def _foreign_tag(node: yaml.Node, faults: Faults) -> bool:
    """Report a list or mapping carrying a tag of its own (``!!python/object``, ``!foo``)."""
    if isinstance(node, yaml.ScalarNode) or node.tag in _PLAIN_COLLECTIONS:
        return False
    faults.add(_line(node), f"invalid YAML: the tag {quote(node.tag)} is not allowed (safe YAML only)")
    return True


def load_yaml(text: str, default_kind: str | None, faults: Faults) -> list[dict[str, object]]:
    try:
        root = compose(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = exc.problem or exc.context or "invalid YAML"
        faults.add(line, f"invalid YAML: {problem}")
        return []
    except yaml.YAMLError as exc:
        faults.add(None, f"invalid YAML: {exc}")
        return []
    constructor = yaml.constructor.SafeConstructor()
    shape = "expected a list of records, or a mapping with the sections " + ", ".join(SECTIONS)
    if root is None:
        faults.add(None, f"the file is empty; {shape} (write [] for no records)")
        return []
    if _foreign_tag(root, faults):
        return []
    if isinstance(root, yaml.SequenceNode):
        return _yaml_records(root, default_kind, None, constructor, faults)
    if not isinstance(root, yaml.MappingNode):
        faults.add(_line(root), f"{shape}, not a single value")
        return []
    events: list[dict[str, object]] = []
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        key = _scalar(key_node, constructor)
        section = SECTION_LOOKUP.get(match_key(key)) if isinstance(key, str) else None
        if section is None:
            known = {match_key(name): name for name in SECTIONS}
            hint = suggest(key, known) if isinstance(key, str) else ""
            faults.add(
                _line(key_node),
                f"unknown section {quote(key)}{hint}; expected {', '.join(SECTIONS)}",
            )
            continue
        if section in seen:
            faults.add(
                _line(key_node),
                f"duplicate key {section!r} (first at line {seen[section]})",
            )
            continue
        seen[section] = _line(key_node)
        if isinstance(value_node, yaml.ScalarNode) and _scalar(value_node, constructor) is None:
            continue
        if _foreign_tag(value_node, faults):
            continue
        if not isinstance(value_node, yaml.SequenceNode):
            faults.add(_line(value_node), f"section {section!r} must be a list of records")
            continue
        events.extend(_yaml_records(value_node, default_kind, section, constructor, faults))
    return events


def _scalar(node: yaml.Node, constructor: yaml.constructor.SafeConstructor) -> object:
    if not isinstance(node, yaml.ScalarNode):
        return _Nested()
    if node.tag == "tag:yaml.org,2002:timestamp":
        # Dates stay text and are read by date_value, which reports a bad one like any other.
        return node.value
    try:
        return constructor.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        return _Invalid(str(exc).splitlines()[0] if str(exc) else "invalid value")


class _Nested:
    """Stands for a list or mapping where a single value was expected."""

    def __repr__(self) -> str:
        return "a list or mapping"


@dataclass(frozen=True)
class _Invalid:
    """A scalar YAML could not construct (a malformed timestamp, say)."""

    problem: str


def _yaml_records(
    sequence: yaml.SequenceNode,
    default_kind: str | None,
    section: str | None,
    constructor: yaml.constructor.SafeConstructor,
    faults: Faults,
) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for item in sequence.value:
        line = _line(item)
        if _foreign_tag(item, faults):
            continue
        if not isinstance(item, yaml.MappingNode):
            faults.add(line, "a record must be a mapping of keys to values")
            continue
        entries: list[tuple[object, object, int | None, int | None]] = []
        merged = False
        for key_node, value_node in item.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                faults.add(_line(key_node), "merge keys (<<) are not supported in history files")
                merged = True
                continue
            raw = _scalar(value_node, constructor)
            if isinstance(raw, _Nested):
                raw = []
            entries.append((_scalar(key_node, constructor), raw, _line(key_node), _line(value_node)))
        values, keys_known = mapping_values(entries, faults)
        clean: list[Value] = []
        for value in values:
            if isinstance(value.raw, _Invalid):
                problem = value.raw.problem
                faults.add(value.line, f"invalid YAML value for {value.field}: {problem}", value.field)
                keys_known = False
            else:
                clean.append(value)
        event = build_event(clean, line, default_kind, faults, section, keys_known=keys_known and not merged)
        if event is not None:
            events.append(event)
    return events
