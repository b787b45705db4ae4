"""The join engines: durable-rules and the Python evaluation of the same join data agree, which one
runs is explicit (gr.engine_name(), GONGGUAN_RULES_ENGINE), and the fence holds.

durable-rules.md: "build [the explainer] once, from the same rules/ data, so the two can never
disagree (and test that they agree)". The joins serve 第八条（三）/the plans' 雷同 clauses,
第二十五条 (the bar) and the order of the procedure (第十三条, 第十七条 ×2, 第二十条). Whole
decisions are compared in tests/test_engine_decisions.py; fork safety in tests/test_fork.py.
"""

from __future__ import annotations

import os
import random
import re
import string
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import gongguan_rules as gr
from case_support import engine_params
from gongguan_rules import engines
from gongguan_rules.engines.joins import ENGINE_KEY_LIMIT, JoinSyntaxError, engine_key, parse_join
from gongguan_rules.judging.correlate import join_rules, key, rules_of, run_joins

ROOT = Path(__file__).resolve().parent.parent
UNITS = ["91120224064012553U", "n:某公司", "91120116MA05K3T7XB"]
NAMES = ["降低飞溅率", "提高良率", "减少缺陷"]
KEYS = [f"{u}|{n}" for u in UNITS for n in NAMES]
WHY_NOT_DURABLE = engines.durable_unavailable()
needs_durable = pytest.mark.skipif(WHY_NOT_DURABLE is not None, reason=f"durable-rules: {WHY_NOT_DURABLE}")
Fact = dict[str, str | int]


def bound(subject: Fact, records: list[Fact], engine: str) -> dict[str, list[int]]:
    """The record positions each join binds on ``engine``, without run_joins' shortcut (so that
    the engine itself is asked even when no anchor matches)."""
    from gongguan_rules.judging.correlate import _complete

    full_subject, full_records = _complete(subject, records)
    fired = engines.join(rules_of(str(subject["t"])), full_subject, full_records, engine)
    return {rule_id: sorted({int(b["r"]["h"]) for b in found}) for rule_id, found in fired.items()}


@st.composite
def application_case(draw: st.DrawFn) -> tuple[Fact, list[Fact]]:
    key = draw(st.sampled_from(KEYS))
    unit, name = key.split("|")
    subject: Fact = {"t": "application"}
    if draw(st.booleans()):
        subject |= {"want_dx": f"x|{key}", "want_nx": f"x|{name}", "want_dp": f"p|{key}", "want_np": f"p|{name}"}
    if draw(st.booleans()):
        subject |= {"want_bk": f"b|{unit}", "want_ba": f"b|{unit}", "want_bs": f"b|{unit}"}
    records: list[Fact] = []
    for h in range(draw(st.integers(0, 6))):
        rkey = draw(st.sampled_from(KEYS))
        runit, rname = rkey.split("|")
        kind = draw(st.sampled_from(["excellent", "approved", "revoked"]))
        fact: Fact = {"t": kind, "h": h}
        if kind == "excellent":
            fact |= {"dx": f"x|{rkey}", "nx": f"x|{rname}", "dp": f"p|{rkey}", "np": f"p|{rname}", "rk": f"v|{rkey}"}
        elif kind == "approved":
            fact |= {"dp": f"p|{rkey}", "np": f"p|{rname}"}
        else:
            fact["rv"] = f"v|{rkey}"
            if draw(st.booleans()):
                fact["bk"] = f"b|{runit}"
                span = draw(st.sampled_from([None, "ba", "bs"]))
                if span:
                    fact[span] = f"b|{runit}"
        records.append(fact)
    return subject, records


@st.composite
def event_case(draw: st.DrawFn) -> tuple[Fact, list[Fact]]:
    key = draw(st.sampled_from(KEYS))
    subject: Fact = {"t": "event", "want_py": f"{key}|2026", "want_pa": key}
    records: list[Fact] = []
    for h in range(draw(st.integers(0, 6))):
        rkey = draw(st.sampled_from(KEYS))
        year = draw(st.sampled_from([2025, 2026]))
        kind = draw(st.sampled_from(["approved", "results_submitted", "evaluated"]))
        records.append({"t": kind, "h": h, "pa": rkey, "py": f"{rkey}|{year}"})
    return subject, records


