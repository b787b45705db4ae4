"""Project-name normalisation, similarity and the name index (the duplication clauses).

管理办法 第八条（三） / 2025 二（三） / 2026 一（三）: 不得与历年优秀成果项目雷同;
2019 七（三） / 2021 三（一） / 2025 六（三）: 不得与历年项目雷同.
"""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongguan_rules.records.project_names import (
    MIN_CORE_LENGTH,
    SCAN_LIMIT,
    ProjectNameIndex,
    name_grams,
    name_similarity,
    normalize_project_name,
)

# A small alphabet makes shared and repeated bigrams, wrappers and punctuation likely.
ALPHABET = "降低提高焊接飞溅率合格研究项目关于的课题攻关ab《》（），、 　.-ＡＢ1１"
names = st.text(alphabet=ALPHABET, max_size=12)
any_names = st.text(max_size=20)


def brute_force(corpus: list[tuple[int, str]], query: str, threshold: float, limit: int) -> list[tuple[int, float]]:
    scored = [(record_id, name_similarity(query, name)) for record_id, name in corpus]
    hits = [(record_id, score) for record_id, score in scored if score >= threshold]
    hits.sort(key=lambda hit: (-hit[1], hit[0]))
    return hits[:limit]


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("降低药芯焊丝焊接飞溅率", "降低药芯焊丝焊接飞溅率"),
        ("提高ＰＭ２．５滤芯过滤效率", "提高pm25滤芯过滤效率"),
        ("降低 药芯焊丝　焊接飞溅率", "降低药芯焊丝焊接飞溅率"),
        ("《降低药芯焊丝焊接飞溅率》", "降低药芯焊丝焊接飞溅率"),
        ("“降低”药芯焊丝（焊接）飞溅率。", "降低药芯焊丝焊接飞溅率"),
        ("提高Ⅱ型钢管一次合格率", "提高ii型钢管一次合格率"),
        ("提高②号线焊接质量", "提高2号线焊接质量"),
        ("提高【A-B】型轴承·寿命", "提高ab型轴承寿命"),
        ("降低\u200b焊接飞溅率", "降低焊接飞溅率"),
        ("提高<<C++>>编译器质量", "提高c++编译器质量"),
    ],
)
def test_normalisation_folds_width_case_space_and_punctuation(written: str, normalised: str) -> None:
    """2019 七（三） 不得与历年项目雷同: a name re-typed with full-width characters, spaces or
    other punctuation is the same name."""
    assert normalize_project_name(written) == normalised


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("关于降低药芯焊丝焊接飞溅率的研究", "降低药芯焊丝焊接飞溅率"),
        ("降低药芯焊丝焊接飞溅率研究", "降低药芯焊丝焊接飞溅率"),
        ("降低药芯焊丝焊接飞溅率项目", "降低药芯焊丝焊接飞溅率"),
        ("降低药芯焊丝焊接飞溅率课题", "降低药芯焊丝焊接飞溅率"),
        ("降低药芯焊丝焊接飞溅率攻关", "降低药芯焊丝焊接飞溅率"),
        ("关于降低药芯焊丝焊接飞溅率攻关项目的研究", "降低药芯焊丝焊接飞溅率"),
    ],
)
def test_generic_wrappers_are_peeled(written: str, normalised: str) -> None:
    """2021 三（一） 不得与历年项目雷同: wrapping an old project in 关于…的研究 or …项目 does
    not make it a new one."""
    assert normalize_project_name(written) == normalised


def test_meaningful_words_are_kept() -> None:
    """2025 六（三） 不得与历年项目雷同: 提高X and 降低X are different projects, so the opening
    verbs are never stripped, nor Chinese numerals, nor 基于."""
    assert normalize_project_name("提高焊接飞溅率") != normalize_project_name("降低焊接飞溅率")
    assert normalize_project_name("提高焊接飞溅率").startswith("提高")
    assert normalize_project_name("基于视觉的焊缝检测").startswith("基于")
    assert normalize_project_name("提高一次合格率") == "提高一次合格率"


def test_wrappers_are_not_peeled_below_the_minimum_core() -> None:
    """2026 一（三） 不得与历年优秀成果项目雷同: a short generic name keeps its wrapper rather
    than collapsing to a fragment that would match unrelated names."""
    assert normalize_project_name("焊接研究") == "焊接研究"
    assert normalize_project_name("关于焊接") == "关于焊接"
    assert len(normalize_project_name("焊接工艺研究")) >= MIN_CORE_LENGTH
    assert normalize_project_name("焊接工艺研究") == "焊接工艺"


