"""Meta-tests that keep docs/ true to rules/, plans/ and src/ (style.md practice 10).

文档与代码、数据的一致性：每个规则编号都有文档，文档不写不存在的编号；代码与数据引用的每个解读锚点都存在；
每种检查都在方案格式中说明；docs/README.md 链接 docs/ 中的每个文件；文档之间的链接都能找到目标。
Nothing here lists ids by hand: they are read from rules/regulation.yaml and the plan files.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

import gongguan_rules as gr
from gongguan_rules.law.checks import CHECKS
from gongguan_rules.law.plan_model import StepSpec
from gongguan_rules.law.plans import messages
from gongguan_rules.law.rules import Rule

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
RULES_DIR = ROOT / "rules"
PLANS_DIR = ROOT / "plans"
SOURCE_DIRS = (RULES_DIR, PLANS_DIR, ROOT / "src")

ANCHOR_REF = re.compile(r"interpretations\.md#([A-Za-z0-9_-]+)")
HTML_ANCHOR = re.compile(r"""<a\s+(?:id|name)\s*=\s*["']([^"']+)["']""")
MD_LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
FENCE = "```"


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _lines_outside_code(text: str) -> Iterator[str]:
    """The lines of a Markdown text that are not inside fenced code blocks."""
    fenced = False
    for line in text.splitlines():
        if line.lstrip().startswith(FENCE):
            fenced = not fenced
            continue
        if not fenced:
            yield line


def _headings(text: str) -> list[tuple[int, str]]:
    """(level, text) of every ATX heading outside code blocks."""
    out = []
    for line in _lines_outside_code(text):
        match = HEADING.match(line)
        if match:
            out.append((len(match.group(1)), match.group(2)))
    return out


def _slug(heading: str) -> str:
    """The anchor GitHub gives a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = heading.strip().lower().replace("`", "")
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    """Every anchor a Markdown file defines: explicit ``<a id=…>`` and heading slugs."""
    text = _text(path)
    return set(HTML_ANCHOR.findall(text)) | {_slug(h) for _, h in _headings(text)}


def _sections(text: str) -> dict[str, str]:
    """Heading text (without backticks) → the text up to the next heading."""
    out: dict[str, str] = {}
    current: str | None = None
    for line in text.splitlines():
        match = HEADING.match(line)
        if match:
            current = match.group(2).replace("`", "").strip()
            out[current] = ""
        elif current is not None:
            out[current] += line + "\n"
    return out


def _regulation_rules() -> list[dict[str, object]]:
    with (RULES_DIR / "regulation.yaml").open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    rules = data["rules"]
    assert isinstance(rules, list)
    return rules


def _plan_files() -> list[Path]:
    files = sorted(PLANS_DIR.glob("*.yaml"))
    assert files, f"no plan files in {PLANS_DIR}"
    return files


def _rule_checks() -> dict[str, set[str]]:
    """Every rule id of rules/regulation.yaml and plans/*.yaml → the checks it runs."""
    checks: dict[str, set[str]] = {}
    for rule in _regulation_rules():
        checks.setdefault(str(rule["id"]), set()).add(str(rule["check"]))
    for path in _plan_files():
        plan = gr.load_plan(path)
        for clause in plan.spec.clauses:
            checks.setdefault(clause.id, set()).add(clause.check)
        for compiled in plan.rules:
            checks.setdefault(compiled.id, set()).add(compiled.check.name)
    return checks


def _rule_headings() -> list[str]:
    """The ``###`` headings of docs/rules.md, backticks removed."""
    text = _text(DOCS / "rules.md")
    return [h.replace("`", "").strip() for level, h in _headings(text) if level == 3]


def test_every_rule_id_has_a_heading_in_rules_md() -> None:
    documented = set(_rule_headings())
    missing = sorted(set(_rule_checks()) - documented)
    assert not missing, f"docs/rules.md has no '### <id>' heading for: {missing}"


def test_every_rule_heading_names_an_existing_id() -> None:
    headings = _rule_headings()
    unknown = sorted(set(headings) - set(_rule_checks()))
    assert not unknown, f"docs/rules.md documents ids that exist nowhere: {unknown}"
    repeated = sorted({h for h in headings if headings.count(h) > 1})
    assert not repeated, f"docs/rules.md documents these ids twice: {repeated}"


