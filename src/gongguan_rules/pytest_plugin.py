"""pytest plugin: the invariant suite (:mod:`gongguan_rules.invariants`) over every plan file.

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
without installing, load it with ``-p gongguan_rules.pytest_plugin``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import Phase, settings

from .data_files import plans_dir
from .errors import PlanError
from .invariants import INVARIANTS, Invariant, InvariantViolation, KnownIssue, suite_settings
from .plans import Plan, available_plans, load_plan

__all__ = ["InvariantItem", "KnownDefect", "PlanSuite"]

_PLANS = pytest.StashKey[dict[Path, str]]()
_MARKER = "gongguan"


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


def pytest_report_header(config: pytest.Config) -> str | None:
    plans = config.stash.get(_PLANS, {})
    if not plans or not config.args:
        return None
    s = suite_settings(config.getoption("gongguan_max_examples"))
    labels = ", ".join(plans.values())
    return f"gongguan-rules invariants: {labels} (max_examples={s.max_examples}, derandomize={s.derandomize})"


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> PlanSuite | None:
    plans = parent.config.stash.get(_PLANS, {})
    label = plans.get(file_path.resolve())
    if label is None:
        return None
    name = f"gongguan[{label}]"
    suite: PlanSuite = PlanSuite.from_parent(parent, path=file_path, name=name, nodeid=name)
    return suite


class PlanSuite(pytest.File):
    """One plan file: loads it (a plan that does not load is a collection error naming file:line)
    and yields one :class:`InvariantItem` per invariant."""

    def collect(self) -> Iterator[InvariantItem]:
        plan = load_plan(self.path)
        base = suite_settings(self.config.getoption("gongguan_max_examples"))
        for inv in INVARIANTS:
            issue = inv.issue(plan)
            s = base if issue is None else settings(base, phases=[Phase.explicit, Phase.reuse, Phase.generate])
            item: InvariantItem = InvariantItem.from_parent(
                self, name=inv.name, invariant=inv, plan=plan, hypothesis_settings=s, issue=issue
            )
            item.add_marker(_MARKER)
            if issue is not None:
                item.add_marker(pytest.mark.xfail(reason=issue.reason, strict=issue.strict, raises=KnownDefect))
            yield item

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, PlanError):
            return f"the plan file does not load / 方案文件无法读取:\n{excinfo.value}"
        return super().repr_failure(excinfo)


class KnownDefect(Exception):
    """A failure that is a known library defect (:class:`gongguan_rules.invariants.KnownIssue`);
    the item is marked xfail for exactly this, so any other failure still fails."""


class InvariantItem(pytest.Item):
    """One invariant over one plan. 一个方案的一条不变式。"""

    def __init__(
        self,
        *,
        invariant: Invariant,
        plan: Plan,
        hypothesis_settings: settings,
        issue: KnownIssue | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.invariant = invariant
        self.plan = plan
        self.hypothesis_settings = hypothesis_settings
        self.issue = issue

    def runtest(self) -> None:
        try:
            self.invariant.run(self.plan, self.hypothesis_settings)
        except Exception as exc:
            if self.issue is not None and self.issue.matches(exc):
                raise KnownDefect(self.issue.reason) from exc
            raise

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        value = excinfo.value
        if isinstance(value, InvariantViolation):
            notes = "\n".join(getattr(value, "__notes__", []))
            head = f"{self.invariant.name}: {self.invariant.en} / {self.invariant.zh}\nplan: {self.plan.path}"
            return f"{head}\n\n{value}" + (f"\n\n{notes}" if notes else "")
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.path, None, f"{self.parent.name if self.parent else ''}::{self.name}"
