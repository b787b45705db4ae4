"""pytest plugin: the invariant suite (:mod:`gongguan_rules.testing.invariants`) over every plan file.

pytest 插件：对每个方案文件运行不变式套件，每个（方案，不变式）一个测试项，编号形如
``gongguan[2026]::eligible_is_eligible``。

Which plans:

- ``pytest --gongguan-plan path/to/2027.yaml`` (repeatable; also a bundled year such as ``2026``,
  or ``bundled`` for every bundled plan, ``gr.available_plans()``): the suite over those files.
  Without other arguments only the suite runs, from any directory.
- Inside this repository (a ``plans/`` and a ``rules/regulation.yaml`` beside the rootdir): a
  whole run (``pytest``, ``pytest tests``) collects every ``plans/*.yaml`` automatically, and
  ``pytest plans/2026.yaml`` runs one plan's suite.
- Anywhere else, nothing is added to a run unless asked (installing the package must not put
  our suite into another project's tests).

Options: ``--gongguan-max-examples N`` (default: the ``gongguan-rules`` Hypothesis profile, 60;
derandomised when the ``CI`` environment variable is set). The entry point is declared in
pyproject.toml (``[project.entry-points.pytest11] gongguan_rules``); from a source checkout
without installing, load it with ``-p gongguan_rules.testing.plugin``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ..law.data_files import plans_dir
from ..law.plans import available_plans

if TYPE_CHECKING:
    from .suite import PlanSuite

__all__ = ["pytest_addoption", "pytest_collect_file", "pytest_configure", "pytest_report_header"]

_PLANS = pytest.StashKey[dict[Path, str]]()
_MARKER = "gongguan"  # the same as plan_suite.MARKER


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("gongguan-rules", "gongguan-rules: the invariant suite over plan files")
    group.addoption(
        "--gongguan-plan",
        action="append",
        default=[],
        dest="gongguan_plans",
        metavar="PATH|YEAR|bundled",
        help="run the invariant suite over this plan file (repeatable); a year names a bundled plan, "
        "'bundled' every bundled plan",
    )
    group.addoption(
        "--gongguan-max-examples",
        type=int,
        default=None,
        dest="gongguan_max_examples",
        metavar="N",
        help="Hypothesis examples per property invariant (default: the gongguan-rules profile, 60)",
    )


def _label(path: Path, root: Path) -> str:
    """``2026`` for a plan in ``plans/`` or among the bundled plans; else its path."""
    known = {(root / "plans").resolve(), plans_dir().resolve()}
    if path.parent in known:
        return path.stem
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def _requested(config: pytest.Config, values: list[str]) -> list[Path]:
    out: list[Path] = []
    base = config.invocation_params.dir
    for value in values:
        text = value.strip()
        if text.lower() in ("bundled", "all"):
            out += [plans_dir() / f"{y}.yaml" for y in available_plans()]
            continue
        path = base / text
        if not path.exists() and text.isdigit():
            path = plans_dir() / f"{text}.yaml"
        if not path.is_file():
            years = ", ".join(str(y) for y in available_plans())
            raise pytest.UsageError(f"--gongguan-plan {value}: no such plan file (bundled years: {years})")
        out.append(path)
    return out


def _repo_plans(root: Path) -> list[Path]:
    """``plans/*.yaml`` when the rootdir is this repository (plans/ beside rules/regulation.yaml)."""
    if (root / "plans").is_dir() and (root / "rules" / "regulation.yaml").is_file():
        return sorted((root / "plans").glob("*.yaml"))
    return []


def _whole_run(config: pytest.Config) -> bool:
    """No arguments, or the repository root or its tests/ directory among them."""
    if config.args_source is not pytest.Config.ArgsSource.ARGS:
        return True
    root = config.rootpath.resolve()
    for arg in config.args:
        where = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if where in (root, root / "tests"):
            return True
    return False


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", f"{_MARKER}: an invariant of gongguan-rules over a plan file (-m {_MARKER})")
    root = config.rootpath.resolve()
    requested = _requested(config, config.getoption("gongguan_plans") or [])
    plans: dict[Path, str] = {}
    if requested:
        for path in requested:
            plans.setdefault(path.resolve(), _label(path.resolve(), root))
        files = [str(p) for p in plans]
        if config.args_source is pytest.Config.ArgsSource.ARGS:
            config.args.extend(f for f in files if f not in config.args)
        else:
            config.args[:] = files
    else:
        repo = _repo_plans(root)
        plans = {p.resolve(): _label(p.resolve(), root) for p in repo}
        if repo and _whole_run(config):
            config.args.extend(str(p) for p in plans)
    config.stash[_PLANS] = plans
    if requested:
        _suite_module()  # a clear usage error now, not "no collectors" later, when Hypothesis is missing


def _suite_module() -> Any:
    """The items' module, imported only when a plan is to be checked (it needs Hypothesis)."""
    try:
        from . import suite as plan_suite
    except ImportError as exc:  # Hypothesis is a test extra
        raise pytest.UsageError(
            "不变式套件需要 hypothesis：pip install 'gongguan-rules[test]' / "
            f"the invariant suite needs hypothesis: pip install 'gongguan-rules[test]' ({exc})"
        ) from None
    return plan_suite


def pytest_report_header(config: pytest.Config) -> str | None:
    plans = config.stash.get(_PLANS, {})
    if not plans or not config.args:
        return None
    s = _suite_module().suite_settings(config.getoption("gongguan_max_examples"))
    labels = ", ".join(plans.values())
    return f"gongguan-rules invariants: {labels} (max_examples={s.max_examples}, derandomize={s.derandomize})"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PlanSuite | None:
    plans = parent.config.stash.get(_PLANS, {})
    label = plans.get(file_path.resolve())
    if label is None:
        return None
    name = f"gongguan[{label}]"
    suite: PlanSuite = _suite_module().PlanSuite.from_parent(parent, path=file_path, name=name, nodeid=name)
    return suite
