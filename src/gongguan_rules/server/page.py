"""The page at ``/``: a public servant checks one application from a browser, in Chinese.

首页：工作人员在浏览器中核查一份申报（中文页面）。

A real HTML ``<form>`` posted to the server and answered with the page again, the decision shown
under the form: it works without scripts, needs no build step and loads nothing from another
host. Every value is escaped by Jinja2's autoescaping (an applicant named ``<script>`` is shown
as text). The form's fields are the contract's (product.md, "The application"); enumerations are
select boxes with their Chinese names. A field left empty is absent, as in the contract: what a
rule then cannot decide is 需复核.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from importlib.resources import files
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException

from ..errors import InputError
from ..identity.districts import TIANJIN_DISTRICTS
from ..judging.decision import _OUTCOME_ZH, _STATUS_ZH, Decision
from ..judging.evaluate import evaluate
from ..law.plans import Plan, available_plans, load_plan
from ..law.vocab import CHINESE_NAMES, Benefit, Direction, Material, OrgType, RecommenderKind, TopicType
from ..records.history_index import HistoryIndex
from .upload import upload_router

__all__ = ["choices", "page_router", "read_form", "templates"]

TEMPLATES = files("gongguan_rules.server") / "templates"


def templates() -> Environment:
    """The page's templates, every value HTML-escaped. 页面模板（所有取值均转义）。"""
    return Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )


def _choices(enum: type[Any]) -> list[tuple[str, str]]:
    names = CHINESE_NAMES[enum]
    return [(member.value, names[member.value]) for member in enum]


#: Select boxes: field name → [(value, Chinese name)]. 下拉选项。
CHOICES: dict[str, list[tuple[str, str]]] = {
    "applicant.org_type": _choices(OrgType),
    "project.direction": _choices(Direction),
    "project.topic_type": _choices(TopicType),
    "recommender.kind": _choices(RecommenderKind),
}
#: Check boxes: list field → [(value, Chinese name)]. 复选项。
MULTI: dict[str, list[tuple[str, str]]] = {
    "project.expected_benefits": _choices(Benefit),
    "materials": _choices(Material),
}
_TEXT = (
    "applicant.name",
    "applicant.credit_code",
    "applicant.district",
    "project.name",
    "project.sector",
    "recommender.name",
)
_DATES = ("project.start_date", "submitted_to_recommender_on", "recommended_on")
_YES_NO = (
    "applicant.recognized_by_authority",
    "declarations.original",
    "declarations.no_confidential_content",
    "declarations.truthful",
)
_YES = {"yes": True, "no": False}


def _put(target: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    for part in parts[:-1]:
        target = target.setdefault(part, {})
    target[parts[-1]] = value


def read_form(form: FormData | Mapping[str, Any]) -> dict[str, Any]:
    """The application a form describes, in the contract's shape; empty fields are left out.

    表单所填写的申报（合同的结构）；未填的字段不出现（视为缺失）。
    """

    def one(name: str) -> str:
        value = form.get(name)
        return value.strip() if isinstance(value, str) else ""

    def many(name: str) -> list[Any]:
        if isinstance(form, FormData):
            return form.getlist(name)
        value = form.get(name)
        return list(value) if isinstance(value, list | tuple) else []

    application: dict[str, Any] = {}
    for name in (*_TEXT, *_DATES, *CHOICES):
        if value := one(name):
            _put(application, name, value)
    for name in _YES_NO:
        if one(name) in _YES:
            _put(application, name, _YES[one(name)])
    for name in MULTI:
        chosen = [v for v in many(name) if isinstance(v, str) and v.strip()]
        if chosen:  # none ticked: not filled in (unknown), never a declared empty list
            _put(application, name, chosen)
    return application


def _form_values(form: FormData | None) -> dict[str, Any]:
    if form is None:
        return {}
    values: dict[str, Any] = {k: v for k, v in form.items() if isinstance(v, str)}
    for name in MULTI:
        values[name] = [v for v in form.getlist(name) if isinstance(v, str)]
    return values


def _plan_choices() -> list[tuple[int, str]]:
    return [(year, f"{year} 年度 · {load_plan(year).document}") for year in reversed(available_plans())]


def page_router(record: Callable[[], HistoryIndex]) -> APIRouter:
    """``GET /`` and ``POST /``: the form, and the form with its decision. 首页与核查结果。"""
    router = APIRouter(include_in_schema=False)
    env = templates()

    def render(status: int, **context: Any) -> HTMLResponse:
        page = env.get_template("page.html").render(
            plans=_plan_choices(),
            choices=CHOICES,
            multi=MULTI,
            districts=TIANJIN_DISTRICTS,
            outcome_zh=_OUTCOME_ZH,
            status_zh=_STATUS_ZH,
            **context,
        )
        return HTMLResponse(page, status_code=status)

    @router.get("/", response_class=HTMLResponse)
    def page() -> HTMLResponse:
        return render(200, values={"plan": str(available_plans()[-1]), "history": "record", "format": "xlsx"})

    @router.post("/", response_class=HTMLResponse)
    async def check(request: Request) -> HTMLResponse:
        try:
            form = await request.form()
        except HTTPException as exc:  # too many fields, a part too large
            return render(422, values={}, errors=[("(表单)", str(exc.detail))])
        await form.close()  # a client may post files here too: their spools are closed at once
        values = _form_values(form)
        try:
            plan, use_record, as_of = choices(values)
            application = read_form(form)
            decision: Decision = await run_in_threadpool(
                lambda: evaluate(application, plan, history=record() if use_record else [], as_of=as_of)
            )
        except InputError as exc:
            return render(422, values=values, errors=exc.errors)
        return render(200, values=values, decision=decision)

    router.include_router(upload_router(record, render, choices))
    return router


def choices(values: Mapping[str, Any]) -> tuple[Plan, bool, str | None]:
    """The plan, whether to judge against the service's record, and the date a form chose."""
    text = str(values.get("plan", "")).strip()
    if not text.isdigit() or int(text) not in available_plans():
        raise InputError([("plan", "请选择随包方案的年度 / choose a bundled plan year")])
    as_of = str(values.get("as_of", "")).strip() or None
    return load_plan(int(text)), values.get("history") != "none", as_of