# --------------------------------------------------------------------------- the joins agree


@needs_durable
@settings(max_examples=300)
@given(st.one_of(application_case(), event_case()))
def test_engines_bind_the_same_records(case: tuple[Fact, list[Fact]]) -> None:
    """The duplication, bar and order-of-procedure joins: durable-rules and the Python evaluation
    bind the same records, and run_joins' shortcut (no engine asked when no anchor matches) changes
    nothing."""
    subject, records = case
    durable = bound(subject, records, engines.DURABLE)
    assert durable == bound(subject, records, engines.PYTHON)
    assert run_joins(subject, records, engines.DURABLE) == durable
    assert run_joins(subject, records, engines.PYTHON) == durable


@pytest.mark.parametrize("engine", engine_params())
def test_absence_sees_records_asserted_before_the_subject(engine: str) -> None:
    """A revoked recognition is no longer an excellent result (第二十五条 撤销其优秀成果的认定)."""
    subject: Fact = {"t": "application", "want_dx": "x|u|n", "want_nx": "x|n"}
    excellent: Fact = {"t": "excellent", "h": 0, "dx": "x|u|n", "nx": "x|n", "rk": "v|u|n"}
    revoked: Fact = {"t": "revoked", "h": 1, "rv": "v|u|n"}
    assert run_joins(subject, [excellent], engine)["excellent.same_unit_same_name"] == [0]
    assert run_joins(subject, [excellent, revoked], engine)["excellent.same_unit_same_name"] == []
    assert run_joins(subject, [revoked, excellent], engine)["excellent.same_unit_same_name"] == []


@pytest.mark.parametrize("engine", engine_params())
def test_sessions_do_not_leak_between_evaluations(engine: str) -> None:
    """Each evaluation is isolated: facts of one never match the next (fresh session, deleted)."""
    subject: Fact = {"t": "application", "want_nx": "x|n"}
    first = run_joins(subject, [{"t": "excellent", "h": 0, "nx": "x|n"}], engine)
    second = run_joins(subject, [{"t": "approved", "h": 0, "np": "p|n"}], engine)
    assert first["excellent.same_name"] == [0]
    assert second["excellent.same_name"] == []


