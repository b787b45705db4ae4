"""Provenance (product.md, "The contract grows"): every decision says which library, plan file,
rules data and engine produced it, so that a stored or exported decision can be traced to the
exact law-as-data behind it.

决定的来源：库版本、方案年度、方案文件字节的 SHA-256、rules/ 的 SHA-256、关联引擎。
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import gongguan_rules as gr
from gongguan_rules.engines import engine_name
from gongguan_rules.judging import provenance as provenance_module
from gongguan_rules.law.data_files import plans_dir, rules_dir

EVENT = {"kind": "approved", "date": "2026-05-10", "credit_code": "91120116MA05K3T7XB", "project_name": "某项目"}


def _rules_digest(folder: Path) -> str:
    """product.md: for each rules/*.yaml in name order, its name, a NUL byte, its bytes, a NUL byte."""
    h = hashlib.sha256()
    for path in sorted(folder.glob("*.yaml"), key=lambda p: p.name):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


@pytest.mark.parametrize("year", gr.available_plans())
def test_every_decision_names_its_law_as_data(year: int) -> None:
    plan_bytes = (plans_dir() / f"{year}.yaml").read_bytes()
    for decision in (gr.evaluate({}, year), gr.evaluate_event(EVENT | {"date": f"{year}-05-10"}, year)):
        p = decision.provenance
        assert p is not None
        assert p.library_version == gr.__version__
        assert p.plan_year == year
        assert p.plan_sha256 == hashlib.sha256(plan_bytes).hexdigest()
        assert p.rules_sha256 == _rules_digest(rules_dir())
        assert p.engine == engine_name() in ("durable-rules", "python")


def test_the_rules_digest_covers_every_rules_file() -> None:
    names = sorted(p.name for p in rules_dir().glob("*.yaml"))
    assert {"regulation.yaml", "messages.yaml", "joins.yaml", "remedies.yaml"} <= set(names)
    h = hashlib.sha256()
    for name in names[:-1]:  # leaving one file out changes the digest
        h.update(name.encode() + b"\0" + (rules_dir() / name).read_bytes() + b"\0")
    assert h.hexdigest() != provenance_module.rules_sha256()


def test_a_plan_file_is_hashed_as_its_bytes(tmp_path: Path) -> None:
    """The same plan with Windows line ends is another file: another digest, the same decision."""
    source = (plans_dir() / "2026.yaml").read_bytes()
    copy = tmp_path / "2026-crlf.yaml"
    copy.write_bytes(source.replace(b"\n", b"\r\n"))
    plan = gr.load_plan(copy)
    assert plan.sha256 == hashlib.sha256(copy.read_bytes()).hexdigest()
    d_copy, d_bundled = gr.evaluate({}, plan), gr.evaluate({}, 2026)
    assert d_copy.provenance != d_bundled.provenance
    assert d_copy.provenance is not None and d_copy.provenance.plan_sha256 == plan.sha256
    assert d_copy.findings == d_bundled.findings


def test_provenance_is_computed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hashing happens when a plan is loaded and once per process for rules/, never per decision."""
    gr.evaluate({}, 2026)
    calls = []
    real = hashlib.sha256

    def counting(*args: bytes) -> hashlib._Hash:
        calls.append(1)
        return real(*args)

    monkeypatch.setattr(hashlib, "sha256", counting)
    for _ in range(20):
        gr.evaluate({}, 2026)
    assert calls == []
    first, second = gr.evaluate({}, 2026), gr.evaluate_event(EVENT, 2026)
    assert first.provenance is second.provenance  # one shared, immutable object per plan


def test_provenance_round_trips_and_old_decisions_still_read() -> None:
    d = gr.evaluate({"applicant": {"district": "外省市"}}, 2026)
    dumped = json.loads(json.dumps(d.model_dump(mode="json"), ensure_ascii=False))
    assert set(dumped["provenance"]) == {"library_version", "plan_year", "plan_sha256", "rules_sha256", "engine"}
    assert gr.Decision.model_validate(dumped) == d
    del dumped["provenance"]  # recorded by 0.1.0
    assert gr.Decision.model_validate(dumped).provenance is None
    with pytest.raises(ValueError):
        gr.Provenance.model_validate(d.model_dump(mode="json")["provenance"] | {"plan_sha256": "xyz"})


def test_the_output_schema_requires_the_new_fields() -> None:
    """What model_dump always writes, the decision's JSON Schema (serialization mode) requires."""
    from gongguan_rules.judging.schema import json_schemas

    schema = json_schemas()["decision"]
    assert "provenance" in schema["required"]
    assert {"code", "remedy"} <= set(schema["$defs"]["Finding"]["required"])
    assert set(schema["$defs"]["Provenance"]["required"]) == {
        "library_version",
        "plan_year",
        "plan_sha256",
        "rules_sha256",
        "engine",
    }
    assert set(schema["$defs"]["Remedy"]["required"]) == {"curable", "facts", "citations", "messages"}
