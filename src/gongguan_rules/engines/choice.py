"""Which join engine runs: durable-rules where it imports, the Python evaluation everywhere else.

关联引擎的选择：durable-rules 能导入时（Python 3.11、3.12）用它，否则（3.13、3.14：可安装但导入时报
``undefined symbol: PyEval_CallObject``）用同一份 rules/joins.yaml 的 Python 求值。环境变量
``GONGGUAN_RULES_ENGINE=python | durable-rules`` 在导入时读取，强制其一；未知的取值、或在无法导入
durable-rules 的环境中强制它，导入时即抛出 ImportError 并说明原因。

Both engines evaluate the same join rules on the same facts and give identical decisions
(tests/test_engine.py compares whole decisions; docs/engine.md). The environment variable is the
user's switch; :func:`using` and the ``engine`` argument of :func:`join` choose per context or per
call (for tests and benchmarks).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import os
import platform
from collections.abc import Iterator, Sequence
from typing import Any, Final

from ..quoting import quote
from .joins import JoinRule

DURABLE: Final = "durable-rules"
PYTHON: Final = "python"
#: Every engine's name, as ``engine_name()`` and ``GONGGUAN_RULES_ENGINE`` spell it.
ENGINES: Final = (DURABLE, PYTHON)
#: The environment variable read at import. 导入时读取的环境变量。
ENV_VAR: Final = "GONGGUAN_RULES_ENGINE"

Fact = dict[str, str | int]
Bindings = dict[str, dict[str, Any]]


@functools.cache
def durable_unavailable() -> str | None:
    """Why durable-rules cannot run in this interpreter, or None where it can (imported once).

    durable-rules 无法运行的原因；能运行时为 None。
    """
    where = f"Python {platform.python_version()}"
    try:
        from . import durable  # noqa: F401  # the fence imports the C extension
    except ModuleNotFoundError as exc:
        if exc.name is not None and exc.name.split(".")[0] in ("durable", "durable_rules_engine"):
            return (
                f"{where} 上未安装 durable-rules（本库只在 Python 3.11、3.12 上依赖它）/ durable-rules is not "
                f"installed on {where} (the package requires it only on Python 3.11 and 3.12)"
            )
        raise
    except ImportError as exc:
        return f"durable-rules 在 {where} 上无法导入 / cannot be imported on {where}: {exc}"
    return None


def available_engines() -> tuple[str, ...]:
    """The engines that can run here: both where durable-rules imports, else ``("python",)``."""
    return ENGINES if durable_unavailable() is None else (PYTHON,)


def _checked(name: str) -> str:
    """``name`` if it names an engine that can run here; ValueError or ImportError saying why."""
    if name not in ENGINES:
        raise ValueError(f"未知的关联引擎 / unknown join engine {quote(name)}; choose {' or '.join(ENGINES)}")
    why = durable_unavailable() if name == DURABLE else None
    if why is not None:
        raise ImportError(f"无法使用 durable-rules / cannot use durable-rules: {why}")
    return name


def engine_from_environment(value: str | None) -> str:
    """The process's engine given the value of ``GONGGUAN_RULES_ENGINE`` (None: unset).

    Unset or empty: durable-rules where it imports, else python. ``python`` or ``durable-rules``
    (ignoring case and surrounding blanks) forces one. Anything else, or durable-rules where it
    cannot import, raises ImportError saying why (so that ``import gongguan_rules`` fails at once).
    """
    if value is None or not value.strip():
        return DURABLE if durable_unavailable() is None else PYTHON
    wanted = value.strip().lower()
    if wanted not in ENGINES:
        raise ImportError(
            f"{ENV_VAR}={quote(value)}：未知的关联引擎，应为 {' 或 '.join(ENGINES)}（或不设置）/ unknown join "
            f"engine; set it to {' or '.join(ENGINES)}, or leave it unset for durable-rules where it imports, "
            "else python"
        )
    if wanted == DURABLE:
        why = durable_unavailable()
        if why is not None:
            raise ImportError(
                f"{ENV_VAR}=durable-rules，但 durable-rules 在此无法运行 / but durable-rules cannot run here: {why}. "
                f"请设为 python 或不设置 / set {ENV_VAR}=python or leave it unset"
            )
    return wanted


_DEFAULT: Final = engine_from_environment(os.environ.get(ENV_VAR))
_CHOSEN: contextvars.ContextVar[str | None] = contextvars.ContextVar("gongguan_rules_engine", default=None)


def engine_name() -> str:
    """The join engine in use: ``"durable-rules"`` or ``"python"``. 当前使用的关联引擎。

    durable-rules where it imports (Python 3.11, 3.12), python otherwise; ``GONGGUAN_RULES_ENGINE``
    (read at import) forces one, and :func:`using` chooses one inside a ``with`` block.
    """
    return _CHOSEN.get() or _DEFAULT


@contextlib.contextmanager
def using(name: str) -> Iterator[str]:
    """Evaluate with engine ``name`` inside the block (this thread or task only).

    在此 ``with`` 块中（仅本线程或本任务）使用指定的关联引擎。Raises ValueError for an unknown name and
    ImportError for durable-rules where it cannot run. For tests and benchmarks; the environment
    variable is the user's switch.
    """
    token = _CHOSEN.set(_checked(name))
    try:
        yield name
    finally:
        _CHOSEN.reset(token)


def join(
    rules: Sequence[JoinRule], subject: Fact, records: Sequence[Fact], engine: str | None = None
) -> dict[str, list[Bindings]]:
    """Run ``rules`` over ``subject`` and ``records`` on ``engine`` (default: :func:`engine_name`).

    Returns, per rule id, the bindings (alias → fact) that satisfy it. Both engines see the same
    facts; bindings may differ only in the engine's bookkeeping fields, never in the record bound.
    """
    name = engine_name() if engine is None else _checked(engine)
    if name == DURABLE:
        from .durable import engine_for

        return engine_for(rules).run(subject, records)
    return {rule.id: rule.evaluate(subject, records) for rule in rules}
