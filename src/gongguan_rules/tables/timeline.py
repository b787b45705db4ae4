"""A plan's timeline as a picture: exact deadlines, fuzzy periods with their margins, deferred steps.

方案时间线图：确切截止日（◆）、模糊期间（实线为确定部分，斜线为边缘）、按后续通知要求的步骤（虚线）。
Drawn with matplotlib (the ``plot`` extra). The spans are the engine's own (judging/schedule.py's
``span_of`` with the plan's readings), so the picture shows exactly what a decision checks.
Labels are in Chinese where a CJK font is installed, else in English (never missing glyphs).
"""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from typing import Any

from ..judging.schedule import span_of
from ..law.plan_model import StepSpec
from ..law.plans import Plan, resolve_plan

#: Bar colours by the step's role (product.md: a governed deadline decides; an intermediate one is review).
ROLE_COLOURS = {"governed": "#c62828", "intermediate": "#ef6c00", "organiser": "#607d8b"}
STAGE_ZH = {
    "submitted": "申报",
    "recommended": "推荐",
    "approved": "立项",
    "training": "宣贯培训",
    "implementation": "实施",
    "results_submitted": "提交成果",
    "results_recommended": "推荐成果",
    "evaluated": "成果评定",
    "recognized": "认定",
    "promotion": "宣传推广",
}
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)
_PARTS = {"early": "early", "mid": "mid", "late": "late"}


def _matplotlib() -> tuple[Any, Any]:
    try:
        matplotlib = importlib.import_module("matplotlib")
    except ImportError:
        raise ImportError(
            '画时间线需要 matplotlib：pip install "gongguan-rules[plot]" / the timeline needs matplotlib'
        ) from None
    return matplotlib, importlib.import_module("matplotlib.pyplot")


def cjk_font(matplotlib: Any) -> str | None:
    """The name of an installed font that shows Chinese, or None."""
    names = {font.name for font in matplotlib.font_manager.fontManager.ttflist}
    return next((name for name in _CJK_FONTS if name in names), None)


def _label(step: StepSpec, chinese: bool) -> str:
    if chinese:
        return f"{STAGE_ZH.get(step.stage, step.stage)}：{step.timing.text}"
    t = step.timing
    if t.by is not None:
        when = f"by {t.by:%m-%d}"
    elif t.month is not None:
        when = f"month {t.month}" + (f" ({_PARTS[t.part]})" if t.part else "")
    elif t.months is not None:
        when = f"months {t.months[0]}-{t.months[1]}"
    elif t.quarter is not None:
        when = f"Q{t.quarter}"
    else:
        when = "deferred"
    return f"{step.stage}: {when}"


def plot_timeline(plan: Plan | int | str, ax: Any = None) -> Any:
    """Draw ``plan``'s schedule, one row per step in the file's order; returns the matplotlib Axes.

    画出方案的工作程序与时间要求。Exact days are diamonds (◆, inclusive per the plan's readings);
    fuzzy periods are bars, solid over their certain span and hatched over their margins; steps
    deferred to a later notice (按后续通知要求) are dashed to the year's end.
    """
    matplotlib, pyplot = _matplotlib()
    the_plan = resolve_plan(plan)
    readings = the_plan.spec.readings
    font = cjk_font(matplotlib)
    chinese = font is not None
    steps = list(the_plan.spec.schedule)
    own = ax is None
    if own:
        _, ax = pyplot.subplots(figsize=(11, 0.45 * len(steps) + 1.6))
    year = the_plan.year
    first, last = date(year, 1, 1), date(year, 12, 31)
    for row, step in enumerate(steps):
        colour = ROLE_COLOURS[step.role]
        y = len(steps) - 1 - row
        if (
            step.timing.deferred
            and step.timing.by is None
            and step.timing.month is None
            and step.timing.months is None
            and step.timing.quarter is None
        ):
            ax.plot([first, last], [y, y], linestyle="--", color=colour, linewidth=1.2)
            continue
        span = span_of(step.timing, year, readings.fuzzy, readings.deadline_inclusive)
        if span.start is None:
            ax.plot([span.end], [y], marker="D", color=colour, markersize=8)
            continue
        low = span.margin_before or span.start
        ax.barh(
            y,
            (span.margin_after - low).days + 1,
            left=low,
            height=0.5,
            color=colour,
            alpha=0.25,
            hatch="//",
            edgecolor=colour,
        )
        ax.barh(y, (span.end - span.start).days + 1, left=span.start, height=0.5, color=colour, alpha=0.85)
        if step.timing.deferred:
            ax.plot([span.end + timedelta(days=1), last], [y, y], linestyle="--", color=colour, linewidth=1.2)
    ax.set_yticks(range(len(steps)))
    ax.set_yticklabels([_label(s, chinese) for s in reversed(steps)], fontfamily=font or "sans-serif")
    ax.set_xlim(first - timedelta(days=5), last + timedelta(days=5))
    ax.xaxis.set_major_locator(matplotlib.dates.MonthLocator())
    ax.xaxis.set_major_formatter(matplotlib.dates.DateFormatter("%m"))
    ax.grid(axis="x", alpha=0.3)
    title = f"{the_plan.document}（{year}）时间要求" if chinese else f"Plan {year}: schedule"
    ax.set_title(title, fontfamily=font or "sans-serif")
    handles = [
        matplotlib.lines.Line2D(
            [],
            [],
            color=ROLE_COLOURS["governed"],
            marker="D",
            linestyle="",
            label="exact day" if not chinese else "确切日期",
        ),
        matplotlib.patches.Patch(
            color=ROLE_COLOURS["governed"], alpha=0.85, label="certain span" if not chinese else "确定期间"
        ),
        matplotlib.patches.Patch(
            facecolor="white",
            edgecolor="black",
            hatch="//",
            label="margin (review)" if not chinese else "边缘（需复核）",
        ),
        matplotlib.lines.Line2D(
            [], [], color="black", linestyle="--", label="deferred" if not chinese else "按后续通知"
        ),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize="small",
        prop={"family": font} if font else None,
    )
    if own:
        ax.figure.tight_layout()
    return ax
