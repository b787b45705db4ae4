"""One fact of an application (or an event) by its dotted path, such as ``applicant.district``:
set or removed in a copy. Parts on the way are created empty, as the contract reads an absent part.

按点分路径（如 ``applicant.district``）设置或删除申报（或事件）中的一项事实，返回副本；路径上缺少的部分
以空对象补上（与合同把缺失的部分读作空部分一致）。
"""

from __future__ import annotations

import copy
from typing import Any


def parent_of(data: dict[str, Any], path: str) -> tuple[dict[str, Any], str]:
    """The mapping of ``data`` that holds ``path``'s last key (parts created as needed), and the key."""
    *parents, last = path.split(".")
    node = data
    for key in parents:
        node = node.setdefault(key, {})
    return node, last


def set_fact(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A copy of ``data`` with the fact at ``path`` set to ``value``. 设置一项事实（副本）。"""
    out = copy.deepcopy(data)
    node, last = parent_of(out, path)
    node[last] = value
    return out


def without_fact(data: dict[str, Any], path: str) -> dict[str, Any]:
    """A copy of ``data`` without the fact at ``path``. 删除一项事实（副本）。"""
    out = copy.deepcopy(data)
    node, last = parent_of(out, path)
    node.pop(last, None)
    return out