def test_normalisation_rejects_non_text() -> None:
    """管理办法 第八条（三）: a project name is text; anything else is a caller's mistake."""
    with pytest.raises(TypeError):
        normalize_project_name(123)  # type: ignore[arg-type]


@given(any_names)
def test_normalisation_is_idempotent(name: str) -> None:
    """管理办法 第八条（三）: the normal form is stable, so stored normalised names compare
    equal to freshly normalised ones."""
    once = normalize_project_name(name)
    assert normalize_project_name(once) == once


@given(any_names)
def test_normal_form_has_no_whitespace_or_punctuation(name: str) -> None:
    """2019 七（三）: spacing and punctuation never distinguish two names."""
    normalised = normalize_project_name(name)
    assert not any(ch.isspace() for ch in normalised)
    assert not any(ch in "《》“”‘’（）()【】[]、，。；：！？—-·." for ch in normalised)


# --------------------------------------------------------------------------- similarity


def test_similarity_examples() -> None:
    """2025 二（三） 不得与历年优秀成果项目雷同: identical after normalisation is 1.0, one
    changed character lowers the score, an unrelated name scores 0."""
    assert name_similarity("降低药芯焊丝焊接飞溅率", "《降低药芯焊丝焊接飞溅率》的研究") == 1.0
    assert name_similarity("降低焊接飞溅率", "降低焊丝飞溅率") == pytest.approx(8 / 12)
    assert name_similarity("降低焊接飞溅率", "提高电缆偏心度") == 0.0
    assert 0.0 < name_similarity("提高焊接飞溅率", "降低焊接飞溅率") < 1.0


def test_similarity_counts_repeated_bigrams() -> None:
    """管理办法 第八条（三）: Dice over bigram multisets, so repetition is not ignored."""
    assert name_grams("abab") == ("ab", "ba", "ab")
    assert name_similarity("abab", "ababab") == pytest.approx(2 * 3 / (3 + 5))


def test_single_character_and_empty_names() -> None:
    """管理办法 第八条（三）: degenerate names compare sensibly (unigram for one character,
    nothing for an empty name)."""
    assert name_grams("焊") == ("焊",)
    assert name_grams("《》") == ()
    assert name_similarity("焊", "焊") == 1.0
    assert name_similarity("焊", "接") == 0.0
    assert name_similarity("", "焊接") == 0.0
    assert name_similarity("", "（）") == 1.0


@given(names, names)
def test_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    """2021 三（一） 不得与历年项目雷同: comparing A with B or B with A gives one answer, in
    [0, 1]."""
    forward = name_similarity(a, b)
    assert forward == name_similarity(b, a)
    assert 0.0 <= forward <= 1.0


@given(any_names, any_names)
def test_similarity_bounds_on_any_text(a: str, b: str) -> None:
    """2026 一（三）: the measure stays in [0, 1] and is 1.0 on equal normal forms."""
    score = name_similarity(a, b)
    assert 0.0 <= score <= 1.0
    if normalize_project_name(a) == normalize_project_name(b):
        assert score == 1.0


# --------------------------------------------------------------------------- index


CORPUS = [
    (10, "降低药芯焊丝焊接飞溅率"),
    (11, "关于降低药芯焊丝焊接飞溅率的研究"),
    (12, "降低药芯焊丝焊接飞溅"),
    (13, "提高药芯焊丝焊接飞溅率"),
    (14, "提高高压电缆绝缘层偏心度合格率"),
    (15, "（）——"),
]


def test_exact_finds_same_normalised_name() -> None:
    """2019 七（三） 不得与历年项目雷同: the same unit with the same normalised name is a
    duplicate; exact() finds every such record."""
    index = ProjectNameIndex(CORPUS)
    assert len(index) == len(CORPUS)
    assert index.exact("《降低药芯焊丝焊接飞溅率》") == [10, 11]
    assert index.exact("降低电机噪声") == []
    assert index.normalized(11) == "降低药芯焊丝焊接飞溅率"


def test_similar_ranks_best_first_with_ties_by_id() -> None:
    """2025 六（三） 不得与历年项目雷同: near-identical names are named for review, closest
    first."""
    index = ProjectNameIndex(CORPUS)
    hits = index.similar("降低药芯焊丝焊接飞溅率", 0.7)
    assert [record_id for record_id, _ in hits] == [10, 11, 12, 13]
    assert hits[0][1] == hits[1][1] == 1.0
    assert hits == brute_force(CORPUS, "降低药芯焊丝焊接飞溅率", 0.7, 5)
    assert index.similar("降低药芯焊丝焊接飞溅率", 0.7, limit=1) == [(10, 1.0)]


