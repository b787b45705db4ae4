"""The fence around durable-rules: the only module that knows its quirks.

规则引擎（durable-rules）的围栏。本模块之外的代码不接触引擎的任何细节。
The traps measured in ../shared/spec/durable-rules.md, and how each is fenced here:

1. an unmatched assert raises ``MessageNotHandledException``: caught per fact;
2. events are consumed: only facts are asserted, never events;
3. patterns that can match the session's own state loop forever: every pattern is a comparison
   on a field the state never has (``t``, or a join key), checked when a join is compiled;
4. batch asserts defer actions: facts are asserted one at a time;
5. ``delete_state`` crashes when no action ran: every evaluation ends with a sentinel fact whose
   rule always fires, then the session is deleted;
6. ``$and`` inside a join reads uninitialised memory (it made test runs segfault now and then):
   each join pattern is one equality, other conditions are derived keys computed in Python
   (checked when rules/joins.yaml is read), and the engine is tested against a Python evaluation
   of the same data (tests/test_engine.py);
7. sessions collide by hash: one live session at a time (under a lock), a fresh id each time,
   every fact with a unique ``id``;
8. memory: only pre-selected facts are asserted, and the session is deleted afterwards;
9. types: facts carry only strings and integers, never None (absent joined fields are filled);
10. no regular expressions are used;
11. exceptions in actions are swallowed: actions only append to a list;
12. one Host per process, whose timer threads are never started; a lock serialises access;
13. Python 3.13 cannot import the extension: the package declares durable-rules only below 3.13,
    and the engines package (``engines.choice``) falls back to the Python evaluation where this
    module cannot be imported.

Two more fences, found while building this library:

- a fork while another thread runs an evaluation would leave that engine's lock held in the child
  (and its session half-asserted): after a fork the child drops the Host and every compiled engine
  and builds them afresh on first use (``gongguan_rules._fork``);
- strings are compared only up to their length mod 65,536 (``reduceString`` takes ``unsigned
  short`` lengths): no key longer than ``joins.ENGINE_KEY_LIMIT`` reaches the engine
  (``joins.engine_key`` hashes it).
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

from durable.engine import Host, MessageNotHandledException  # type: ignore[import-untyped]  # no stubs

from .._fork import ForkSafeLock, after_fork_in_child
from .joins import JoinRule

Fact = dict[str, str | int]
Bindings = dict[str, dict[str, Any]]

_SENTINEL_RULE = "sentinel"
_SENTINEL_TYPE = "$sentinel"


class _QuietHost(Host):  # type: ignore[misc]  # durable-rules ships no type hints
    """A Host whose background timer threads never start: actions run only inside our calls."""

    def _run(self) -> None:
        return None


_HOST_LOCK = ForkSafeLock()
_HOST: _QuietHost | None = None
_ENGINES: dict[tuple[JoinRule, ...], JoinEngine] = {}


def _host() -> _QuietHost:
    global _HOST
    with _HOST_LOCK:
        if _HOST is None:
            _HOST = _QuietHost()
        return _HOST


def engine_for(rules: Sequence[JoinRule]) -> JoinEngine:
    """The process-wide engine compiled from ``rules`` (built once per process and rule set)."""
    key = tuple(rules)
    engine = _ENGINES.get(key)  # a dict lookup is atomic; only the insertion takes the lock
    if engine is None:
        engine = JoinEngine(key)
        with _HOST_LOCK:
            # two threads may have compiled it at once: keep the first (a ruleset costs memory
            # only, and is never freed: trap 8)
            engine = _ENGINES.setdefault(key, engine)
    return engine


@after_fork_in_child
def _forget_after_fork() -> None:
    """In a forked child: another thread may have been inside a run when the parent forked,
    leaving its session half-asserted; start again with a new Host and new rulesets."""
    global _HOST
    _HOST = None
    _ENGINES.clear()


class JoinEngine:
    """A compiled set of join rules on durable-rules, safe to call from many threads.

    ``run`` asserts the records first and the subject last (so that absence tests see the whole
    record), then a sentinel, collects what fired, and deletes the session.
    """

    _names = itertools.count(1)

    def __init__(self, rules: Sequence[JoinRule]) -> None:
        self.rules = list(rules)
        self._lock = ForkSafeLock()
        self._sids = itertools.count(1)
        self._fired: list[tuple[str, Bindings]] = []
        definition: dict[str, Any] = {}
        # durable-rules mishandles rule names with dots (nothing fires, then delete_state
        # crashes): rules are registered as r1, r2, … and recorded under their own ids.
        for priority, rule in enumerate(self.rules, start=1):
            spec = rule.durable_definition()
            spec["pri"] = priority
            spec["run"] = self._recorder(rule.id)
            definition[f"r{priority}"] = spec
        definition[_SENTINEL_RULE] = {
            "all": [{"z": {"t": _SENTINEL_TYPE}}],
            "pri": len(self.rules) + 1,
            "run": self._recorder(_SENTINEL_RULE),
        }
        self.name = f"gongguan_rules_{next(self._names)}"
        self._host = _host()
        self._host.register_rulesets({self.name: definition})

    def _recorder(self, rule_id: str) -> Any:
        fired = self._fired

        def record(c: Any) -> None:
            # the bindings are plain JSON values the engine built for this call: keep them as
            # they are (only the record's position is read afterwards)
            fired.append((rule_id, dict(c._m)))

        return record

    def run(self, subject: Fact, records: Sequence[Fact]) -> dict[str, list[Bindings]]:
        """Join ``subject`` with ``records``; returns, per rule id, the bindings that fired."""
        with self._lock:
            sid = str(next(self._sids))
            self._fired.clear()
            for number, fact in enumerate(records):
                self._assert({**fact, "id": f"r{number}", "sid": sid})
            self._assert({**subject, "id": "subject", "sid": sid})
            self._assert({"t": _SENTINEL_TYPE, "id": "sentinel", "sid": sid})
            fired = list(self._fired)
            self._fired.clear()
            if not any(rule_id == _SENTINEL_RULE for rule_id, _ in fired):
                # never call delete_state on a session where no action ran (trap 5): it crashes
                raise RuntimeError("durable-rules did not complete the evaluation (sentinel not fired)")
            self._host.delete_state(self.name, sid)
        out: dict[str, list[Bindings]] = {rule.id: [] for rule in self.rules}
        for rule_id, bindings in fired:
            if rule_id != _SENTINEL_RULE:
                out[rule_id].append(_strip(bindings))
        return out

    def _assert(self, fact: Mapping[str, Any]) -> None:
        # through the Host, which runs the actions of what fired (the Ruleset alone does not)
        with contextlib.suppress(MessageNotHandledException):
            self._host.assert_fact(self.name, dict(fact))


def _strip(bindings: Bindings) -> Bindings:
    return {alias: {k: v for k, v in fact.items() if k not in ("sid", "$s")} for alias, fact in bindings.items()}