@pytest.mark.parametrize("engine", engine_params())
def test_engine_is_safe_under_threads(engine: str) -> None:
    """Concurrent evaluations give the same answers as sequential ones (one lock per ruleset)."""
    cases = []
    for i in range(40):
        name = NAMES[i % 3]
        subject: Fact = {"t": "application", "want_nx": f"x|{name}", "want_ba": f"b|{UNITS[i % 3]}"}
        records: list[Fact] = [
            {"t": "excellent", "h": 0, "nx": f"x|{NAMES[0]}"},
            {"t": "revoked", "h": 1, "bk": f"b|{UNITS[0]}", "ba": f"b|{UNITS[0]}"},
        ]
        cases.append((subject, records))
    expected = [bound(s, r, engines.PYTHON) for s, r in cases]
    results: list[object] = [None] * len(cases)

    def work(k: int) -> None:
        with engines.using(engine):
            for _ in range(20):
                results[k] = run_joins(*cases[k])

    threads = [threading.Thread(target=work, args=(k,)) for k in range(len(cases))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == expected


@needs_durable
def test_join_rules_are_within_the_fence() -> None:
    """Every join is compiled; each pattern is one comparison (trap 6: no $and in a join) and none
    tests the engine's own state fields (trap 3)."""
    from gongguan_rules.engines.durable import engine_for

    rules = join_rules()
    assert {r.subject for r in rules} == {"application", "event"}
    for rule in rules:
        definition = rule.durable_definition()
        text = str(definition)
        assert "'id'" not in text and "'sid'" not in text and "$s" not in text
        assert "$and" not in text and "$or" not in text
    assert engine_for(rules_of("application")).rules == list(rules_of("application"))
    assert engine_for(rules_of("application")) is engine_for(rules_of("application"))


def test_a_conjunction_in_a_join_is_refused() -> None:
    """durable-rules trap 6: a $and inside a join pattern is refused when the rules are read."""
    raw = {"id": "x", "subject": "application", "meaning": "m", "record": {"$and": [{"a": {"s": "b"}}, {"c": 1}]}}
    with pytest.raises(JoinSyntaxError, match="trap 6"):
        parse_join(raw, "rules/joins.yaml:1")


# --------------------------------------------------------------------------- which engine runs


def test_engine_name_says_which_engine_runs() -> None:
    """gr.engine_name() (product.md): "durable-rules" where it imports, else "python"."""
    assert gr.engine_name is engines.engine_name
    assert "engine_name" in gr.__all__
    assert engines.available_engines() == (
        (engines.DURABLE, engines.PYTHON) if WHY_NOT_DURABLE is None else (engines.PYTHON,)
    )
    if not os.environ.get(engines.ENV_VAR, "").strip():
        assert gr.engine_name() == (engines.DURABLE if WHY_NOT_DURABLE is None else engines.PYTHON)
    if sys.version_info >= (3, 13):
        # durable-rules 2.0.28 does not import there (undefined symbol: PyEval_CallObject)
        assert WHY_NOT_DURABLE is not None and gr.engine_name() == engines.PYTHON


@pytest.mark.parametrize("engine", engine_params())
def test_using_chooses_the_engine_for_this_thread_only(engine: str) -> None:
    before = gr.engine_name()
    seen: list[str] = []
    with engines.using(engine) as name:
        assert name == engine and gr.engine_name() == engine
        other = threading.Thread(target=lambda: seen.append(gr.engine_name()))
        other.start()
        other.join()
        with engines.using(engines.PYTHON):
            assert gr.engine_name() == engines.PYTHON
        assert gr.engine_name() == engine
    assert gr.engine_name() == before
    assert seen == [before]


def test_an_unknown_or_unavailable_engine_is_refused_per_call(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="unknown join engine 'zen'"), engines.using("zen"):
        pass
    with pytest.raises(ValueError, match="unknown join engine"):
        run_joins({"t": "application", "want_nx": "x|n"}, [{"t": "excellent", "h": 0, "nx": "x|n"}], "Python")
    monkeypatch.setattr(engines.choice, "durable_unavailable", lambda: "Python 3.13.0: undefined symbol")
    with pytest.raises(ImportError, match=re.escape("cannot use durable-rules: Python 3.13.0: undefined symbol")):
        run_joins({"t": "application", "want_nx": "x|n"}, [{"t": "excellent", "h": 0, "nx": "x|n"}], "durable-rules")


def _import_in_child(value: str | None, broken_durable: Path | None = None) -> subprocess.CompletedProcess[str]:
    """``import gongguan_rules`` in a fresh interpreter with GONGGUAN_RULES_ENGINE=value (None:
    unset), printing engine_name(); ``broken_durable`` is put first on the path."""
    env = {k: v for k, v in os.environ.items() if k not in (engines.ENV_VAR, "PYTHONPATH")}
    if value is not None:
        env[engines.ENV_VAR] = value
    if broken_durable is not None:
        env["PYTHONPATH"] = str(broken_durable)
    code = "import gongguan_rules as gr; print(gr.engine_name())"
    return subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=120)


