"""Where the bundled data lives: ``rules/`` and ``plans/`` of the source tree, or their copies
inside an installed wheel (``gongguan_rules/law/data/``).

数据文件的位置：源码树中的 rules/、plans/，或已安装包中的副本。
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path


@lru_cache(maxsize=1)
def data_root() -> Path:
    """The folder that holds ``rules/`` and ``plans/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if (packaged / "rules").is_dir() and (packaged / "plans").is_dir():
        return packaged
    source = here.parent.parent.parent
    if (source / "rules").is_dir() and (source / "plans").is_dir():
        return source
    raise FileNotFoundError(
        "找不到随包数据 rules/ 与 plans/ / the bundled rules/ and plans/ are missing: "
        f"looked in {packaged} and {source}"
    )


def rules_dir() -> Path:
    return data_root() / "rules"


def plans_dir() -> Path:
    return data_root() / "plans"


def rules_text(name: str) -> tuple[str, str]:
    """The path (for messages) and text of one file of rules/."""
    path = rules_dir() / name
    return str(path), path.read_text(encoding="utf-8")
