"""How decisions, tables, batch summaries and plan impact look in a notebook (Jupyter's HTML).

在 Jupyter 中的显示：决定先列不符合项、再列需复核项，附判断日期与输入提示；汇总表、批量汇总与方案影响
以表格显示。Every value shown is escaped; long values are shortened (quoting.shorten).
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..quoting import shorten

if TYPE_CHECKING:
    from ..judging.decision import Decision, Finding
    from .frames import BatchSummary
    from .impact import ImpactReport
    from .reader import ApplicationTable

_STATUS = {
    "fail": ("不符合", "#c62828"),
    "review": ("需复核", "#ef6c00"),
    "pass": ("通过", "#2e7d32"),
    "info": ("提示", "#1565c0"),
    "not_applicable": ("不适用", "#757575"),
}
_ORDER = ("fail", "review", "pass", "info", "not_applicable")
_PREVIEW = 20  # rows of a table shown before "…"


def _e(value: object) -> str:
    return html.escape(shorten(str(value)))


def _table(head: Sequence[str], rows: Iterable[Sequence[str]], caption: str = "") -> str:
    """A plain HTML table; cells are HTML already (escape before)."""
    cap = f"<caption style='text-align:left'>{caption}</caption>" if caption else ""
    top = "".join(f"<th style='text-align:left'>{h}</th>" for h in head)
    body = "".join(
        "<tr>" + "".join(f"<td style='text-align:left;vertical-align:top'>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<table>{cap}<thead><tr>{top}</tr></thead><tbody>{body}</tbody></table>"


def _finding_row(f: Finding) -> list[str]:
    from ..judging.decision import curability_label

    label, colour = _STATUS[f.status.value]
    cites = "<br>".join(_e(c.label()) for c in f.citations)
    text = f"{_e(f.message('zh'))}<br><small>{_e(f.message('en'))}</small>"
    remedy = ""
    if f.remedy is not None:
        r = f.remedy
        remedy = (
            f"<b>{_e(curability_label(r, 'zh'))}</b> {_e(r.message('zh'))}<br>"
            f"<small>{_e(curability_label(r, 'en'))}: {_e(r.message('en'))}</small>"
        )
    rule = f"<code>{_e(f.rule_id)}</code><br><small><code>{_e(f.code)}</code></small>"
    return [rule, f"<span style='color:{colour}'><b>{label}</b></span>", cites, text, remedy]


def decision_html(decision: Decision) -> str:
    """A decision: outcome, plan and date, then the failures, the reviews, and the rest (folded)."""
    from ..judging.decision import _OUTCOME_ZH

    outcome = decision.outcome.value
    when = decision.as_of.isoformat() if decision.as_of else "—"
    head = (
        f"<p><b>{_OUTCOME_ZH[outcome]}</b> ({outcome}) — {_e(decision.plan_document)}（{decision.plan_year}年度）"
        f"<br>判断日期 / as of: {when}"
        + (f"<br>编号 / id: {_e(decision.subject_id)}" if decision.subject_id else "")
        + (
            f"<br><small>gongguan-rules {_e(p.library_version)} · {_e(p.engine)} · "
            f"plan sha256 {_e(p.plan_sha256[:12])}…</small>"
            if (p := decision.provenance) is not None
            else ""
        )
        + "</p>"
    )
    columns = ["规则 / rule", "结论 / status", "出处 / citations", "说明 / explanation", "补正建议 / remedy"]
    shown = [f for status in ("fail", "review") for f in decision.by_status(status)]
    rest = [f for status in ("pass", "info", "not_applicable") for f in decision.by_status(status)]
    parts = [head]
    if shown:
        parts.append(_table(columns, (_finding_row(f) for f in shown)))
    if decision.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in decision.warnings)
        parts.append(f"<p><b>输入提示 / input warnings</b></p><ul>{items}</ul>")
    if rest:
        folded = _table(columns, (_finding_row(f) for f in rest))
        parts.append(f"<details><summary>其余 {len(rest)} 条规则 / {len(rest)} other rules</summary>{folded}</details>")
    return "".join(parts)


def table_html(table: ApplicationTable) -> str:
    """A table read from a file: its columns and what they fill, then its first rows and warnings."""
    mapped = [
        [
            _e(title),
            f"<code>{_e(path)}</code>" if path else ("未识别 / unknown" if title in table.unknown_columns else "—"),
        ]
        for title, path in table.columns.items()
    ]
    parts = [
        f"<p><b>{_e(table.source)}</b>: {len(table)} 份申报 / applications, "
        f"表头在第 {table.header_row} 行 / header in row {table.header_row}</p>",
        _table(["表头 / header", "字段 / field"], mapped),
    ]
    preview = [
        [str(row), *(_e("" if c is None else c) for c in cells)]
        for row, cells in zip(table.rows, table.cells, strict=True)
    ]
    parts.append(_table(["行 / row", *(_e(h) for h in table.header)], preview[:_PREVIEW]))
    if len(preview) > _PREVIEW:
        parts.append(f"<p>… 共 {len(preview)} 行 / {len(preview)} rows</p>")
    if table.warnings:
        items = "".join(f"<li>{_e(w)}</li>" for w in table.warnings[:_PREVIEW])
        more = f"<li>… {len(table.warnings)}</li>" if len(table.warnings) > _PREVIEW else ""
        parts.append(f"<p><b>提示 / warnings</b></p><ul>{items}{more}</ul>")
    return "".join(parts)


def summary_html(summary: BatchSummary) -> str:
    """A batch's outcomes with their counts, and per rule the fail and review counts."""
    outcomes = [[_e(outcome), str(count)] for outcome, count in summary.outcome_counts().items()]
    rules = [[f"<code>{_e(rule)}</code>", str(fail), str(review)] for rule, fail, review in summary.rule_counts()]
    parts = [_table(["结论 / outcome", "数量 / count"], outcomes, f"汇总 / summary: {summary.total} 项 / items")]
    if rules:
        parts.append(_table(["规则 / rule", "不符合 / fail", "需复核 / review"], rules))
    return "".join(parts)


def impact_html(report: ImpactReport) -> str:
    """Plan impact: the transitions with their counts, then each changed row and why."""
    transitions = [[_e(a), _e(b), str(n)] for (a, b), n in report.summary().items()]
    parts = [
        _table(
            [f"{report.year_before} 结论", f"{report.year_after} 结论", "数量 / count"],
            transitions,
            f"方案影响 / plan impact: {report.year_before} → {report.year_after}",
        )
    ]
    changed = [
        [
            str(item.label),
            _e(item.outcome_before),
            _e(item.outcome_after),
            "<br>".join(_e(line) for line in item.reasons()),
        ]
        for item in report.items
        if item.changed
    ]
    if changed:
        parts.append(_table(["行 / row", "之前 / before", "之后 / after", "原因 / why"], changed[:_PREVIEW]))
        if len(changed) > _PREVIEW:
            parts.append(f"<p>… 共 {len(changed)} 项变化 / {len(changed)} changed</p>")
    return "".join(parts)


def frame_html(rows: Sequence[dict[str, Any]]) -> str:
    """Rows of dicts as a table (when pandas is not there to show them)."""
    if not rows:
        return "<p>（无 / none）</p>"
    head = list(rows[0])
    return _table([_e(h) for h in head], ([_e(r.get(h, "")) for h in head] for r in rows[:_PREVIEW]))
