"""rules/messages.yaml and the checks stay in step (style.md practice 4: every finding explains
itself in Chinese and English): every result code a check can give has both messages, every
message is a valid template, and no message is left that no check gives."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from gongguan_rules.judging import checks
from gongguan_rules.law.plans import messages

CHECKS_DIR = Path(checks.__file__).parent
# result codes built at run time, by check: the literal prefix they start with
DYNAMIC = {
    "declaration": ("original.", "no_confidential_content.", "truthful."),
    "schedule_step": ("intermediate_", "organiser_", "early", "late"),  # the Judgement's `where`
    "event_schedule": ("intermediate_", "organiser_", "early", "late"),
    "revocation": ("order_",),
}


def _codes_by_module() -> dict[str, set[str]]:
    """Literal codes given to ``Result(status, "code", …)`` (or assigned to ``code``) in each module."""
    out: dict[str, set[str]] = {}
    for path in CHECKS_DIR.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found: set[str] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Result" and len(node.args) >= 2:
                arg = node.args[1]
                if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    found.add(arg.value)
            # ``status, code = PASS, "on_time"``: a code chosen first and given to Result later
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Tuple):
                for target in node.targets:
                    if isinstance(target, ast.Tuple):
                        for name, value in zip(target.elts, node.value.elts, strict=False):
                            if getattr(name, "id", None) == "code" and isinstance(value, ast.Constant):
                                found.add(str(value.value))
        out[path.stem] = found
    return out


def _module_of(check_name: str) -> str:
    return checks.IMPLEMENTATIONS[check_name].__module__.rsplit(".", 1)[-1]


def test_every_registered_check_has_messages() -> None:
    assert set(checks.IMPLEMENTATIONS) <= set(messages().checks), set(checks.IMPLEMENTATIONS) - set(messages().checks)


@pytest.mark.parametrize("name", sorted(checks.IMPLEMENTATIONS))
def test_every_literal_code_has_a_message(name: str) -> None:
    """A code a check's module gives literally is a message of some check of that module."""
    module = _module_of(name)
    siblings = [n for n in checks.IMPLEMENTATIONS if _module_of(n) == module]
    known = set().union(*(messages().checks[n].codes for n in siblings))
    missing = _codes_by_module()[module] - known
    assert not missing, f"checks/{module}.py gives codes with no message: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(checks.IMPLEMENTATIONS))
def test_no_message_is_left_unused(name: str) -> None:
    """Every message of a check is a code its module gives (literally or by a known prefix)."""
    given = _codes_by_module()[_module_of(name)]
    prefixes = DYNAMIC.get(name, ())
    unused = [c for c in messages().checks[name].codes if c not in given and not c.startswith(prefixes)]
    assert not unused, f"{name}: messages no check gives: {unused}"


@pytest.mark.parametrize("name", sorted(messages().checks))
def test_templates_are_valid_in_both_languages(name: str) -> None:
    """Every template parses, in zh and en, and the English one holds no Chinese placeholder name."""
    for code, text in messages().checks[name].codes.items():
        for lang in ("zh", "en"):
            template = getattr(text, lang)
            assert template.strip(), f"{name}.{code}: empty {lang} message"
            fields = [f for _, f, _, _ in string.Formatter().parse(template) if f]
            assert all(re.fullmatch(r"[a-z_]+", f) for f in fields), f"{name}.{code} ({lang}): bad placeholder {fields}"
        zh_fields = {f for _, f, _, _ in string.Formatter().parse(text.zh) if f}
        assert not any(f.endswith("_en") for f in zh_fields), f"{name}.{code}: an English value in the Chinese message"