@pytest.fixture
def broken_durable(tmp_path: Path) -> Path:
    """durable-rules installed where its C extension fails to import, as 2.0.28 does on Python 3.13
    (on 3.13 the package is not installed at all: this puts one there)."""
    (tmp_path / "durable").mkdir()
    (tmp_path / "durable" / "__init__.py").write_text("", encoding="utf-8")
    (tmp_path / "durable" / "engine.py").write_text("import durable_rules_engine\n", encoding="utf-8")
    (tmp_path / "durable_rules_engine.py").write_text(
        "raise ImportError('durable_rules_engine.cpython-313-x86_64-linux-gnu.so: undefined symbol: "
        "PyEval_CallObject')\n",
        encoding="utf-8",
    )
    return tmp_path


def test_the_environment_variable_forces_an_engine_at_import() -> None:
    """GONGGUAN_RULES_ENGINE=python | durable-rules, read at import, forces one (product.md)."""
    default = engines.DURABLE if WHY_NOT_DURABLE is None else engines.PYTHON
    for value, expected in [(None, default), ("", default), ("python", "python"), (" Python ", "python")]:
        child = _import_in_child(value)
        assert child.returncode == 0, child.stderr
        assert child.stdout.strip() == expected, value
    child = _import_in_child("durable-rules")
    if WHY_NOT_DURABLE is None:
        assert child.stdout.strip() == engines.DURABLE, child.stderr
    else:
        assert child.returncode != 0 and "ImportError" in child.stderr, child.stderr


def test_an_unknown_engine_in_the_environment_fails_the_import() -> None:
    child = _import_in_child("zen-engine")
    assert child.returncode != 0
    last = child.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: GONGGUAN_RULES_ENGINE='zen-engine'"), last
    assert "unknown join engine" in last and "durable-rules or python" in last


def test_where_durable_rules_cannot_import_python_runs_and_forcing_it_fails(broken_durable: Path) -> None:
    """As on Python 3.13: the extension installs but fails with ``undefined symbol:
    PyEval_CallObject``. Unset, the Python evaluation runs; forced, the import says why."""
    child = _import_in_child(None, broken_durable)
    assert child.returncode == 0, child.stderr
    assert child.stdout.strip() == engines.PYTHON
    child = _import_in_child("durable-rules", broken_durable)
    assert child.returncode != 0
    last = child.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: GONGGUAN_RULES_ENGINE=durable-rules"), last
    assert "cannot run here" in last and "undefined symbol: PyEval_CallObject" in last


# --------------------------------------------------------------------------- strings of 64 KiB and more


def _fnv1a32(data: bytes, state: int = 0x811C9DC5) -> int:
    """durable-rules' string hash (fnv1Hash32 in its state.c; ASCII bytes here)."""
    for byte in data:
        state = ((state ^ byte) * 16777619) & 0xFFFFFFFF
    return state


