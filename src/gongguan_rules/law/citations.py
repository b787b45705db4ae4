"""Citations: where in the law a rule, a parameter or a message comes from.

引用：规则、参数、说明在原文中的出处（文号、条或提纲标题、项）。
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

REGULATION_NUMBER = "津政办规〔2023〕12号"
REGULATION_TITLE = "天津市质量攻关管理办法"


_OCCURRENCE = {1: "（第一个）", 2: "（第二个）"}


class Citation(BaseModel):
    """One place in one document. 一处出处。

    ``document`` is the document's number exactly as published (e.g. "津政办规〔2023〕12号"), or its
    title where it has no number ("2019年滨海新区质量攻关活动方案"); ``article`` is the regulation's
    article ("第八条") or a plan's outline heading ("四") or an annex ("附表", "附件2"); ``item`` the
    item within it ("（三）"), when there is one.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    document: str
    article: str
    item: str | None = None
    occurrence: int | None = None

    def label(self) -> str:
        """The citation as a reader writes it: 《…》第八条（一）. 引用的书面形式。

        The published 管理办法 has two articles numbered 第十七条; ``occurrence`` tells them
        apart (1: the unit submits results; 2: the recommender aggregates and recommends).
        """
        where = self.article + (self.item or "")
        if self.occurrence:
            where += _OCCURRENCE.get(self.occurrence, f"（第{self.occurrence}个）")
        return f"{self.document} {where}"
