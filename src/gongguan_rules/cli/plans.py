"""The commands about plans and rules: validate, diff, explain, schema, plans.

关于方案与规则的命令：校验、对比、规则说明、JSON Schema、随包方案。
"""

from __future__ import annotations

import argparse
import difflib
from collections.abc import Mapping
from typing import Any

from ..judging.schema import json_schemas
from ..law.diff import SECTIONS, PlanChange, diff_plans, not_applicable_reason, unchanged_rules
from ..law.plans import Plan, available_plans, validate_plan_file
from ..law.rules import Rule
from .common import EXIT_FAULTS, EXIT_OK, bundled_plans, display_width, err, load, pad, plan_ref, say, to_json


def _cmd_validate(args: argparse.Namespace) -> int:
    from ..law.data_files import plans_dir

    total = 0
    bad_files = 0
    for target in args.files:
        ref = plan_ref(target)
        label = str(plans_dir() / f"{ref}.yaml") if isinstance(ref, int) else target
        faults, warnings = validate_plan_file(str(ref))
        for fault in faults:
            say(str(fault))
        for warning in warnings:
            say(f"warning: {warning}")
        if faults:
            total += len(faults)
            bad_files += 1
        else:
            say(f"ok: {label}")
    if total:
        say(f"共 {total} 处错误，涉及 {bad_files} 个文件 / {total} fault(s) in {bad_files} file(s)")
        return EXIT_FAULTS
    return EXIT_OK