@pytest.mark.parametrize("scan_limit", [0, SCAN_LIMIT])
def test_similar_edge_thresholds_and_limits(scan_limit: int) -> None:
    """管理办法 第八条（三）: the look-up is total: thresholds outside (0, 1], empty names and
    zero limits have defined answers (compared one by one or through the inverted index)."""
    index = ProjectNameIndex(CORPUS, scan_limit=scan_limit)
    assert index.similar("降低药芯焊丝焊接飞溅率", 1.01) == []
    assert index.similar("降低药芯焊丝焊接飞溅率", 0.5, limit=0) == []
    everything = index.similar("降低药芯焊丝焊接飞溅率", 0.0, limit=10)
    assert [record_id for record_id, _ in everything][:2] == [10, 11]
    assert {record_id for record_id, _ in everything} == {r for r, _ in CORPUS}
    assert index.similar("《》", 0.5) == [(15, 1.0)]
    assert ProjectNameIndex([], scan_limit=scan_limit).similar("降低", 0.0) == []
    with pytest.raises(ValueError):
        index.similar("降低", math.nan)
    with pytest.raises(ValueError):
        index.similar("降低", 0.5, limit=-1)


def test_index_rejects_bad_records() -> None:
    """管理办法 第八条（三）: every past record is identified once, by an int."""
    with pytest.raises(ValueError, match="duplicate record id 1"):
        ProjectNameIndex([(1, "甲"), (1, "乙")])
    with pytest.raises(TypeError):
        ProjectNameIndex([("1", "甲")])  # type: ignore[list-item]
    with pytest.raises(TypeError):
        ProjectNameIndex([(1, None)])  # type: ignore[list-item]


@settings(max_examples=300, deadline=None)
@given(
    corpus=st.lists(names, max_size=25),
    query=names,
    threshold=st.one_of(
        st.sampled_from([0.0, 0.5, 2 / 3, 0.8, 1.0, -0.5]),
        st.floats(min_value=0.0, max_value=1.0),
    ),
    limit=st.integers(min_value=0, max_value=30),
    scan_limit=st.sampled_from([0, 5, SCAN_LIMIT]),
)
def test_similar_equals_brute_force(
    corpus: list[str], query: str, threshold: float, limit: int, scan_limit: int
) -> None:
    """2021 三（一） / 2026 一（三）: the index is exact: it names the same past records, with
    the same scores and order, as comparing against every record, whether it compares them one
    by one (a few records) or through its inverted index (more than ``scan_limit``)."""
    records = [(7 * i + 3, name) for i, name in enumerate(corpus)]
    index = ProjectNameIndex(records, scan_limit=scan_limit)
    assert index.similar(query, threshold, limit) == brute_force(records, query, threshold, limit)
    expected_exact = [
        record_id for record_id, name in records if normalize_project_name(name) == normalize_project_name(query)
    ]
    assert index.exact(query) == expected_exact


@settings(max_examples=100, deadline=None)
@given(corpus=st.lists(names, min_size=1, max_size=25), data=st.data())
def test_similar_finds_indexed_names_themselves(corpus: list[str], data: st.DataObject) -> None:
    """2019 七（三）: a past name looked up again is always found, at 1.0, at any threshold."""
    records = list(enumerate(corpus))
    index = ProjectNameIndex(records)
    record_id, name = data.draw(st.sampled_from(records))
    threshold = data.draw(st.floats(min_value=0.0, max_value=1.0))
    hits = dict(index.similar(name, threshold, limit=len(records)))
    assert hits[record_id] == 1.0


def test_concurrent_reads_agree_with_sequential_reads() -> None:
    """管理办法 第八条（三）: one index serves many checks at once (no global state)."""
    records = [(i, f"降低第{i}号药芯焊丝焊接飞溅率") for i in range(300)]
    index = ProjectNameIndex(records)
    queries = [f"降低第{i}号药芯焊丝焊接飞溅" for i in range(0, 300, 7)]
    sequential = [index.similar(q, 0.6) for q in queries]
    with ThreadPoolExecutor(max_workers=8) as pool:
        concurrent = list(pool.map(lambda q: index.similar(q, 0.6), queries))
    assert concurrent == sequential
