"""The pytest plugin is safe to install: loading it (as every pytest run of every project that
installs gongguan-rules does, through the pytest11 entry point) imports neither Hypothesis, a
test extra, nor the invariant suite; only checking a plan does."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"


def test_loading_the_plugin_needs_no_hypothesis() -> None:
    code = (
        "import sys; import gongguan_rules, gongguan_rules.testing.plugin; "
        "heavy = ('hypothesis', 'gongguan_rules.testing.invariants', 'gongguan_rules.testing.strategies'); "
        "print(sorted(m for m in heavy if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_lazy_names_are_the_strategies_names() -> None:
    """gongguan_rules.testing serves, on first use, exactly the names the strategies package exports:
    the list the lazy loader needs without importing Hypothesis is the same list, kept in step."""
    import gongguan_rules.testing as testing
    import gongguan_rules.testing.strategies as strategies

    assert sorted(testing.__all__) == sorted(strategies.__all__)
    for name in testing.__all__:
        assert getattr(testing, name) is getattr(strategies, name)
