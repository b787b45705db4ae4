"""The five-year bar (第二十五条): 撤销其优秀成果的认定并进行通报，5年内不接受其再次申报。

五年限制：自撤销之日起算（当日不计入），至五年后的对应日届满（民法典 第二百零一条、第二百零二条；
2月29日 → 2月28日）。仅《管理办法》施行（2023-12-29）后的撤销产生限制。
"""

from __future__ import annotations

from datetime import date

from ...law.rules import Rule
from ..context import Context
from ..correlate import bar_end, describe_record
from .base import FAIL, PASS, REVIEW, Result, check, named, status_of


@check("debarment")
def debarment(ctx: Context, rule: Rule) -> Result:
    """5年内不接受其再次申报：申报日期在撤销之后、期满之前的，不予接受。"""
    credit_code, name = ctx.unit
    applied = ctx.acted_on
    prefix = "applicant." if ctx.application is not None else ""
    facts: dict[str, object] = {
        f"{prefix}credit_code": credit_code,
        f"{prefix}{'name' if prefix else 'unit'}": name,
        "application_date": applied.isoformat() if applied else None,
    }
    subject = _subject(ctx)
    if credit_code is None and name is None:
        return Result(REVIEW, "unit_unknown", facts, subject)
    corr = ctx.correlation()
    years = ctx.plan.spec.readings.bar_years
    on_record = corr.of("bar.on_record")
    if not on_record:
        return Result(PASS, "none", facts, subject | {"years": years})
    active = corr.of("bar.active")
    same_day = corr.of("bar.same_day")
    facts["revocations"] = [describe_record(ctx, i) for i in on_record]
    undated = [i for i in on_record if ctx.history.events[i].date is None]
    dated = [i for i in on_record if i not in undated]
    if not active and not same_day and undated:
        return Result(REVIEW, "undated", facts, subject | {"years": years, "count": len(undated)})
    latest = _latest_end(ctx, active or same_day or dated, years)
    if latest is None:  # only undated revocations, already answered above
        return Result(REVIEW, "undated", facts, subject | {"years": years, "count": len(undated)})
    values: dict[str, object] = subject | {"years": years, "until": latest.isoformat()}
    if active:
        ctx.cache.setdefault("effects", {})["debarred_until"] = latest.isoformat()
        return Result(FAIL, "barred", facts, values | {"revoked": _revoked_on(ctx, active)})
    if same_day:
        return Result(
            status_of(ctx.plan.spec.readings.bar_same_day),
            "same_day",
            facts,
            values | {"revoked": _revoked_on(ctx, same_day)},
        )
    if applied is None:
        whole_year = (date(ctx.plan.year, 1, 1), date(ctx.plan.year, 12, 31))
        for i in dated:
            revoked = ctx.history.events[i].date
            assert revoked is not None
            if revoked < whole_year[0] and bar_end(revoked, years) >= whole_year[1]:
                values |= {"revoked": revoked.isoformat(), "until": bar_end(revoked, years).isoformat()}
                return Result(FAIL, "barred_whole_year", facts, values)
        return Result(REVIEW, "date_unknown", facts, values | {"revoked": _revoked_on(ctx, dated)})
    return Result(PASS, "outside_bar", facts, values | {"revoked": _revoked_on(ctx, dated)})


def _subject(ctx: Context) -> dict[str, str]:
    """How the message names what is judged: the application, or the event by its kind (an event
    is never called a 申报)."""
    if ctx.application is not None:
        return {"subject": "本申报", "subject_en": "this application"}
    kind = named("kind", ctx.ev.kind)
    return {"subject": f"本次“{kind['kind']}”", "subject_en": f"this {kind['kind_en']}"}


def _latest_end(ctx: Context, indexes: list[int], years: int) -> date | None:
    ends = [bar_end(d, years) for i in indexes if (d := ctx.history.events[i].date) is not None]
    return max(ends) if ends else None


def _revoked_on(ctx: Context, indexes: list[int]) -> str:
    days = sorted({d.isoformat() for i in indexes if (d := ctx.history.events[i].date) is not None})
    return "、".join(days)
