"""product.md, "The contract grows (December 2026)": d.provenance — library_version, plan_year, plan_sha256 (of
the plan file's bytes), rules_sha256 (of rules/), engine; each recomputed here independently."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

import gongguan_rules as gr

from .support import BASE, PLANS_DIR, RULES_DIR


def rules_digest(directory: Path) -> str:
    """product.md: "`provenance.rules_sha256` is the SHA-256 of, for each rules/*.yaml file in name order, its name,
    a NUL byte, its bytes and a NUL byte"."""
    h = hashlib.sha256()
    for path in sorted(directory.glob("*.yaml"), key=lambda p: p.name):
        h.update(path.name.encode("utf-8"))
        h.update(b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


@pytest.mark.parametrize("year", [2019, 2021, 2025, 2026])
def test_provenance_fields(year: int) -> None:
    """product.md: `d.provenance  # gr.Provenance: library_version, plan_year, plan_sha256 (of the plan file's bytes),
    rules_sha256 (of rules/), engine ("durable-rules" | "python")`."""
    p = gr.evaluate(BASE[year], year).provenance
    assert isinstance(p, gr.Provenance)
    assert isinstance(p.library_version, str) and p.library_version
    assert p.plan_year == year
    assert p.plan_sha256 == hashlib.sha256((PLANS_DIR / f"{year}.yaml").read_bytes()).hexdigest()
    assert p.rules_sha256 == rules_digest(RULES_DIR)
    assert p.engine in ("durable-rules", "python")
    assert p.engine == gr.engine_name()


def test_rules_sha256_covers_every_rules_file() -> None:
    """product.md: rules_sha256 — "for each rules/*.yaml file in name order": a digest of only some of them, or
    without the NUL separators, is another number."""
    files = sorted(RULES_DIR.glob("*.yaml"))
    assert len(files) >= 2
    actual = gr.evaluate(BASE[2026], 2026).provenance.rules_sha256
    concatenated = hashlib.sha256(b"".join(p.read_bytes() for p in files)).hexdigest()
    assert actual != concatenated
    partial = hashlib.sha256()
    for p in files[:-1]:
        partial.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    assert actual != partial.hexdigest()


def test_plan_sha256_is_of_the_plan_files_bytes(tmp_path: Path) -> None:
    """product.md: plan_sha256 — "of the plan file's bytes": a copy gives the same digest, the same plan saved with
    CRLF line ends gives its own bytes' digest."""
    copy = tmp_path / "2026-copy.yaml"
    shutil.copyfile(PLANS_DIR / "2026.yaml", copy)
    crlf = tmp_path / "2026-crlf.yaml"
    crlf.write_bytes((PLANS_DIR / "2026.yaml").read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    for path in (copy, crlf):
        d = gr.evaluate(BASE[2026], gr.load_plan(path))
        assert d.provenance.plan_sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert d.outcome == "eligible"
    assert (
        gr.evaluate(BASE[2026], gr.load_plan(copy)).provenance.plan_sha256
        != gr.evaluate(BASE[2026], gr.load_plan(crlf)).provenance.plan_sha256
    )


def test_provenance_survives_the_json_round_trip() -> None:
    """product.md: d.model_dump(mode="json") reads back equal — the provenance with it."""
    d = gr.evaluate(BASE[2026], 2026)
    dumped = d.model_dump(mode="json")
    assert set(dumped["provenance"]) >= {"library_version", "plan_year", "plan_sha256", "rules_sha256", "engine"}
    back = gr.Decision.model_validate(dumped)
    assert back.provenance == d.provenance


def test_event_decisions_carry_provenance() -> None:
    """product.md: d.provenance on every gr.Decision (events too)."""
    e = gr.evaluate_event({"kind": "fee_charged", "date": "2026-10-01", "year": 2026, "amount": 0}, 2026)
    assert e.provenance.plan_year == 2026
    assert e.provenance.rules_sha256 == rules_digest(RULES_DIR)


def test_unknown_or_impossible_engine_raises_import_error() -> None:
    """product.md: "`GONGGUAN_RULES_ENGINE` with an unknown value, or forcing durable-rules where it cannot import,
    raises ImportError at import, saying why."."""
    from .support import run_python

    for value in ("zen-engine", "DURABLE"):
        result = run_python("import gongguan_rules", env={"GONGGUAN_RULES_ENGINE": value})
        if value == "DURABLE" and result.returncode == 0:
            continue  # case-insensitive spelling accepted: not an unknown value
        assert result.returncode != 0
        assert "ImportError" in result.stderr, result.stderr
    # where durable-rules imports, forcing it works and says so
    probe = run_python("import durable.lang")
    forced = run_python(
        "import gongguan_rules as gr; print(gr.engine_name())", env={"GONGGUAN_RULES_ENGINE": "durable-rules"}
    )
    if probe.returncode == 0:
        assert forced.returncode == 0 and forced.stdout.strip() == "durable-rules"
    else:
        assert forced.returncode != 0 and "ImportError" in forced.stderr
