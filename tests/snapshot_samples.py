"""Golden snapshots: a fixed set of sample applications and events per plan, and their decisions.

黄金快照：每个方案一组固定的样本申报与事件及其决定，提交在 tests/snapshots/<年度>.json。方案或规则
的任何改动都会在快照中显示为可审阅的差异；快照过期时测试失败（tests/test_snapshots.py）。

The samples are built from the plan's own data, deterministically (no clock, no randomness):
the eligible example of :func:`gongguan_rules.testing.example_application`, one break of each
clause (:func:`gongguan_rules.testing.clause_breaks`), missing facts, both edges of every window,
every focus sector, a history of duplicates and revocations, and every lifecycle event after a
complete record, out of order, and at the edges of its stage's schedule.

Regenerate every snapshot (after a deliberate change; review the diff before committing)::

    PYTHONPATH=src python tests/snapshot_samples.py --write

Show what is stale without writing (exit status 1 when something is)::

    PYTHONPATH=src python tests/snapshot_samples.py --check
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import gongguan_rules as gr
from gongguan_rules.testing import (
    APPLICATION_DATE_FIELDS,
    EVENT_OF_STAGE,
    clause_breaks,
    example_application,
    set_fact,
    step_window,
    without_fact,
)

ROOT = Path(__file__).resolve().parent.parent
PLANS_DIR = ROOT / "plans"
SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"
COMMAND = "PYTHONPATH=src python tests/snapshot_samples.py --write"

#: The facts whose absence the samples show (each makes some rule say review).
MISSING = (
    "applicant.credit_code",
    "applicant.org_type",
    "applicant.district",
    "project.start_date",
    "project.expected_benefits",
    "materials",
    "recommended_on",
)

#: Applications that show the readings of December 2026 under every plan (product.md): an
#: explicitly empty benefits list, the 申报书 alone, a 市场监管所 recommending, an applicant
#: outside Tianjin (never told it is in Tianjin).
READINGS = (
    ("benefits-empty", "project.expected_benefits", []),
    ("materials-form-only", "materials", ["application_form"]),
    ("materials-empty", "materials", []),
    ("recommender-office", "recommender", {"name": "某市场监督管理所", "kind": "market_regulation_office"}),
    ("outside-tianjin", "applicant.district", "外省市"),
)


@dataclass(frozen=True)
class Sample:
    """One sample: an application or an event, with the history on record before it."""

    id: str
    subject: str
    input: dict[str, Any]
    history: list[dict[str, Any]] = field(default_factory=list)


def _edges(plan: gr.Plan, step: Any) -> list[date]:
    window = step_window(plan, step)
    if window is None:
        return []
    one = timedelta(days=1)
    days = {window.last, window.last + one}
    if window.first is not None:
        days |= {window.first, window.first - one}
    if window.margin_before is not None:
        days.add(window.margin_before - one)
    if window.margin_after is not None:
        days.add(window.margin_after + one)
    return sorted(days)


def application_samples(plan: gr.Plan) -> Iterator[Sample]:
    """The sample applications of a plan, built from its data. 样本申报。"""
    base = example_application(plan)
    yield Sample("application/eligible", "application", base)
    aimed: set[str] = set()
    for b in clause_breaks(plan, base):
        if b.rule_id not in aimed:
            aimed.add(b.rule_id)
            yield Sample(f"application/break/{b.rule_id}", "application", b.application)
    for path in MISSING:
        yield Sample(f"application/missing/{path}", "application", without_fact(base, path))
    for sample_id, path, value in READINGS:
        yield Sample(f"application/reading/{sample_id}", "application", set_fact(base, path, value))
    recommended_by = min(
        (w.last for s in plan.steps_for("recommended") if (w := step_window(plan, s)) is not None), default=None
    )
    for rule in plan.rules:
        if rule.check.name == "schedule_step" and rule.not_applicable is None:
            step = plan.step(rule.params.model_dump()["step"])
            local = example_application(plan, step.districts[0]) if step.districts else base
            for day in _edges(plan, step):
                changed = set_fact(local, APPLICATION_DATE_FIELDS[step.stage], day.isoformat())
                later = max(day, date.fromisoformat(local["recommended_on"]))
                if step.stage == "submitted" and (recommended_by is None or later <= recommended_by):
                    changed = set_fact(changed, "recommended_on", later.isoformat())  # keep the dates in order
                yield Sample(f"application/deadline/{rule.id}/{day.isoformat()}", "application", changed)
        if rule.check.name == "start_date_window" and rule.not_applicable is None:
            earliest = rule.params.model_dump()["earliest"]
            for day in (earliest - timedelta(days=1), earliest):
                yield Sample(
                    f"application/start/{rule.id}/{day.isoformat()}",
                    "application",
                    set_fact(base, "project.start_date", day.isoformat()),
                )
    sectors: list[str] = []
    for rule in plan.rules:
        if rule.check.name == "focus_sector":
            sectors += [s for s in rule.params.model_dump()["sectors"] if s not in sectors]
    for sector in sectors:
        yield Sample(f"application/sector/{sector}", "application", set_fact(base, "project.sector", sector))
    yield from _history_samples(plan, base)


def _record(base: dict[str, Any], kind: str, day: date, **more: Any) -> dict[str, Any]:
    applicant = base["applicant"]
    return {
        "kind": kind,
        "date": day.isoformat(),
        "year": day.year,
        "credit_code": applicant["credit_code"],
        "unit": applicant["name"],
        "project_name": base["project"]["name"],
        **more,
    }


def _history_samples(plan: gr.Plan, base: dict[str, Any]) -> Iterator[Sample]:
    earlier = date(plan.year - 2, 9, 20)
    recognized = _record(base, "excellent_recognized", earlier)
    yield Sample("application/history/excellent-same-unit", "application", base, [recognized])
    other = {**recognized, "credit_code": None, "unit": "天津另一家有限公司"}
    yield Sample("application/history/excellent-other-unit", "application", base, [other])
    yield Sample("application/history/approved-same-unit", "application", base, [_record(base, "approved", earlier)])
    applied = date.fromisoformat(base["submitted_to_recommender_on"])
    for label, revoked in (
        ("within", applied - timedelta(days=400)),
        ("same-day", applied),
        ("expired", applied - timedelta(days=6 * 366)),
    ):
        revocation = _record(base, "recognition_revoked", revoked, reason="false_materials", public_notice=True)
        yield Sample(f"application/history/revoked-{label}", "application", base, [revocation])


def _on_time(plan: gr.Plan, stage: str, after: date, district: str | None) -> tuple[date, date | None]:
    """A date on time for a stage, on or after ``after``; and a later notice's date if deferred."""
    steps = [s for s in plan.steps_for(stage) if s.districts is None or district in s.districts]
    year_end = date(plan.year, 12, 31)
    for step in steps:
        window = step_window(plan, step)
        if window is None:
            named = _named_period(plan, step)
            if named is not None:  # 8月初，按后续通知要求: inside the period, the notice at its end
                return max(after, named.first or named.last), max(after, named.last)
            notice = min(max(after + timedelta(days=20), date(plan.year, 9, 15)), year_end)
            return max(after, notice - timedelta(days=5)), notice
        if window.first is None:
            return max(after, window.last - timedelta(days=2)), None
        return max(after, window.first + (window.last - window.first) // 2), None
    return min(after + timedelta(days=7), year_end), None


def _named_period(plan: gr.Plan, step: Any) -> Any:
    """The period a deferred step still names (提交成果（8月初），按后续通知要求), if any."""
    timing = step.timing
    if timing.by is None and timing.month is None and timing.months is None and timing.quarter is None:
        return None
    undeferred = step.model_copy(update={"timing": timing.model_copy(update={"deferred": False})})
    return step_window(plan, undeferred)


def event_samples(plan: gr.Plan) -> Iterator[Sample]:
    """The sample events of a plan: each kind after a complete record, and the departures."""
    base = example_application(plan)
    district = base["applicant"]["district"]
    history: list[dict[str, Any]] = []
    day = date.fromisoformat(base["submitted_to_recommender_on"])
    chain: dict[str, dict[str, Any]] = {}
    for stage in plan.spec.procedure:
        kind = EVENT_OF_STAGE.get(stage)
        if kind is None:
            continue
        day, notice = _on_time(plan, stage, day, district)
        event = _record(base, kind, day, year=plan.year)
        if notice is not None:
            event["notice_deadline"] = notice.isoformat()
        if kind in ("recommended", "results_recommended"):
            event["recommender"] = base["recommender"]
        if kind == "evaluated":
            event["experts"] = [{"name": "专家甲", "affiliation": "天津大学", "conflict_declared": False}]
        chain[kind] = event
        yield Sample(f"event/{kind}", "event", event, list(history))
        history.append(event)
    last = date.fromisoformat(history[-1]["date"]) if history else day
    revoked = _record(
        base, "recognition_revoked", last + timedelta(days=30), reason="false_materials", public_notice=True
    )
    yield Sample("event/recognition_revoked", "event", revoked, list(history))
    yield Sample("event/fee_charged/none", "event", _record(base, "fee_charged", last, amount=0), list(history))
    yield Sample(
        "event/fee_charged/charged", "event", _record(base, "fee_charged", last, amount=500, charged_by="评定机构"), []
    )
    if "approved" in chain:
        yield Sample("event/approved/nothing-on-record", "event", chain["approved"], [])
    for kind, event in chain.items():  # undated: an organiser's own step never makes it review
        prior = history[: [e["kind"] for e in history].index(kind)]
        yield Sample(f"event/{kind}/undated", "event", without_fact(event, "date"), prior)
    if "evaluated" in chain:
        conflicted = {**chain["evaluated"], "experts": [{"name": "专家乙", "affiliation": base["applicant"]["name"]}]}
        earlier = [e for e in history if e["kind"] != "evaluated" and e["date"] <= conflicted["date"]]
        yield Sample("event/evaluated/conflict", "event", conflicted, earlier)
    for stage, kind in EVENT_OF_STAGE.items():
        if kind not in chain:
            continue
        prior = history[: [e["kind"] for e in history].index(kind)]
        for step in plan.steps_for(stage):
            window = step_window(plan, step)
            if window is None:
                continue
            late = (window.margin_after or window.last) + timedelta(days=1)
            for when in sorted({window.last, late}):
                event = {**chain[kind], "date": when.isoformat()}
                if step.districts:
                    event["district"] = step.districts[0]
                yield Sample(f"event/schedule/{step.id}/{when.isoformat()}", "event", event, prior)


def samples(plan: gr.Plan) -> list[Sample]:
    """Every sample of a plan, in a fixed order; ids are unique. 全部样本。"""
    out: list[Sample] = []
    seen: set[str] = set()
    for sample in [*application_samples(plan), *event_samples(plan)]:
        key = json.dumps([sample.subject, sample.input, sample.history], ensure_ascii=False, sort_keys=True)
        if key in seen:
            continue
        seen.add(key)
        if any(s.id == sample.id for s in out):
            raise ValueError(f"duplicate sample id {sample.id}")
        out.append(sample)
    return out


def decide(plan: gr.Plan, sample: Sample) -> gr.Decision:
    if sample.subject == "application":
        return gr.evaluate(sample.input, plan, history=sample.history)
    return gr.evaluate_event(sample.input, plan, history=sample.history)


def decision_json(decision: gr.Decision) -> dict[str, Any]:
    """What a snapshot keeps of a decision: outcome, date, effects and every finding with its code
    and remedy (a changed remedy shows in review like a changed message)."""
    return {
        "outcome": decision.outcome.value,
        "as_of": decision.as_of.isoformat() if decision.as_of else None,
        "effects": json.loads(json.dumps(decision.effects, ensure_ascii=False, default=str)),
        "findings": [
            {
                "rule_id": f.rule_id,
                "status": f.status.value,
                "code": f.code,
                "citations": [c.label() for c in f.citations],
                "messages": {"zh": f.message("zh"), "en": f.message("en")},
                "remedy": None
                if f.remedy is None
                else {
                    "curable": f.remedy.curable,
                    "facts": list(f.remedy.facts),
                    "citations": [c.label() for c in f.remedy.citations],
                    "messages": {"zh": f.remedy.message("zh"), "en": f.remedy.message("en")},
                },
            }
            for f in decision.findings
        ],
    }


def snapshot(plan: gr.Plan, sample_list: list[Sample] | None = None) -> dict[str, Any]:
    """The snapshot of a plan: its samples (its own, or those given) and their decisions."""
    return {
        "plan": {"year": plan.year, "document": plan.document},
        "regenerate": COMMAND,
        "samples": [
            {
                "id": s.id,
                "subject": s.subject,
                "input": s.input,
                "history": s.history,
                "decision": decision_json(decide(plan, s)),
            }
            for s in (sample_list if sample_list is not None else samples(plan))
        ],
    }


def render(data: dict[str, Any]) -> str:
    """A snapshot as committed: JSON, sorted keys, UTF-8 as is, one-space indent, final newline."""
    return json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1) + "\n"


