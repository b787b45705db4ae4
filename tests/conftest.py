"""Test configuration shared by the whole suite."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from store_support import postgres_database, postgres_url, store_url, terminal_summary

# The PostgreSQL fixtures (tests/store_support.py): every store test on SQLite and on PostgreSQL.
__all__ = ["postgres_database", "postgres_url", "store_url"]

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


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> Iterator[None]:
    """Say last, after the short summary, whether the PostgreSQL tests ran or were skipped, and why."""
    yield
    terminal_summary(terminalreporter)