def colliding_names(prefix: str, length: int) -> tuple[str, str]:
    """Two project names of ``length`` characters that differ only in their last 8, chosen so
    that ``prefix + name`` has the same durable-rules hash for both (a birthday search)."""
    base = ("quality" * (length // 7 + 1))[: length - 8]
    start = _fnv1a32((prefix + base).encode())
    rnd = random.Random(length)
    alphabet = (string.ascii_lowercase + string.digits).encode()
    seen: dict[int, bytes] = {}
    while True:
        tail = bytes(rnd.choice(alphabet) for _ in range(8))
        digest = _fnv1a32(tail, start)
        if digest in seen and seen[digest] != tail:
            return base + seen[digest].decode(), base + tail.decode()
        seen[digest] = tail


@needs_durable
@pytest.mark.parametrize("length", [65_536, 131_072])
def test_durable_rules_compares_long_strings_only_up_to_their_length_mod_65536(length: int) -> None:
    """The trap behind the fence (issue 10): two keys of 65,538 or 131,074 bytes that differ
    only at the end, with equal 32-bit hashes, are equal to durable-rules (it compares their
    first 2 bytes) and not to Python. Should durable-rules ever be fixed, this test says so."""
    one, two = colliding_names("x|", length)
    subject: Fact = {"t": "application", "want_nx": f"x|{one}"}
    records: list[Fact] = [{"t": "excellent", "h": 0, "nx": f"x|{two}"}]
    assert bound(subject, records, engines.DURABLE)["excellent.same_name"] == [0]
    assert bound(subject, records, engines.PYTHON)["excellent.same_name"] == []


@pytest.mark.parametrize("length", [65_536, 131_072])
def test_long_keys_reach_the_engines_hashed_and_both_agree(length: int) -> None:
    """What correlate builds (``key``) never exceeds ENGINE_KEY_LIMIT characters, so both engines
    tell the two names apart and still match a name with itself."""
    one, two = colliding_names("x|", length)
    assert len(key("x", one)) <= ENGINE_KEY_LIMIT and key("x", one) != key("x", two)
    subject: Fact = {"t": "application", "want_nx": key("x", one)}
    for other, expected in [(two, []), (one, [0])]:
        records: list[Fact] = [{"t": "excellent", "h": 0, "nx": key("x", other)}]
        for engine in engines.available_engines():
            assert bound(subject, records, engine)["excellent.same_name"] == expected, (engine, other == one)


@pytest.mark.parametrize("length", [65_536, 131_072])
def test_decisions_on_names_of_64_kib_agree_on_both_engines(length: int) -> None:
    """第八条（三）: a past excellent result of the same unit whose name differs from the
    application's only at the end is a near name (review), not the same name (fail), on either
    engine; the same name is a fail on either."""
    application = yaml.safe_load((ROOT / "examples" / "application-2026.yaml").read_text(encoding="utf-8"))
    code, unit = application["applicant"]["credit_code"], application["applicant"]["name"]
    one, two = colliding_names(f"x|{code}|", length)
    application["project"]["name"] = one
    # an undated revocation of the unit shares a join key with the application, so the engine is asked
    revoked = {"kind": "recognition_revoked", "credit_code": code, "unit": unit, "project_name": "另一项目"}
    for other, status in [(two, "review"), (one, "fail")]:
        history = [{"kind": "excellent_recognized", "year": 2024, "credit_code": code, "project_name": other}, revoked]
        dumps = []
        for engine in engines.available_engines():
            with engines.using(engine):
                decision = gr.evaluate(application, 2026, history=history)
            assert {f.rule_id: str(f.status) for f in decision.findings}["reg.art8.3.duplication"] == status
            dump = decision.model_dump(mode="json")
            if isinstance(dump.get("provenance"), dict):
                dump["provenance"].pop("engine")
            dumps.append(dump)
        assert all(d == dumps[0] for d in dumps)


@settings(max_examples=300)
@given(st.text(max_size=2 * ENGINE_KEY_LIMIT), st.text(max_size=3), st.integers(0, 70_000))
def test_engine_keys_keep_every_equality_and_stay_short(text: str, tail: str, pad: int) -> None:
    """engine_key is equal exactly when the texts are, whatever their length (a repeat of the text
    up to ``pad`` more characters makes long ones), is at most ENGINE_KEY_LIMIT characters and
    always encodes to UTF-8 (a lone surrogate is hashed too)."""
    long = (text or "x") * (pad // max(len(text), 1) + 1)
    for a, b in [(text, text + tail), (long, long + tail), (long + tail, long)]:
        assert (engine_key(a) == engine_key(b)) == (a == b)
        assert len(engine_key(a)) <= ENGINE_KEY_LIMIT
        engine_key(a).encode("utf-8")
    assert engine_key("#" + text) != "#" + text


def test_short_keys_are_kept_as_written() -> None:
    """Ordinary keys stay readable; only long, '#'-led or non-UTF-8 ones are hashed."""
    assert engine_key("x|91120224064012553U|降低飞溅率") == "x|91120224064012553U|降低飞溅率"
    assert engine_key("a" * ENGINE_KEY_LIMIT) == "a" * ENGINE_KEY_LIMIT
    assert engine_key("a" * (ENGINE_KEY_LIMIT + 1)).startswith("#")
    assert engine_key("x|\ud800").startswith("#")
