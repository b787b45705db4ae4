"""The service's API, ``/v1``: plans, rules, evaluation, the record and units' standing.

服务的接口（/v1）：方案、规则、判断、记录与单位状况。路径、请求与应答见 product.md 的
"The HTTP service" 与 docs/service.md。

Each answer is computed by the library itself: an evaluation is :func:`gongguan_rules.evaluate`
on the JSON the client sent, answered as ``json.dumps(decision.model_dump(mode="json"))``, the
very bytes a Python caller gets from the same call. The work of judging runs in worker threads
(plain ``def`` routes), never on the event loop.
"""

from __future__ import annotations

import difflib
import json
from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path, Query, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from starlette.responses import Response

from ..errors import InputError
from ..inputs.dates import BLANK_CLASS, read_date_argument
from ..judging.decision import Decision
from ..judging.evaluate import evaluate, evaluate_event, read_as_of
from ..law.plans import Plan, available_plans, load_plan
from ..records.store import History, HistoryRecord, UnitStatus
from .bodies import (
    EvaluateRequest,
    EventEvaluateRequest,
    RawDate,
    RecordRequest,
    bundled_plan,
    event_plan,
    given_history,
    no_lone_surrogates,
)
from .errors import ErrorBody, refuse
from .guard import RECORDED_BY
from .views import PlanView, RuleDetail, plan_view, rule_detail

__all__ = ["api_router", "json_answer"]

_bearer = HTTPBearer(
    auto_error=False,
    scheme_name="token",
    description="令牌（gongguan-rules token NAME 生成，服务以 --token-file 读取其哈希）/ a token made by "
    "`gongguan-rules token NAME`; the service reads its hash from --token-file",
)
_UNREADABLE: dict[int | str, dict[str, Any]] = {
    422: {"model": ErrorBody, "description": "输入无法读取 / unreadable input"}
}
_NEEDS_TOKEN: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorBody, "description": "缺少或无效的令牌 / missing, malformed or unknown token"}
}
_TOO_LARGE: dict[int | str, dict[str, Any]] = {413: {"model": ErrorBody, "description": "请求体过大 / body too large"}}
_NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": ErrorBody, "description": "没有找到 / not found"}}
_MAX_INT = 2**63 - 1
#: A text holding something besides blanks (the library refuses a blank unit). 非空白的文本。
NOT_BLANK = "[^" + BLANK_CLASS[1:]


def json_answer(data: Any, status_code: int = 200) -> Response:
    """An answer serialised exactly as Python's :func:`json.dumps` does. 以 json.dumps 序列化的应答。"""
    return Response(json.dumps(data), status_code=status_code, media_type="application/json")


def _decision_answer(decision: Decision) -> Response:
    return json_answer(decision.model_dump(mode="json"))


def _recorded_by(request: Request, _token: Annotated[HTTPAuthorizationCredentials | None, Security(_bearer)]) -> str:
    """The holder of the request's token, checked by the gate (:mod:`.guard`) before the body was read."""
    holder = request.scope.get(RECORDED_BY)
    if not isinstance(holder, str):  # the gate always sets it on these addresses; refuse if it did not
        raise HTTPException(401, headers={"WWW-Authenticate": "Bearer"})
    return holder


def _latest_plan() -> Plan:
    return load_plan(available_plans()[-1])


