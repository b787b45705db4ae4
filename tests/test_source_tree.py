"""The source tree itself: it imports on every Python it claims, and its arrows run one way.

源代码树本身：在声明支持的每个 Python 上都能导入；模块之间的依赖只朝一个方向。

- A docstring holding a lone surrogate (one that writes ``"\\ud800"`` without a raw prefix;
  other string constants may hold one) compiles on Python 3.11 and 3.12 but stops
  ``import gongguan_rules`` on 3.13, where the compiler cleans docstrings through UTF-8. The last
  run of .ci/run failed on exactly that (law/strict_yaml.py); this test finds it on any Python.
- DEVELOPERS.md's layout: the law needs nothing of judging; the history index, events, history
  files and project names sit below judging; the store sits above it (it judges what it records);
  judging knows nothing of tables, the store, the command line or the service, except the one
  lazy import that renders a decision in Jupyter (``Decision._repr_html_`` → tables.render).
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gongguan_rules"
SOURCES = sorted(SRC.rglob("*.py"))


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    """(line, absolute module) for every import of the library in ``path``."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)]
                target = ".".join([*base, *(node.module.split(".") if node.module else [])])
            else:
                target = node.module or ""
            if node.module is None:  # from . import x: each name is a module or a name of it
                found.extend((node.lineno, f"{target}.{alias.name}") for alias in node.names)
            else:
                found.append((node.lineno, target))
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
    return [(line, name) for line, name in found if name.split(".")[0] == "gongguan_rules"]


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_docstring_holds_a_lone_surrogate(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    for owner in ast.walk(tree):
        if not isinstance(owner, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        first = owner.body[0] if owner.body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
            node = first.value
            try:
                node.value.encode("utf-8")
            except UnicodeEncodeError as exc:
                pytest.fail(
                    f"{path.relative_to(SRC)}:{node.lineno}: a string holds {exc.object[exc.start]!r}; "
                    "Python 3.13 cannot import this module (write the escape in a raw string or as \\\\u)"
                )


P = "gongguan_rules."
ABOVE_JUDGING = tuple(P + m for m in ("judging", "engines", "records.store", "tables", "cli", "server", "testing"))
#: (importer, modules it must not import, the reason)
ARROWS = [
    (P + "law", (*ABOVE_JUDGING, P + "records"), "the law is data: it needs only check names and parameter models"),
    (P + "identity", (*ABOVE_JUDGING, P + "law", P + "records"), "identity is a leaf"),
    (P + "records.history_index", ABOVE_JUDGING, "the history index sits below judging"),
    (P + "records.events", ABOVE_JUDGING, "events sit below judging"),
    (P + "records.history_files", ABOVE_JUDGING, "the history-file readers sit below judging"),
    (P + "records.project_names", ABOVE_JUDGING, "project names sit below judging"),
    (P + "tables.headers", (*ABOVE_JUDGING, P + "law", P + "records"), "the header vocabulary is a leaf"),
    (
        P + "judging",
        tuple(P + m for m in ("records.store", "tables", "cli", "server", "testing")),
        "judging knows nothing of the store, the tables, the command line or the service",
    ),
    (P + "engines", tuple(P + m for m in ("judging", "records", "tables", "cli", "server")), "engines run joins only"),
]
#: the header vocabulary and the office's cell values are shared by the 汇总表 reader and the
#: history-file readers (one vocabulary); they import only the law's vocabularies
SHARED_LEAVES = ("gongguan_rules.tables.headers", "gongguan_rules.tables.values")
#: the one lazy arrow upward, in a method: rendering a decision in Jupyter
ALLOWED = {("gongguan_rules.judging.decision", "gongguan_rules.tables.render")}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(SRC)))
def test_arrows_run_one_way(path: Path) -> None:
    module = _module_name(path)
    wrong = []
    for importer, forbidden, reason in ARROWS:
        if not _within(module, (importer,)):
            continue
        for line, name in _imports(path):
            if _within(name, forbidden) and (module, name) not in ALLOWED and name not in SHARED_LEAVES:
                wrong.append(f"{path.relative_to(SRC)}:{line}: {module} imports {name} ({reason})")
    assert not wrong, "\n".join(wrong)


def test_the_shared_leaves_stay_leaves() -> None:
    for leaf in SHARED_LEAVES:
        path = SRC.parent / (leaf.replace(".", "/") + ".py")
        above = [name for _, name in _imports(path) if _within(name, ABOVE_JUDGING) and name not in SHARED_LEAVES]
        assert not above, f"{leaf} imports {above}"


def test_the_arrow_check_sees_a_wrong_import() -> None:
    """The check above is not vacuous: it finds the imports it looks for."""
    imports = dict((name, line) for line, name in _imports(SRC / "records" / "store" / "history.py"))
    assert "gongguan_rules.judging.evaluate" in imports
    law_imports = [name for _, name in _imports(SRC / "law" / "plans" / "clauses.py")]
    assert "gongguan_rules.law.strict_yaml" in law_imports
