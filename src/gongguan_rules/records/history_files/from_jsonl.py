"""History records from JSON Lines: one JSON object per line, blank lines skipped, duplicate keys
seen. 从 JSON Lines 读取历史记录：每行一个 JSON 对象，空行跳过，重复的键会被发现。
"""

from __future__ import annotations

import json

from .records import Faults, build_event, mapping_values


class _Pairs(list[tuple[str, object]]):
    """A JSON object as its key/value pairs in order, so duplicate keys can be seen."""


def load_jsonl(text: str, default_kind: str | None, faults: Faults) -> list[dict[str, object]]:
    events: list[dict[str, object]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line, object_pairs_hook=_Pairs)
        except json.JSONDecodeError as exc:
            faults.add(number, f"malformed JSON: {exc.msg} (column {exc.colno})")
            continue
        except RecursionError:
            faults.add(number, "malformed JSON: nested too deeply")
            continue
        if not isinstance(obj, _Pairs):
            faults.add(number, f"expected a JSON object, not {type(obj).__name__}")
            continue
        values, keys_known = mapping_values([(key, value, number, number) for key, value in obj], faults)
        event = build_event(values, number, default_kind, faults, keys_known=keys_known)
        if event is not None:
            events.append(event)
    return events
