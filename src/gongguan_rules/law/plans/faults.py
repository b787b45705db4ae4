"""Faults of a rules or plan file as ``file:line:column``: schema errors in Chinese and English, an
unknown key with a "did you mean" suggestion, and the faults of a file put in order.

规则与方案文件的错误：结构错误的中英文说明、拼错的键给出“是否想写”的建议，以及按位置排列的错误列表。
"""

from __future__ import annotations

import difflib
from typing import Any

from pydantic import BaseModel, ValidationError

from ...errors import PlanFault, loc_to_path
from ..checks import CHECKS
from ..strict_yaml import LocatedYaml


def _model_fields(*models: type[BaseModel]) -> set[str]:
    names: set[str] = set()
    for model in models:
        names.update(model.model_fields)
    return names


def _vocabulary() -> list[str]:
    from .. import plan_model as pm

    models: list[type[BaseModel]] = [
        pm.PlanSpec,
        pm.DocumentSpec,
        pm.ClauseSpec,
        pm.StepSpec,
        pm.TimingSpec,
        pm.CiteSpec,
        pm.Readings,
        pm.FuzzyReadings,
        pm.DuplicationReadings,
    ]
    words = _model_fields(*models)
    for definition in CHECKS.values():
        words.update(definition.params.model_fields)
    return sorted(words)


def did_you_mean(word: str, options: list[str]) -> str:
    """A “did you mean” suggestion of the closest option (empty when none is close)."""
    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    return f"；是否想写“{close[0]}”？/ did you mean {close[0]!r}?" if close else ""


_ZH_ERRORS = {
    "date": "日期无效（应为存在的日期，如 2026-04-20）",
    "datetime": "日期时间无效",
    "int": "应为整数",
    "float": "应为数字",
    "bool": "应为 true 或 false",
    "string": "应为文本",
    "literal_error": "取值不在允许范围内",
    "enum": "取值不在允许范围内",
    "list_type": "应为列表",
    "tuple_type": "应为列表",
    "dict_type": "应为映射（键值对）",
    "model_type": "应为映射（键值对）",
    "too_short": "项数不足",
    "too_long": "项数过多",
    "greater_than": "数值过小",
    "greater_than_equal": "数值过小",
    "less_than": "数值过大",
    "less_than_equal": "数值过大",
}


def pydantic_faults(
    exc: ValidationError, located: LocatedYaml, path: str, base: tuple[Any, ...] = ()
) -> list[PlanFault]:
    """The faults of a schema error, each at its line and column (under ``base`` in the file)."""
    faults = []
    vocabulary = _vocabulary()
    for err in exc.errors(include_url=False):
        loc = (*base, *(p for p in err["loc"] if not (isinstance(p, str) and p.startswith("function-"))))
        line, column = located.where(loc)
        kind = err["type"]
        field = loc_to_path(loc)
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"未知的键“{key}”/ unknown key {key!r}{did_you_mean(key, vocabulary)}"
            line, column = located.key_positions.get(loc, (line, column))
        elif kind == "missing":
            message = f"缺少必填项“{field}”/ missing required key {field!r}"
        elif kind == "value_error":
            message = f"{field}: {str(err['msg']).removeprefix('Value error, ')}"
        else:
            zh = _ZH_ERRORS.get(kind, _ZH_ERRORS.get(kind.split("_")[0], "取值无效"))
            message = f"{field}: {zh}（{err.get('input')!r}）/ {err['msg']}"
        faults.append(PlanFault(path, line, column, kind, message, loc))
    return faults


def in_order(faults: list[PlanFault]) -> list[PlanFault]:
    """Faults by position in the file, each once."""
    unique = {(f.line, f.column, f.code, f.message): f for f in faults}
    return sorted(unique.values(), key=lambda f: (f.line or 0, f.column or 0))


def yaml_faults(located: LocatedYaml, path: str) -> list[PlanFault]:
    """The faults the strict YAML reader found in the file at ``path``. YAML 层面的错误。"""
    return [PlanFault(path, f.line, f.column, f.code, f.message, f.loc) for f in located.faults]
