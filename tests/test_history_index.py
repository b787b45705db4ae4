"""The history index: read once, indexed lazily, the same answers however it was built.

管理办法 第八条（三） / 2026 一（三）: 不得与历年优秀成果项目雷同 — the near-name search of the
duplication check reads the index; 第二十五条 reads the unit's records.
"""

from __future__ import annotations

import pickle

import pytest

import gongguan_rules as gr
from gongguan_rules.records.history_index import HistoryIndex
from gongguan_rules.records.project_names import SCAN_LIMIT, name_similarity

CODE = "91120224064012553U"


def excellent(i: int, name: str) -> dict[str, object]:
    return {"kind": "excellent_recognized", "year": 2024, "unit": f"天津第{i}公司", "project_name": name}


def brute_force(history: list[dict[str, object]], query: str, threshold: float, limit: int) -> list[tuple[int, float]]:
    scored = [
        (i, name_similarity(query, str(e["project_name"])))
        for i, e in enumerate(history)
        if e.get("project_name") and e["kind"] in ("approved", "excellent_recognized")
    ]
    hits = sorted(((i, s) for i, s in scored if s >= threshold), key=lambda hit: (-hit[1], hit[0]))
    return hits[:limit]


@pytest.mark.parametrize("size", [3, SCAN_LIMIT, SCAN_LIMIT + 1, 3 * SCAN_LIMIT])
def test_near_names_are_the_same_below_and_above_the_scan_limit(size: int) -> None:
    """2026 一（三）: the near-name search names the same records, with the same scores, whether
    the index compares them one by one (a short list) or builds its inverted index (a long one)."""
    history: list[dict[str, object]] = [
        excellent(i, f"降低第{i % 7}号药芯焊丝焊接飞溅率{'' if i % 3 else '的研究'}") for i in range(size)
    ]
    history.append({"kind": "recognition_revoked", "date": "2025-01-01", "credit_code": CODE})
    index = HistoryIndex(history)
    for query in ("降低第3号药芯焊丝焊接飞溅率", "降低第3号药芯焊丝焊接飞溅", "提高电缆合格率"):
        assert index.similar_names(query, 0.8, 20) == brute_force(history, query, 0.8, 20)


def test_an_extended_index_answers_like_a_fresh_one() -> None:
    """第八条（三）: a record appended to the index (the store does this) is found like any other."""
    first = [excellent(i, f"提高第{i}号钢管一次合格率") for i in range(5)]
    more = [excellent(9, "提高第2号钢管一次合格率的研究")]
    grown = HistoryIndex(first)
    grown.similar_names("提高第2号钢管一次合格率", 0.8, 20)  # the old index has built its name index
    extended = grown.extended(more)
    fresh = HistoryIndex(first + more)
    assert extended.similar_names("提高第2号钢管一次合格率", 0.8, 20) == fresh.similar_names(
        "提高第2号钢管一次合格率", 0.8, 20
    )
    assert extended.with_name("提高第2号钢管一次合格率") == [2, 5]


def test_every_bad_record_is_named_with_its_position() -> None:
    """Bad input names the field: a list read in one call still reports each bad record."""
    history = [
        {"kind": "awarded", "year": 2024},
        excellent(1, "甲项目"),
        {"kind": "approved", "date": "someday"},
    ]
    with pytest.raises(gr.InputError) as info:
        HistoryIndex(history)
    assert [path for path, _ in info.value.errors] == ["history[0].kind", "history[2].date"]


def test_an_index_travels_to_another_process_intact() -> None:
    """第二十五条: an index sent to a worker process (pickled) decides as the original does."""
    history = [
        excellent(1, "降低药芯焊丝焊接飞溅率"),
        {"kind": "recognition_revoked", "date": "2025-03-01", "credit_code": CODE},
    ]
    index = HistoryIndex(history)
    index.similar_names("降低药芯焊丝焊接飞溅率", 0.8, 20)
    copy = pickle.loads(pickle.dumps(index))
    assert copy.events == index.events
    assert copy.similar_names("降低药芯焊丝焊接飞溅", 0.8, 20) == index.similar_names("降低药芯焊丝焊接飞溅", 0.8, 20)
    assert copy.of_same_unit(CODE, None) == [1]
