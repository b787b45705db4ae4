"""What an outside checker needs: applications read from the seed texts, and ways to find findings.

Everything here uses only the public contract of ../shared/spec/product.md: ``import
gongguan_rules as gr``, the ``gongguan-rules`` command as a subprocess, and the HTTP service on a
real uvicorn started by that command. Findings are found by what product.md guarantees of them
(their citations ``c.document`` / ``c.article`` / ``c.item``, their ``f.facts`` and ``f.status``),
never by the library's internal modules.

The credit codes below have their check characters computed here (:func:`check_character`),
independently of the library:

- 91120224064012553U 企业, 120224 = the old 宝坻县 code, now 宝坻区 (product.md's own example)
- 91120107103724511R 企业, 120107 = the former 塘沽区, now 滨海新区
- 911200001030622120 企业, city-level 120000 (cannot tell the district)
- 911101088001234555 企业, 110108 = 北京市海淀区 (outside Tianjin)
- 91120114MA06WQ1J28 企业, 120114 = 武清区
- 91120116MA07BH3L45 企业, 120116 = 滨海新区 (another unit)
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import gongguan_rules as gr

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "rules"
PLANS_DIR = ROOT / "plans"

# c.document "exactly as published" (product.md, "The public API contract")
REG = "津政办规〔2023〕12号"
P2019 = "2019年滨海新区质量攻关活动方案"
P2021 = "津质量组办〔2021〕1号"
P2025 = "津滨市场监管质监〔2025〕4号"
P2026 = "津市场监管质发〔2026〕2号"
PLAN_DOCUMENT = {2019: P2019, 2021: P2021, 2025: P2025, 2026: P2026}

CODE_BAODI = "91120224064012553U"
CODE_TANGGU = "91120107103724511R"
CODE_CITY = "911200001030622120"
CODE_BEIJING = "911101088001234555"
CODE_WUQING = "91120114MA06WQ1J28"
CODE_BINHAI_OTHER = "91120116MA07BH3L45"

# GB 32100-2015: the 31-character alphabet and the weights of positions 1-17 (ISO 7064 MOD 31-3).
ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The 18th character of a 统一社会信用代码 (GB 32100-2015, ISO 7064 MOD 31-3)."""
    total = sum(ALPHABET.index(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return ALPHABET[(31 - total % 31) % 31]


def org_code_ok(code9: str) -> bool:
    """GB 11714: the 9th character of an organisation code checks its first eight."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)

    def value(c: str) -> int:
        return int(c) if c.isdigit() else ord(c) - 55

    if len(code9) != 9 or not all(c.isdigit() or "A" <= c <= "Z" for c in code9[:8]):
        return False
    check = 11 - sum(value(c) * w for c, w in zip(code9[:8], weights, strict=True)) % 11
    expected = {10: "X", 11: "0"}.get(check, str(check))
    return code9[8] == expected


def _application(year: int) -> dict[str, Any]:
    """An application that satisfies every clause of the plan of ``year`` (read from the seeds)."""
    common: dict[str, Any] = {
        "applicant": {"name": "天津某焊材有限公司", "org_type": "enterprise"},
        "project": {
            "name": "降低药芯焊丝焊接飞溅率",
            "sector": "焊材",
            "expected_benefits": ["quality_efficiency"],
        },
        "materials": ["application_form", "feasibility_analysis", "expected_results"],
        "declarations": {"original": True, "no_confidential_content": True, "truthful": True},
    }
    if year == 2019:
        # 2019 滨海新区: 四 推荐单位：各功能区市场监管局，各市场监管所…; 五（一） 4月22日前
        common["applicant"].update(credit_code=CODE_TANGGU, district="滨海新区")
        common["project"]["start_date"] = "2019-01-15"
        common["recommender"] = {
            "name": "天津市滨海新区市场监督管理局新港市场监管所",
            "kind": "market_regulation_office",
        }
        common["submitted_to_recommender_on"] = "2019-04-10"
        common["recommended_on"] = "2019-04-20"
    elif year == 2021:
        # 2021 city: 三（一） 各区市场监管局…作为推荐单位; 4月16日前; 附表 课题类型
        common["applicant"].update(credit_code=CODE_BAODI, district="宝坻区")
        common["project"].update(start_date="2020-09-01", topic_type="problem_solving")
        common["recommender"] = {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"}
        common["submitted_to_recommender_on"] = "2021-04-10"
        common["recommended_on"] = "2021-04-15"
    elif year == 2025:
        # 2025 滨海新区: 二（一） 在滨海新区登记注册; 四 推荐单位：各开发区市场监管局、各市场监管所; 六（四） 4月16日前
        common["applicant"].update(credit_code=CODE_TANGGU, district="滨海新区")
        common["project"]["start_date"] = "2024-06-01"
        common["recommender"] = {
            "name": "天津市滨海新区市场监督管理局新港市场监管所",
            "kind": "market_regulation_office",
        }
        common["submitted_to_recommender_on"] = "2025-04-10"
        common["recommended_on"] = "2025-04-15"
    elif year == 2026:
        # 2026 city: 一（一）（二）（三） 2024年以来; 三 两个申报方向; 四（一） 4月20日前
        common["applicant"].update(credit_code=CODE_BAODI, district="宝坻区")
        common["project"].update(start_date="2024-06-01", direction="precision_improvement")
        common["recommender"] = {"name": "天津市宝坻区市场监督管理局", "kind": "district_market_regulator"}
        common["submitted_to_recommender_on"] = "2026-04-10"
        common["recommended_on"] = "2026-04-18"
    else:  # pragma: no cover - only the bundled years
        raise ValueError(year)
    return common


BASE: dict[int, dict[str, Any]] = {year: _application(year) for year in (2019, 2021, 2025, 2026)}


def app(year: int, **changes: Any) -> dict[str, Any]:
    """The base application of ``year`` with dotted-path changes (``...`` removes the field).

    ``app(2026, **{"project.start_date": "2023-12-31"})``
    """
    data = copy.deepcopy(BASE[year])
    for path, value in changes.items():
        set_path(data, path, value)
    return data


def set_path(data: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    cur = data
    for part in parts[:-1]:
        cur = cur.setdefault(part, {})
    if value is ...:
        cur.pop(parts[-1], None)
    else:
        cur[parts[-1]] = value


def get_path(data: Mapping[str, Any], path: str) -> Any:
    cur: Any = data
    for part in path.split("."):
        cur = cur[part]
    return cur


UNIT = {"credit_code": CODE_BAODI, "unit": "天津某焊材有限公司", "project_name": "降低药芯焊丝焊接飞溅率"}


def event(kind: str, date: str | None, year: int, **fields: Any) -> dict[str, Any]:
    """An event of the base unit's project (product.md, "History and events")."""
    out: dict[str, Any] = {"kind": kind, "year": year, **UNIT}
    if date is not None:
        out["date"] = date
    out.update(fields)
    return out


def chain(year: int, upto: str, dates: Mapping[str, str], **fields: Any) -> list[dict[str, Any]]:
    """The lifecycle of the base project, in order, up to and including ``upto``."""
    order = [
        "application_submitted",
        "recommended",
        "approved",
        "results_submitted",
        "results_recommended",
        "evaluated",
        "excellent_recognized",
        "recognition_revoked",
    ]
    out = []
    for kind in order[: order.index(upto) + 1]:
        out.append(event(kind, dates[kind], year, **fields))
    return out


# ------------------------------------------------------------------ finding the findings


def cites(f: gr.Finding, document: str, article: str | None = None, item: str | None = None) -> bool:
    return any(
        c.document == document and (article is None or c.article == article) and (item is None or c.item == item)
        for c in f.citations
    )


def cited(
    d: gr.Decision,
    document: str,
    article: str | None = None,
    item: str | None = None,
    fact: str | None = None,
) -> list[gr.Finding]:
    """The findings citing ``document`` (``article``, ``item``), and looking at ``fact`` if given."""
    return [f for f in d.findings if cites(f, document, article, item) and (fact is None or fact in f.facts)]


def statuses(findings: Iterable[gr.Finding]) -> set[str]:
    return {str(f.status) for f in findings}


def by_status(d: gr.Decision, status: str) -> list[gr.Finding]:
    return [f for f in d.findings if f.status == status]


def looking_at(d: gr.Decision, fact: str, status: str | None = None) -> list[gr.Finding]:
    """Findings whose ``f.facts`` include ``fact`` (with ``status`` if given)."""
    return [f for f in d.findings if fact in f.facts and (status is None or f.status == status)]


def expected_outcome(d: gr.Decision) -> str:
    """product.md's outcome rule, computed from the findings."""
    found = {str(f.status) for f in d.findings}
    if "fail" in found:
        return "ineligible" if d.subject == "application" else "rejected"
    if "review" in found:
        return "needs_review"
    return "eligible" if d.subject == "application" else "accepted"


def messages(d: gr.Decision, lang: str) -> list[str]:
    """Every finding's and remedy's text in ``lang``."""
    out = []
    for f in d.findings:
        out.append(f.message(lang))
        if f.remedy is not None:
            out.append(f.remedy.message(lang))
    return out


# ------------------------------------------------------------------ the command line


def cli_command() -> list[str]:
    """The installed ``gongguan-rules`` script beside this interpreter (product.md names the command)."""
    script = Path(sys.executable).parent / "gongguan-rules"
    return [str(script)] if script.exists() else [sys.executable, "-m", "gongguan_rules"]


def run_cli(
    *args: str, stdin: str | bytes | None = None, cwd: Path | None = None, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    data = stdin.decode("utf-8") if isinstance(stdin, bytes) else stdin
    return subprocess.run(
        [*cli_command(), *args],
        input=data,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


def run_python(
    program: str, *, env: Mapping[str, str] | None = None, stdin: str | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``program`` in a fresh interpreter (for what is read at import, such as GONGGUAN_RULES_ENGINE)."""
    return subprocess.run(
        [sys.executable, "-c", program],
        input=stdin,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=cwd,
        env={**os.environ, **(env or {})},
        timeout=120,
        check=False,
    )


# ------------------------------------------------------------------ the service


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def serving(tmp: Path, tokens: Mapping[str, str], max_body: int) -> Iterator[str]:
    """``gongguan-rules serve`` on 127.0.0.1 and a free port, with a fresh SQLite history and a token file
    (``NAME:SHA256HEX`` lines); yields the base URL and stops the process afterwards."""
    token_file = tmp / "tokens.txt"
    token_file.write_text("".join(f"{name}:{sha256_hex(t.encode())}\n" for name, t in tokens.items()), "utf-8")
    history = f"sqlite:///{(tmp / 'history.sqlite3').as_posix()}"  # sqlite:////absolute/path
    port = free_port()
    log = open(tmp / "serve.log", "w+b")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            *cli_command(),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--history",
            history,
            "--token-file",
            str(token_file),
            "--max-body",
            str(max_body),
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=tmp,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise RuntimeError(f"serve exited {proc.returncode}: {log.read().decode(errors='replace')}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("serve did not start") from None
                time.sleep(0.05)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)