def test_every_rule_section_names_its_check() -> None:
    sections = _sections(_text(DOCS / "rules.md"))
    wrong = {
        rule_id: sorted(c for c in checks if f"`{c}`" not in sections.get(rule_id, ""))
        for rule_id, checks in _rule_checks().items()
    }
    wrong = {rule_id: missing for rule_id, missing in wrong.items() if missing}
    assert not wrong, f"docs/rules.md: these rule sections do not name their check: {wrong}"


# "- `review`（…） — `code`：…": the code is the backticked word right before the full-width colon
RESULT_LINE = re.compile(r"^- `(pass|fail|review|info|not_applicable)`.*? — `([\w.]+)`：", re.M)


def test_every_documented_result_code_exists() -> None:
    """A result listed under a rule in docs/rules.md is a code its check really gives (no stale code)."""
    sections = _sections(_text(DOCS / "rules.md"))
    stale = {}
    for rule_id, checks in _rule_checks().items():
        known = set().union(*(messages().checks[c].codes for c in checks))
        codes = {code for _, code in RESULT_LINE.findall(sections.get(rule_id, ""))}
        if codes - known:
            stale[rule_id] = sorted(codes - known)
    assert not stale, f"docs/rules.md lists result codes no check gives: {stale}"


def _step_codes(plan: gr.Plan, step: StepSpec, check: str) -> set[str]:
    """The result codes judging a date against one schedule step can give (judging/schedule.py)."""
    timing = step.timing
    wheres = {"on_time"}
    if timing.deferred:  # judged against the later notice's date, never against the period
        wheres.add("deferred")
        if check == "event_schedule":  # an event may carry that date (notice_deadline)
            wheres.add("late")
    elif timing.by is not None:
        wheres.add("late")
    else:  # a period: early, late, and its uncertain margins (a quarter has none by default)
        wheres |= {"early", "late"}
        if timing.quarter is None or plan.spec.readings.fuzzy.quarter_margin_days:
            wheres.add("margin")
    codes: set[str] = set()
    for where in wheres:
        if where in ("on_time", "deferred"):
            codes.add(where)
        elif step.role == "organiser":
            codes |= {"organiser_early", "organiser_late"} if where == "margin" else {f"organiser_{where}"}
        elif where == "margin":
            codes.add("margin")
        else:
            codes.add(where if step.role == "governed" else f"intermediate_{where}")
    return codes


def _codes_a_rule_gives(plan: gr.Plan, rule: Rule) -> set[str]:
    """The result codes a rule can give under a plan: its check's codes, narrowed by its parameters.

    一条规则在某方案下可能给出的结论代码（由检查的全部代码按参数收窄）。
    """
    name = rule.check.name
    codes = set(messages().checks[name].codes)
    params: Any = rule.params
    if name == "declaration":
        codes = {c for c in codes if c.startswith(f"{params.field}.")}
    elif name == "registered_in_territory":
        if params.applies_to is None:
            codes -= {"not_required", "other_district_type_unknown"}
        if params.territory == "天津市":
            codes -= {"district_unknown", "other_district", "other_district_type_unknown"}
    elif name in ("event_order", "procedure_order"):
        # only a rule that refuses a repeat gives ``repeat``: event_order by parameter, the
        # plan's procedure for a second approval
        repeats = params.refuse_repeat if name == "event_order" else "approved" in rule.applies_to
        if not repeats:
            codes.discard("repeat")
    elif name == "schedule_step":
        step = plan.step(params.step)
        codes = {"missing", *_step_codes(plan, step, name)}
        if step.districts is not None:
            codes |= {"district_unknown", "other_district"}
    elif name == "event_schedule":
        from gongguan_rules.judging.checks.lifecycle import STAGE_OF
        from gongguan_rules.law.vocab import EventKind

        stages = {STAGE_OF[EventKind(s)] for s in rule.applies_to if EventKind(s) in STAGE_OF}
        codes = {"no_step", "missing"}
        for step in plan.spec.schedule:
            if step.stage in stages:
                codes |= _step_codes(plan, step, name)
    return codes


def test_every_result_code_a_rule_gives_is_documented() -> None:
    """Under every plan, each code a rule can give is listed under that rule in docs/rules.md.

    文档完整：每条规则在各方案下可能给出的每个结论代码，都列在 docs/rules.md 该规则之下。"""
    sections = _sections(_text(DOCS / "rules.md"))
    missing: dict[str, set[str]] = {}
    for path in _plan_files():
        plan = gr.load_plan(path)
        for rule in plan.rules:
            if rule.not_applicable_code is not None:
                continue  # documented once, under "How to read" (test below)
            documented = {code for _, code in RESULT_LINE.findall(sections.get(rule.id, ""))}
            lacking = _codes_a_rule_gives(plan, rule) - documented
            if lacking:
                missing.setdefault(rule.id, set()).update(lacking)
    listed = {k: sorted(v) for k, v in missing.items()}
    assert not missing, f"docs/rules.md does not list these result codes: {listed}"


