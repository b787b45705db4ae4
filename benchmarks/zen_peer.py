"""The peer: zen-engine (GoRules) running benchmarks/zen/application-2026.json, and its agreement
with the library.

对照组：zen-engine 运行 2026 年度申报决策图；计时之前核对它与本库的结论是否一致。

:class:`ZenPeer` loads the model into one ``zen.ZenEngine`` (a static loader, so the graph is
compiled once) and judges an application with ``engine.evaluate(key, request)``: the binding's
shared runtime, not ``ZenDecision.evaluate``, which in zen-engine 2.x starts a new Tokio runtime
(and a thread) on every call. The request is the application and the history as given, plus what
zen's expression language cannot compute (no string replace, no Unicode normalisation): the
NFKC form of the credit code and the district, and the compared forms of unit and project names
(the library's readings; remembered like the library remembers them). That preparation is part
of every timed zen call.

``python benchmarks/zen_peer.py`` prints the agreement table: outcome and every rule's status.
"""

from __future__ import annotations

import functools
import json
import sys
import unicodedata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))  # the working tree's library

from baseline import _unit_name, agreement_cases, distinct_applications, project_key
from zen_model import MODEL_PATH, model_text

KEY = "application-2026"


@functools.lru_cache(maxsize=65536)
def _project(name: str) -> str | None:
    return project_key(name) or None


@functools.lru_cache(maxsize=16384)
def _unit(name: str) -> str:
    return _unit_name(name)


@functools.lru_cache(maxsize=8192)
def _nfkc_code(code: str) -> str:
    return unicodedata.normalize("NFKC", code).strip().upper()


@functools.lru_cache(maxsize=4096)
def _place(raw: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKC", raw) if not ch.isspace())


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return None


def prepare(app: dict[str, Any], history: list[dict[str, Any]]) -> dict[str, Any]:
    """The request zen judges: the input as given, plus the normalised strings it cannot make."""
    applicant = app.get("applicant") or {}
    project = app.get("project") or {}
    code, district, unit, name = (
        _text(applicant.get("credit_code")),
        _text(applicant.get("district")),
        _text(applicant.get("name")),
        _text(project.get("name")),
    )
    records = []
    for item in history:
        unit_name, project_name = _text(item.get("unit")), _text(item.get("project_name"))
        records.append(
            {
                "unit": _unit(unit_name) if unit_name else "",
                "project": _project(project_name) if project_name else None,
            }
        )
    return {
        "application": app,
        "history": history,
        "norm": {
            "code": _nfkc_code(code) if code else None,
            "district": _place(district) if district else None,
            "unit": _unit(unit) if unit else "",
            "project": (_project(name) or "") if name else "",
            "history": records,
        },
    }


class ZenPeer:
    """zen-engine with the 2026 model loaded once. 加载了 2026 年度模型的 zen-engine。"""

    def __init__(self, model: Path = MODEL_PATH) -> None:
        import zen

        self.version = _version()
        content = json.loads(model.read_text(encoding="utf-8"))
        self.engine = zen.ZenEngine({"loader": {"type": "static", "content": {KEY: content}}})

    def evaluate(self, app: dict[str, Any], history: list[dict[str, Any]] | None = None) -> dict[str, Any]:
        """``{"outcome", "findings": [{"rule_id", "status", "code", "message"}]}``."""
        response = self.engine.evaluate(KEY, prepare(app, history or []))
        result: dict[str, Any] = response["result"]["result"]
        return result


def _version() -> str:
    from importlib import metadata

    try:
        return metadata.version("zen-engine")
    except metadata.PackageNotFoundError:
        return "not installed"


def model_is_current() -> bool:
    """Whether the committed model is what zen_model.py generates from today's plan and rules."""
    return MODEL_PATH.is_file() and MODEL_PATH.read_text(encoding="utf-8") == model_text()


def check_agreement(peer: ZenPeer, verbose: bool = False, distinct: int = 200) -> tuple[list[str], dict[str, int]]:
    """Every application agreement case, and ``distinct`` distinct applications, through zen and
    the library: the outcome and each rule's status and result code must be equal. Returns the disagreements and
    counts (cases, rules compared, messages equal word for word)."""
    import gongguan_rules as gr

    plan = gr.load_plan(2026)
    cases = [(label, data, history) for label, subject, data, history in agreement_cases() if subject == "application"]
    cases += [(f"distinct {i}", app, []) for i, app in enumerate(distinct_applications(distinct))]
    problems: list[str] = []
    counts = {"cases": 0, "rules": 0, "messages_equal": 0}
    for label, data, history in cases:
        mine = gr.evaluate(data, plan, history=history)
        theirs = peer.evaluate(data, history)
        counts["cases"] += 1
        # each rule's status and result code (f.code)
        statuses = {f.rule_id: f"{f.status.value} ({f.code})" for f in mine.findings}
        zen_statuses = {f["rule_id"]: f"{f['status']} ({f['code']})" for f in theirs["findings"]}
        wrong = [
            f"{rule}: library {status}, zen {zen_statuses.get(rule)}"
            for rule, status in statuses.items()
            if zen_statuses.get(rule) != status
        ]
        if set(zen_statuses) != set(statuses):
            wrong.append(f"rules differ: {sorted(set(zen_statuses) ^ set(statuses))}")
        if theirs["outcome"] != mine.outcome.value:
            wrong.insert(0, f"outcome: library {mine.outcome.value}, zen {theirs['outcome']}")
        counts["rules"] += len(statuses)
        messages = {f["rule_id"]: f["message"] for f in theirs["findings"]}
        counts["messages_equal"] += sum(messages.get(f.rule_id) == f.message("zh") for f in mine.findings)
        if verbose:
            print(f"{'ok ' if not wrong else 'XX '} {label:<40} {mine.outcome.value}")
        problems.extend(f"{label!r}: {w}" for w in wrong)
    return problems, counts


if __name__ == "__main__":
    if not model_is_current():
        print(f"{MODEL_PATH} is stale: run python benchmarks/zen_model.py", file=sys.stderr)
        sys.exit(1)
    found, counted = check_agreement(ZenPeer(), verbose=True)
    for line in found:
        print("DISAGREE:", line, file=sys.stderr)
    print(
        f"{counted['cases'] - len({p.split(':')[0] for p in found})}/{counted['cases']} cases agree; "
        f"{counted['messages_equal']}/{counted['rules']} messages word for word"
    )
    sys.exit(1 if found else 0)