def _show(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return ", ".join(f"{k}={_show(v)}" for k, v in value.items())
    return str(value)


def _cite_labels(side: Mapping[str, Any] | None) -> str:
    from ..law.citations import Citation

    if not side:
        return ""
    return "；".join(Citation.model_validate(c).label() for c in side.get("citations", []))


_CHANGE_MARK = {"added": "+ 新增 added", "removed": "- 删除 removed", "changed": "~ 变更 changed"}


def _render_change(change: PlanChange) -> list[str]:
    title = f"  {change.title['zh']} / {change.title['en']}" if change.title else ""
    head = f"{_CHANGE_MARK[change.change]}  {change.id}"
    side = change.after or change.before or {}
    if change.part == "rule" and "check" in side:
        head += f"  [{side['check']}]"
    elif change.part == "step":
        head += f"  [工作程序 step: {side.get('stage')}]"
    lines = [head + title]
    if change.matched_by == "stage" and change.before:
        lines.append(f"    按阶段对应 / matched by stage: {change.before.get('stage')}")
    for f in change.fields:
        extra = []
        if f.added:
            extra.append("+ " + ", ".join(_show(x) for x in f.added))
        if f.removed:
            extra.append("- " + ", ".join(_show(x) for x in f.removed))
        if extra:
            lines.append(f"    {f.field}: {'; '.join(extra)}")
        else:
            lines.append(f"    {f.field}: {_show(f.before)} → {_show(f.after)}")
    if change.change != "changed":
        for key in ("params", "timing", "territory", "procedure", "value"):
            if side.get(key):
                lines.append(f"    {key}: {_show(side[key])}")
        if "step" in side:
            lines.append(f"    step: {side['step']['id']} ({_show(side['step']['timing'])})")
    for label, data in (("before", change.before), ("after", change.after)):
        if data is None:
            continue
        cites = _cite_labels(data)
        if cites:
            lines.append(f"    出处 {label}: {cites}")
        reason = data.get("not_applicable")
        if isinstance(reason, Mapping):
            lines.append(f"    不适用 {label}: {reason.get('zh')} / {reason.get('en')}")
        if change.part == "document":
            lines.append(f"    文件 {label}: {data.get('cite_as')}（{data.get('issued_on')}）")
    if change.change == "added" and change.after and change.after.get("quote"):
        lines.append(f"    原文 quote: {change.after['quote']}")
    return lines


def _cmd_diff(args: argparse.Namespace) -> int:
    a, b = load(args.a), load(args.b)
    changes = diff_plans(a, b)
    if args.format == "json":
        say(to_json([c.model_dump(mode="json") for c in changes]))
        return EXIT_OK
    say(f"方案对比 / plan diff: {a.year} {a.document} → {b.year} {b.document}")
    say(f"{len(changes)} 处变化 / changes")
    for section, (zh, en) in SECTIONS.items():
        group = [c for c in changes if c.section == section]
        say("")
        say(f"== {zh} / {en} ==")
        if not group:
            say("  （无变化 / no change）")
        for change in group:
            for line in _render_change(change):
                say(line)
    same = unchanged_rules(a, b)
    say("")
    say(f"未变化的规则 / unchanged rules ({len(same)}): {', '.join(same) if same else '—'}")
    return EXIT_OK


def find_rule(plan: Plan, rule_id: str) -> Rule | None:
    """The rule with this id under ``plan``, or None. 方案中编号为 rule_id 的规则。"""
    return next((r for r in plan.rules if r.id == rule_id), None)


def rule_appearances(rule: Rule, bundled: list[Plan]) -> list[dict[str, Any]]:
    """Each bundled plan that has the rule: its year, document, citations and whether it binds."""
    appears: list[dict[str, Any]] = []
    for other in sorted(bundled, key=lambda p: p.year):
        there = find_rule(other, rule.id)
        if there is not None:
            appears.append(
                {
                    "year": other.year,
                    "document": other.document,
                    "citations": [c.label() for c in there.citations],
                    "applies": there.not_applicable is None,
                    "not_applicable": not_applicable_reason(other, there),
                }
            )
    return appears


def rule_json(plan: Plan, rule: Rule, appears: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": rule.id,
        "check": rule.check.name,
        "title": {"zh": rule.messages.title.zh, "en": rule.messages.title.en},
        "source": "regulation" if rule.source == "regulation" else plan.path,
        "plan": plan.year,
        "citations": [c.model_dump(mode="json", exclude_none=True) for c in rule.citations],
        "quote": rule.quote,
        "params": rule.params.model_dump(mode="json"),
        "applies_to": list(rule.applies_to),
        "inference": rule.inference,
        "note": rule.note,
        "not_applicable": not_applicable_reason(plan, rule),
        "plans": appears,
    }


def _cmd_explain(args: argparse.Namespace) -> int:
    chosen = load(args.plan) if args.plan else None
    bundled = bundled_plans()
    candidates = ([chosen] if chosen else []) + sorted(bundled, key=lambda p: -p.year)
    found = next(((p, r) for p in candidates if (r := find_rule(p, args.rule_id)) is not None), None)
    if found is None:
        ids = sorted({r.id for p in candidates for r in p.rules})
        close = difflib.get_close_matches(args.rule_id, ids, n=3, cutoff=0.5)
        hint = f"；是否想写 {'、'.join(close)}？/ did you mean {', '.join(close)}?" if close else ""
        err(f"未知的规则编号“{args.rule_id}”/ unknown rule id {args.rule_id!r}{hint}")
        return EXIT_FAULTS
    plan, rule = found
    appears = rule_appearances(rule, bundled)
    if args.format == "json":
        say(to_json(rule_json(plan, rule, appears)))
        return EXIT_OK
    source = "管理办法 rules/regulation.yaml" if rule.source == "regulation" else f"方案 plan {plan.year} ({plan.path})"
    params = rule.params.model_dump(mode="json")
    rows = [
        ("规则 / rule", rule.id),
        ("检查 / check", rule.check.name),
        ("标题 / title", f"{rule.messages.title.zh} / {rule.messages.title.en}"),
        ("来源 / source", source),
        ("出处 / citations", "；".join(c.label() for c in rule.citations)),
        ("原文 / text", rule.quote or "—"),
        ("参数 / params", _show(params) if params else "（无 / none）"),
        ("判断对象 / judges", ", ".join(rule.applies_to)),
        ("推定 / inference", "是 / yes" if rule.inference else "否 / no"),
    ]
    if rule.note:
        rows.append(("说明 / note", rule.note))
    reason = not_applicable_reason(plan, rule)
    if reason is not None:
        rows.append((f"{plan.year} 不适用 / n/a", f"{reason['zh']} / {reason['en']}"))
    width = max(display_width(label) for label, _ in rows) + 2
    for label, value in rows:
        say(f"{pad(label, width)}{value}")
    say("所在方案 / plans:")
    for entry in appears:
        line = f"  {entry['year']}  {entry['document']}"
        if rule.source != "regulation":
            line += f"  〔{'；'.join(entry['citations'])}〕"
        reason = entry.get("not_applicable")
        line += f"  不适用 / not applicable: {reason['zh'].removeprefix('不适用：')}" if reason else "  适用 / binds"
        say(line)
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    schemas = json_schemas()
    say(to_json(schemas if args.name == "all" else schemas[args.name]))
    return EXIT_OK


def _cmd_plans(args: argparse.Namespace) -> int:
    rows = []
    for plan in bundled_plans():
        doc = plan.governing_document
        rows.append(
            {
                "year": plan.year,
                "document": plan.document,
                "title": doc.title,
                "level": doc.level,
                "territory": plan.spec.territory,
                "issued_on": doc.issued_on.isoformat(),
                "path": plan.path,
            }
        )
    if args.format == "json":
        say(to_json(rows))
        return EXIT_OK
    for row in rows:
        say(
            f"{row['year']}  {pad(str(row['document']), 34)}{pad(str(row['level']), 10)}"
            f"{pad(str(row['territory']), 10)}{row['issued_on']}  {row['title']}"
        )
    return EXIT_OK if len(rows) == len(available_plans()) else EXIT_FAULTS