def test_not_applicable_codes_are_documented() -> None:
    """The two codes of a 管理办法 rule that does not bind (regulation_not_governing, district_plan)."""
    from gongguan_rules.law.plans import DISTRICT_PLAN, NOT_GOVERNING

    how_to_read = _sections(_text(DOCS / "rules.md"))["如何阅读 / How to read"]
    given = {r.not_applicable_code for p in _plan_files() for r in gr.load_plan(p).rules} - {None}
    assert given == {NOT_GOVERNING, DISTRICT_PLAN}
    for code in given:
        assert f"`{code}`" in how_to_read, f"docs/rules.md 'How to read' does not explain {code}"


def test_result_codes_are_lower_case_ascii() -> None:
    """product.md: f.code is lower-case ASCII (a-z, 0-9, _, .), for every check and not_applicable."""
    from gongguan_rules.judging.decision import CODE_PATTERN
    from gongguan_rules.law.plans import DISTRICT_PLAN, NOT_GOVERNING

    codes = {c for check in messages().checks.values() for c in check.codes} | {NOT_GOVERNING, DISTRICT_PLAN}
    bad = sorted(c for c in codes if not re.fullmatch(CODE_PATTERN, c) or not c)
    assert not bad, f"result codes outside [a-z0-9_.]: {bad}"


def _referenced_anchors() -> dict[str, set[str]]:
    """Anchor → the files (relative to the repository) that mention interpretations.md#anchor."""
    found: dict[str, set[str]] = {}
    for directory in SOURCE_DIRS:
        for path in directory.rglob("*"):
            if not path.is_file() or "__pycache__" in path.parts:
                continue
            try:
                text = _text(path)
            except UnicodeDecodeError:
                continue
            for anchor in ANCHOR_REF.findall(text):
                found.setdefault(anchor, set()).add(path.relative_to(ROOT).as_posix())
    return found


def test_interpretation_anchors_used_in_code_and_data_exist() -> None:
    referenced = _referenced_anchors()
    assert referenced, "expected rules/, plans/ or src/ to link to docs/interpretations.md"
    defined = _anchors(DOCS / "interpretations.md")
    missing = {a: sorted(files) for a, files in referenced.items() if a not in defined}
    assert not missing, f"docs/interpretations.md lacks anchors referred to by: {missing}"


def test_every_registered_check_is_described_in_plan_format() -> None:
    sections = _sections(_text(DOCS / "plan-format.md"))
    missing = sorted(name for name in CHECKS if name not in sections)
    assert not missing, f"docs/plan-format.md has no heading for checks: {missing}"
    undocumented = {
        name: sorted(f for f in check.params.model_fields if f"`{f}`" not in sections[name])
        for name, check in CHECKS.items()
    }
    undocumented = {name: fields for name, fields in undocumented.items() if fields}
    assert not undocumented, f"docs/plan-format.md does not describe parameters: {undocumented}"


def _doc_files() -> list[Path]:
    return sorted(p for p in DOCS.rglob("*") if p.is_file() and not p.name.startswith("."))


def test_readme_links_every_file_in_docs() -> None:
    readme = DOCS / "README.md"
    linked = {
        (DOCS / target.split("#", 1)[0]).resolve()
        for target in MD_LINK.findall(_text(readme))
        if "://" not in target and not target.startswith("#")
    }
    unlinked = sorted(p.relative_to(DOCS).as_posix() for p in _doc_files() if p != readme and p.resolve() not in linked)
    assert not unlinked, f"docs/README.md does not link: {unlinked}"


def test_links_between_docs_resolve() -> None:
    broken = []
    for page in _doc_files():
        if page.suffix != ".md":
            continue
        for line in _lines_outside_code(_text(page)):
            for target in MD_LINK.findall(line):
                if "://" in target or target.startswith("mailto:"):
                    continue
                name, _, anchor = target.partition("#")
                destination = (page.parent / name).resolve() if name else page
                if not destination.exists():
                    broken.append(f"{page.name}: {target} (no such file)")
                elif anchor and destination.suffix == ".md" and anchor not in _anchors(destination):
                    broken.append(f"{page.name}: {target} (no such anchor)")
    assert not broken, "broken links in docs/:\n" + "\n".join(broken)