def snapshot_path(plan_file: Path) -> Path:
    return SNAPSHOT_DIR / f"{plan_file.stem}.json"


def plan_files() -> list[Path]:
    return sorted(PLANS_DIR.glob("*.yaml"))


def summary(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """What changed, sample by sample: outcomes, and each finding's status or message."""
    before = {s["id"]: s for s in old.get("samples", [])}
    after = {s["id"]: s for s in new.get("samples", [])}
    lines = [f"- {sid}: new sample" for sid in after if sid not in before]
    lines += [f"- {sid}: sample removed" for sid in before if sid not in after]
    for sid, sample in after.items():
        if sid not in before or before[sid] == sample:
            continue
        was, now = before[sid]["decision"], sample["decision"]
        parts = [f"outcome {was['outcome']} → {now['outcome']}"] if was["outcome"] != now["outcome"] else []
        if before[sid]["input"] != sample["input"] or before[sid]["history"] != sample["history"]:
            parts.append("input changed")
        old_findings = {f["rule_id"]: f for f in was["findings"]}
        for f in now["findings"]:
            o = old_findings.pop(f["rule_id"], None)
            if o is None:
                parts.append(f"{f['rule_id']} new ({f['status']})")
            elif o["status"] != f["status"]:
                parts.append(f"{f['rule_id']} {o['status']} → {f['status']}")
            elif o.get("code") != f["code"]:
                parts.append(f"{f['rule_id']} {o.get('code')} → {f['code']}")
            elif o != f:
                parts.append(f"{f['rule_id']} message, citation or remedy")
        parts += [f"{rid} gone" for rid in old_findings]
        lines.append(f"- {sid}: " + "; ".join(parts or ["effects or date"]))
    return lines


def stale(plan_file: Path) -> str | None:
    """What changed between the committed snapshot and a fresh one — a per-sample summary, then
    the unified diff — or None when they are equal."""
    fresh_data = snapshot(gr.load_plan(plan_file))
    fresh = render(fresh_data)
    path = snapshot_path(plan_file)
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    if old == fresh:
        return None
    rel = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else str(path)
    try:
        head = summary(json.loads(old), fresh_data) if old else [f"- {rel}: no snapshot yet"]
    except ValueError:
        head = [f"- {rel}: not valid JSON"]
    lines = difflib.unified_diff(
        old.splitlines(keepends=True), fresh.splitlines(keepends=True), f"{rel} (committed)", f"{rel} (now)"
    )
    return "\n".join(head) + "\n\n" + "".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Golden snapshots of every plan's sample decisions.")
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="regenerate tests/snapshots/<year>.json")
    mode.add_argument("--check", action="store_true", help="print the diff of every stale snapshot")
    args = parser.parse_args(argv)
    SNAPSHOT_DIR.mkdir(exist_ok=True)
    status = 0
    for plan_file in plan_files():
        diff = stale(plan_file)
        if diff is None:
            print(f"{snapshot_path(plan_file).name}: up to date")
            continue
        if args.write:
            snapshot_path(plan_file).write_text(render(snapshot(gr.load_plan(plan_file))), encoding="utf-8")
            print(f"{snapshot_path(plan_file).name}: written")
        else:
            sys.stdout.write(diff)
            status = 1
    for orphan in sorted(set(SNAPSHOT_DIR.glob("*.json")) - {snapshot_path(p) for p in plan_files()}):
        print(f"{orphan.name}: no plan in plans/ any more; delete it")
        status = 1
    return status


if __name__ == "__main__":
    raise SystemExit(main())
