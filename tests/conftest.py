"""Test configuration shared by the whole suite."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings

# Timing is measured by benchmarks, never by tests: a busy machine must not fail a property.
settings.register_profile("gongguan", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("gongguan")


def pytest_addhooks(pluginmanager: pytest.PytestPluginManager) -> None:
    """Load the invariant suite over every plans/*.yaml (gongguan_rules.testing.plugin, docs/testing.md).

    Installed, the package loads it through its pytest11 entry point (``gongguan_rules``); with
    ``-p gongguan_rules.testing.plugin`` it is loaded by name; from a source checkout it is loaded
    here. Not with ``pytest_plugins``: that is refused when this conftest is reached late (a file
    under tests/ collected from outside the repository).
    """
    if not (pluginmanager.has_plugin("gongguan_rules") or pluginmanager.has_plugin("gongguan_rules.testing.plugin")):
        pluginmanager.import_plugin("gongguan_rules.testing.plugin")