def api_router(store: History) -> APIRouter:
    """The ``/v1`` routes over one store. 基于一个历史库的全部接口。"""
    router = APIRouter(prefix="/v1")

    @router.get("/plans", response_model=list[int], summary="随包方案年度 / the bundled plans' years", tags=["plans"])
    def plans() -> Response:
        return json_answer(available_plans())

    @router.get(
        "/plans/{year}",
        response_model=PlanView,
        responses={**_NOT_FOUND, **_UNREADABLE},
        summary="一个方案：文件、条款与时间安排（附出处）/ a plan's documents, clauses and schedule, cited",
        tags=["plans"],
    )
    def plan(year: Annotated[int, Path(ge=0, le=_MAX_INT)]) -> Response:
        if year not in available_plans():
            years = ", ".join(str(y) for y in available_plans())
            raise HTTPException(
                404,
                detail=[
                    (
                        "year",
                        f"没有 {year} 年度的随包方案（可用：{years}）/ no bundled plan for {year}; available: {years}",
                    )
                ],
            )
        return json_answer(plan_view(load_plan(year)).model_dump(mode="json"))

    @router.get(
        "/rules/{rule_id}",
        response_model=RuleDetail,
        responses={**_NOT_FOUND, **_UNREADABLE},
        summary="一条规则：出处与原文 / a rule, its citation and its text",
        tags=["plans"],
    )
    def rule(
        rule_id: str,
        plan: Annotated[
            int | None,
            Query(
                ge=0,
                le=_MAX_INT,
                description="随包方案年度（默认含该规则的最新方案）/ a bundled year",
                json_schema_extra={"enum": available_plans()},
            ),
        ] = None,
    ) -> Response:
        bundled = [load_plan(y) for y in available_plans()]
        chosen = [bundled_plan(plan)] if plan is not None else sorted(bundled, key=lambda p: -p.year)
        for candidate in chosen:
            found = rule_detail(candidate, rule_id, bundled)
            if found is not None:
                return json_answer(found.model_dump(mode="json"))
        ids = sorted({r.id for p in bundled for r in p.rules})
        close = difflib.get_close_matches(rule_id, ids, n=3, cutoff=0.5)
        hint = f"；是否想写 {'、'.join(close)}？/ did you mean {', '.join(close)}?" if close else ""
        where = f"{plan} 年度方案中" if plan is not None else ""
        raise HTTPException(404, detail=[("rule_id", f"{where}没有这条规则 / no such rule{hint}"[:600])])

    @router.post(
        "/evaluate",
        response_model=Decision,
        responses={**_UNREADABLE, **_TOO_LARGE},
        summary="判断一份申报 / judge one application",
        tags=["evaluate"],
    )
    def evaluate_application(body: EvaluateRequest) -> Response:
        no_lone_surrogates(body.model_dump(), "")
        the_plan = bundled_plan(body.plan)
        history = given_history(body.history)
        when = read_as_of(body.as_of)
        try:  # history and as_of are read: what remains to fault is the application
            decision = evaluate(
                body.application, the_plan, history=store.history() if history is None else history, as_of=when
            )
        except InputError as exc:
            raise _under("application", exc) from None
        return _decision_answer(decision)

    @router.post(
        "/events/evaluate",
        response_model=Decision,
        responses={**_UNREADABLE, **_TOO_LARGE},
        summary="判断一个事件（不保存）/ judge one lifecycle event (not stored)",
        tags=["evaluate"],
    )
    def evaluate_one_event(body: EventEvaluateRequest) -> Response:
        no_lone_surrogates(body.model_dump(), "")
        the_plan = event_plan(body.plan, body.event)
        history = given_history(body.history)
        decision = evaluate_event(
            body.event, the_plan, history=store.history() if history is None else history, as_of=body.as_of
        )
        return _decision_answer(decision)

    @router.post(
        "/records",
        status_code=201,
        response_model=HistoryRecord,
        responses={**_NEEDS_TOKEN, **_UNREADABLE, **_TOO_LARGE},
        summary="判断并保存一个事件（提交后才应答）/ judge and store an event (answered once committed)",
        tags=["record"],
    )
    def add_record(body: RecordRequest, who: Annotated[str, Security(_recorded_by)]) -> Response:
        no_lone_surrogates(body.model_dump(), "")
        the_plan = event_plan(body.plan, body.event)
        record = store.record_entry(body.event, the_plan, as_of=body.as_of, recorded_by=who)
        return json_answer(record.to_json(), status_code=201)

    @router.get(
        "/records",
        response_model=list[HistoryRecord],
        responses={**_NEEDS_TOKEN, **_UNREADABLE},
        summary="已保存的记录（按序号）/ the records on file, oldest first",
        tags=["record"],
    )
    def list_records(
        who: Annotated[str, Security(_recorded_by)],
        credit_code: Annotated[
            str | None,
            Query(
                description="统一社会信用代码（或单位名称），不可为空白 / the unit's credit code (or name), not blank",
                json_schema_extra={"pattern": NOT_BLANK},
            ),
        ] = None,
        since: Annotated[RawDate, Query(description="事件日期不早于 / event date on or after")] = None,
        limit: Annotated[int | None, Query(ge=0, le=_MAX_INT, description="至多条数 / at most this many")] = None,
        after: Annotated[int | None, Query(ge=0, le=_MAX_INT, description="序号大于 / seq greater than")] = None,
    ) -> Response:
        if credit_code is not None:
            no_lone_surrogates(credit_code, "credit_code")
        records = store.records(
            credit_code=credit_code, since=read_date_argument(since, "since"), after=after, limit=limit
        )
        return json_answer([r.to_json() for r in records])

    @router.get(
        "/units/{credit_code}/status",
        response_model=UnitStatus,
        responses={**_NEEDS_TOKEN, **_UNREADABLE},
        summary="单位状况：五年限制、优秀成果、撤销 / a unit's standing: the bar, recognitions, revocations",
        tags=["record"],
    )
    def unit_status(
        credit_code: str,
        who: Annotated[str, Security(_recorded_by)],
        as_of: Annotated[
            RawDate,
            Query(description="日期；缺省为记录中最晚的日期（从不取当前时间）/ absent: the latest date on record"),
        ] = None,
    ) -> Response:
        no_lone_surrogates(credit_code, "credit_code")
        day = read_date_argument(as_of, "as_of")
        if day is None:
            day = store.history(include_rejected=True).latest_date
            if day is None:
                raise refuse("as_of", "记录中没有带日期的事件，请给出 as_of / nothing dated is on record; give as_of")
        try:
            status = store.unit_status(credit_code, day)
        except InputError as exc:
            raise InputError([("credit_code" if loc == "unit" else loc, msg) for loc, msg in exc.errors]) from None
        return json_answer(status.model_dump(mode="json"))

    return router


def _under(part: str, exc: InputError) -> InputError:
    """An InputError of one part of the body with its paths under that part (``application.project.name``)."""
    inside = (f"{part}.", f"{part}[")
    return InputError(
        [(loc if loc == part or loc.startswith(inside) else f"{part}.{loc}", msg) for loc, msg in exc.errors]
    )
