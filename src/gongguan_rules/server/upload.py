"""``POST /table``: a 汇总表 uploaded from the page, answered with the results workbook.

上传汇总表（.xlsx、.xls、.csv），下载结果表：原有各列照旧，每行加上 结论、不符合项、需复核项、说明
与 补正建议（:func:`gongguan_rules.write_results`）。

The file is read by :func:`gongguan_rules.read_applications` exactly as from the command line
(office headers and values, title and signature lines skipped, every cell not understood noted on
its row), judged by :func:`gongguan_rules.evaluate_many` (an unreadable row gets 输入有误 in its
place, the others go on), and written by :func:`gongguan_rules.write_results`. The upload is kept
in a private temporary folder under a name made from the client's (its last part only, plain
characters), read, and deleted; nothing else of the server's files is ever named by a client.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException

from ..errors import InputError
from ..judging.batch import evaluate_many
from ..records.history_index import HistoryIndex
from ..tables.reader import read_applications
from ..tables.results import write_results
from ..tables.sources import CSV_SUFFIXES, EXCEL_SUFFIXES

__all__ = ["RESULT_TYPES", "safe_name", "upload_router"]

#: The results' formats: suffix → media type. 结果表的格式。
RESULT_TYPES = {
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".csv": "text/csv; charset=utf-8",
}
_PLAIN = re.compile(r"[^\w.()（）-]+")

Render = Callable[..., HTMLResponse]
Chosen = Callable[[dict[str, Any]], tuple[Any, bool, str | None]]


def safe_name(filename: str | None, default: str = "汇总表") -> str:
    """The client's file name reduced to a plain last part (letters, digits, CJK, ``. ( ) - _``)."""
    last = re.split(r"[\\/]", filename or "")[-1]
    stem, suffix = Path(last).stem, Path(last).suffix.lower()
    plain = _PLAIN.sub("_", stem).strip("._")[:80] or default
    return plain + _PLAIN.sub("", suffix)[:6]


def upload_router(record: Callable[[], HistoryIndex], render: Render, chosen: Chosen) -> APIRouter:
    """``POST /table``. ``render`` draws the page (for refusals); ``chosen`` reads plan, history, as_of."""
    router = APIRouter(include_in_schema=False)

    @router.post("/table", response_model=None)
    async def table(request: Request) -> Response:
        try:
            form = await request.form()
        except HTTPException as exc:  # too many fields, a part too large
            return render(422, values={}, upload_errors=[("(表单)", str(exc.detail))])
        try:
            return await _answer(form, record, render, chosen)
        finally:
            await form.close()  # the uploaded file's spool

    return router


async def _answer(form: FormData, record: Callable[[], HistoryIndex], render: Render, chosen: Chosen) -> Response:
    """The results file for an upload form, or the page with what is wrong."""
    values = {k: v for k, v in form.items() if isinstance(v, str)}
    upload = form.get("file")
    if not isinstance(upload, UploadFile) or not upload.filename:
        return render(422, values=values, upload_errors=[("file", "请选择汇总表文件 / choose a table file")])
    name = safe_name(upload.filename)
    suffix = Path(name).suffix
    if suffix not in EXCEL_SUFFIXES + CSV_SUFFIXES:
        message = (
            f"不支持的文件类型“{suffix or '（无扩展名）'}”，应为 .xlsx、.xls 或 .csv / expected .xlsx, .xls or .csv"
        )
        return render(422, values=values, upload_errors=[("file", message)])
    out_suffix = ".csv" if values.get("format") == "csv" else ".xlsx"
    data = await upload.read()
    try:
        plan, use_record, as_of = chosen(values)
        result = await run_in_threadpool(
            lambda: _judge(data, name, out_suffix, plan, record() if use_record else [], as_of)
        )
    except InputError as exc:
        return render(422, values=values, upload_errors=exc.errors)
    download = f"结果-{Path(name).stem}{out_suffix}"
    headers = {"Content-Disposition": f"attachment; filename*=UTF-8''{quote(download)}"}
    return Response(result, media_type=RESULT_TYPES[out_suffix], headers=headers)


def _judge(data: bytes, name: str, out_suffix: str, plan: Any, history: Any, as_of: str | None) -> bytes:
    """Read, judge and write, in a private temporary folder; the results file's bytes."""
    with tempfile.TemporaryDirectory(prefix="gongguan-upload-") as folder:
        source = Path(folder) / name
        source.write_bytes(data)
        try:
            table = read_applications(str(source))
        except InputError as exc:  # name the file as the client did, not where it was kept
            inside = f"{folder}/"
            raise InputError([(loc.replace(inside, ""), msg.replace(inside, "")) for loc, msg in exc.errors]) from None
        if not table.applications:
            raise InputError(
                [(name, "表中没有申报行（请检查表头）/ the table holds no application rows (check its header)")]
            )
        decisions = evaluate_many(table.applications, plan, history=history, as_of=as_of, on_error="collect")
        target = Path(folder) / f"results{out_suffix}"
        write_results(str(target), table, decisions, lang="zh")
        return target.read_bytes()
