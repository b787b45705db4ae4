"""A unit's standing on a date, read from the whole record (第二十五条).

某单位在某日的状况：依据全部记录（各单位共同写入的记录）计算第二十五条的五年限制。
"""

from __future__ import annotations

from datetime import date

from ...judging.correlate import bar_end
from ...law.plans import regulation
from ...law.vocab import EventKind
from ..events import Event
from .model import UnitStatus


def on_record(event: Event, on: date) -> bool:
    """Whether a record had happened by the end of ``on``."""
    if event.date is not None:
        return event.date <= on
    year = event.plan_year()
    return year is not None and year < on.year


def unit_status(unit: str, day: date, years: int, found: list[tuple[Event, str | None, str | None]]) -> UnitStatus:
    """The standing of ``unit`` on ``day`` from its records (event, unit key, project key), in order.

    ``found`` holds the unit's records that took effect (rejected ones left out). Only revocations
    dated on or after the 管理办法's entry into force (第二十七条) bar; ``debarred_until`` is the
    latest end among the bars that cover ``day``.
    """
    found = [item for item in found if on_record(item[0], day)]
    revocations = [item for item in found if item[0].kind is EventKind.recognition_revoked]
    revoked = {(ukey, pkey) for _, ukey, pkey in revocations if pkey}
    in_force = regulation().document.in_force_from  # 第二十七条: only revocations from then on bar
    ends = [
        end
        for event, _, _ in revocations
        if event.date is not None and event.date >= in_force and (end := bar_end(event.date, years)) >= day
    ]
    until = max(ends) if ends else None
    return UnitStatus(
        unit=unit,
        on=day,
        debarred=until is not None,
        debarred_until=until,
        past_projects=[e for e, _, _ in found if e.kind is EventKind.approved],
        excellent_results=[
            e for e, ukey, pkey in found if e.kind is EventKind.excellent_recognized and (ukey, pkey) not in revoked
        ],
        revocations=[e for e, _, _ in revocations],
    )
