"""Where a decision comes from: the library, the plan file, the rules data and the engine.

决定的来源：库版本、方案文件与规则数据的 SHA-256、运行的关联引擎。据此可以把保存或导出的决定
追溯到产生它的确切数据（docs/decisions.md#来源--provenance）。
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from ..engines import engine_name
from ..law.data_files import rules_dir
from ..law.plans import Plan
from .decision import Provenance


@lru_cache(maxsize=1)
def rules_sha256() -> str:
    """The SHA-256 of rules/: for each ``rules/*.yaml`` in name order, its name, a NUL byte, its
    bytes and a NUL byte (product.md). Computed once per process. 规则数据的 SHA-256。"""
    digest = hashlib.sha256()
    for path in sorted(rules_dir().glob("*.yaml"), key=lambda p: p.name):
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def provenance_of(plan: Plan) -> Provenance:
    """The provenance of a decision under ``plan``: one shared, immutable object per plan file."""
    return _provenance(plan.year, plan.sha256, engine_name())


@lru_cache(maxsize=256)
def _provenance(year: int, plan_sha256: str, engine: str) -> Provenance:
    from .. import __version__

    return Provenance(
        library_version=__version__,
        plan_year=year,
        plan_sha256=plan_sha256,
        rules_sha256=rules_sha256(),
        engine=engine,
    )
