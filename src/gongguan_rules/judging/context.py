"""What a check sees: the subject, the plan, the history and the date of the decision.

检查所见：被判断的申报或事件、方案、历史记录与判断日期。
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..inputs.application import Application
from ..records.events import Event
from ..records.history_index import HistoryIndex

if TYPE_CHECKING:
    from ..law.plans import Plan
    from .correlate import Correlation


@dataclass
class Context:
    """The inputs of one evaluation, read and normalised. 一次判断的全部输入。"""

    plan: Plan
    history: HistoryIndex
    as_of: date | None
    application: Application | None = None
    event: Event | None = None
    _correlation: Correlation | None = field(default=None, repr=False)
    cache: dict[str, Any] = field(default_factory=dict, repr=False)

    @property
    def app(self) -> Application:
        """The application under judgement (checks of applications only)."""
        if self.application is None:
            raise RuntimeError("this check judges applications")
        return self.application

    @property
    def ev(self) -> Event:
        """The event under judgement (checks of events only)."""
        if self.event is None:
            raise RuntimeError("this check judges events")
        return self.event

    @property
    def application_date(self) -> date | None:
        """The date of the application: submitted_to_recommender_on, else recommended_on.

        申报日期：向推荐单位提交之日，无则为推荐之日（product.md，五年限制的读法）。
        """
        app = self.app
        return app.submitted_to_recommender_on or app.recommended_on

    @property
    def unit(self) -> tuple[str | None, str | None]:
        """The subject's unit: (credit code, name), of the applicant or of the event."""
        if self.application is not None:
            return self.application.applicant.credit_code, self.application.applicant.name
        return self.ev.credit_code, self.ev.unit

    @property
    def acted_on(self) -> date | None:
        """The date of the act judged: the application's date, or the event's date."""
        if self.application is not None:
            return self.application_date
        return self.ev.date

    def correlation(self) -> Correlation:
        """The joins of the subject with its history, computed once per evaluation."""
        if self._correlation is None:
            from .correlate import correlate

            self._correlation = correlate(self)
        return self._correlation
