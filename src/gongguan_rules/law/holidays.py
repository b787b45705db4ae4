"""Whether a plan's governed deadlines fall on a weekend or a statutory holiday (a warning only).

法定节假日：方案的截止日期是否落在周末或法定节假日（只给警告）。

A plan's dates are fixed days (期日) and are judged as written. But 民法典 第二百零三条 moves the
end of a *counted* period that falls on a statutory holiday to the day after the holiday, so a
deadline written on a rest day deserves a second look by whoever writes the plan file:
``gr.validate_plan_file`` and the invariant suite say so (docs/interpretations.md#holidays).
The five-year bar (第二十五条) is not touched: it ends as counted, with no holiday shift.

The holidays and make-up working days (调休) come from the State Council's yearly notices as the
optional ``chinese-calendar`` package carries them (``pip install "gongguan-rules[holidays]"``).
Without the package the check is not run, and the warning says so; for a year the package has
no data for, only weekends are checked, and the warning says that too.
"""

from __future__ import annotations

import importlib.metadata
from dataclasses import dataclass
from datetime import date
from types import ModuleType
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from .plans import Plan

__all__ = ["DeadlineNote", "HolidayWarning", "deadline_notes", "deadline_warnings"]

PACKAGE = "chinese-calendar"
INSTALL = 'pip install "gongguan-rules[holidays]"'

#: The holidays chinese-calendar names, in Chinese (国务院办公厅关于部分节假日安排的通知).
HOLIDAY_NAMES_ZH = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}
_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_SHIFT = (
    "民法典第二百零三条：期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日；本库按原文所写日期"
    "判断（期日），请核对原文"
)
_SHIFT_EN = (
    "民法典 第二百零三条 would move the end of a counted period to the next working day; the library "
    "judges the date as written (a fixed day), so please check the text"
)


class HolidayWarning(UserWarning):
    """A governed deadline on a rest day, or a holiday check that could not be (fully) run."""


@dataclass(frozen=True)
class DeadlineNote:
    """One thing to say about a plan's deadlines and the calendar.

    ``kind``: ``rest_day`` (a holiday or a weekend that is not a make-up working day),
    ``weekend`` (a weekend in a year the data does not cover), ``no_data`` (the data does not
    cover the year), ``not_run`` (the package is not installed).
    """

    kind: Literal["rest_day", "weekend", "no_data", "not_run"]
    message: str
    step_id: str | None = None
    day: date | None = None


def _calendar() -> ModuleType | None:
    try:
        import chinese_calendar  # type: ignore[import-untyped]  # the package ships no type hints
    except ImportError:
        return None
    module: ModuleType = chinese_calendar
    return module


def _version() -> str:
    try:
        return importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover - imported but not installed
        return "?"


def _day_words(day: date) -> tuple[str, str]:
    return f"星期{_WEEKDAYS_ZH[day.weekday()]}", _WEEKDAYS_EN[day.weekday()]


def deadline_notes(plan: Plan) -> list[DeadlineNote]:
    """What to say of ``plan``'s governed exact deadlines (``X月X日前``) and the calendar.

    方案所规范环节的确切截止日期落在周末或法定节假日时的提示；节假日数据缺失时说明未能核对。
    """
    deadlines = [s for s in plan.spec.schedule if s.role == "governed" and s.timing.by is not None]
    if not deadlines:
        return []
    calendar = _calendar()
    if calendar is None:
        return [
            DeadlineNote(
                "not_run",
                f"{plan.path}: 未核对截止日期是否为周末或法定节假日：未安装 {PACKAGE}（{INSTALL}）"
                f" / the weekend and holiday check of the deadlines was not run: {PACKAGE} is not installed",
            )
        ]
    notes: list[DeadlineNote] = []
    uncovered: set[int] = set()
    for step in deadlines:
        day = step.timing.by
        assert day is not None
        where = f"{plan.path}: {step.id}（{step.timing.text}）的截止日期 {day.isoformat()} "
        where_en = f"the deadline of {step.id} ({step.timing.text}), {day.isoformat()},"
        zh_day, en_day = _day_words(day)
        try:
            workday = bool(calendar.is_workday(day))
            _, holiday = calendar.get_holiday_detail(day)
        except NotImplementedError:  # no data for that year
            uncovered.add(day.year)
            if day.weekday() >= 5:
                notes.append(
                    DeadlineNote(
                        "weekend",
                        f"{where}是{zh_day}（该年的调休安排不在数据中，是否为调休工作日未知）；{_SHIFT} / {where_en} "
                        f"is a {en_day} (that year's make-up working days are not in the data); {_SHIFT_EN}",
                        step.id,
                        day,
                    )
                )
            continue
        if workday:
            continue
        if holiday:
            zh, en = f"法定节假日（{HOLIDAY_NAMES_ZH.get(holiday, holiday)}）", f"a statutory holiday ({holiday})"
        else:
            zh, en = f"{zh_day}（休息日）", f"a {en_day} (a rest day)"
        message = f"{where}是{zh}；{_SHIFT} / {where_en} is {en}; {_SHIFT_EN}"
        notes.append(DeadlineNote("rest_day", message, step.id, day))
    for year in sorted(uncovered):
        notes.append(
            DeadlineNote(
                "no_data",
                f"{plan.path}: {PACKAGE} {_version()} 的节假日数据不含 {year} 年：只核对了周末，未核对法定节假日与调休"
                f" / {PACKAGE} {_version()} has no holiday data for {year}: only weekends were checked, not statutory "
                "holidays or make-up working days",
            )
        )
    return notes


def deadline_warnings(plan: Plan) -> list[str]:
    """The notes of :func:`deadline_notes` as warning lines (``validate_plan_file``)."""
    return [note.message for note in deadline_notes(plan)]
