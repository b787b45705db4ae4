"""The inverted index behind :class:`~gongguan_rules.records.project_names.ProjectNameIndex`.

项目名称倒排索引：按二元组（gram）建立倒排表，以前缀、位置与长度过滤只比较可能达到阈值的记录。
Every filter only discards records that provably cannot reach the threshold, so the answer is
exact; project_names.py scores the survivors.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Mapping
from types import MappingProxyType

# Slack for float rounding in the pruning bounds; pruning may only ever be looser than exact.
_EPS = 1e-9

# A posting list shorter than this is scanned whole; a longer one is cut by binary search.
_SHORT_POSTINGS = 16


def length_range(size: int, threshold: float, largest: int) -> tuple[int, int]:
    """Token counts (at most ``largest``) a record may have and still reach ``threshold``.

    From Dice ≤ 2·min(a, b)/(a + b): b ≥ t·a/(2 − t) and b ≤ (2 − t)·a/t. Widened by _EPS, so
    rounding can only admit more records, never fewer. ``threshold`` must be positive.
    """
    low = max(1, math.ceil(threshold * size / (2.0 - threshold) - _EPS))
    bound = (2.0 - threshold) * size / threshold + _EPS
    high = largest if bound >= largest else math.floor(bound)
    return low, high


class Postings:
    """The inverted index of a :class:`~.project_names.ProjectNameIndex` (see its docstring).

    ``tokens_of``: each record's gram tokens, in the order of the index's record ids; a record
    is then known by its place in that order.
    """

    __slots__ = ("frequency", "index_bits", "max_size", "position_bits", "postings", "token_sets")

    def __init__(self, tokens_of: list[tuple[str, ...]]) -> None:
        frequency: Counter[str] = Counter()
        for tokens in tokens_of:
            frequency.update(tokens)
        max_size = max(map(len, tokens_of), default=0)

        # A posting is one int: record token count, then the token's position in the record's
        # order, then the record's place in ``ids``. Sorting the ints sorts by all three.
        index_bits = max(1, (len(tokens_of) - 1).bit_length())
        position_bits = max(1, max_size.bit_length())
        postings: dict[str, list[int]] = {}
        for place, tokens in enumerate(tokens_of):
            ranked = sorted(tokens, key=lambda token: (frequency[token], token))
            head = len(tokens) << position_bits
            for position, token in enumerate(ranked):
                code = ((head | position) << index_bits) | place
                codes = postings.get(token)
                if codes is None:
                    postings[token] = [code]
                else:
                    codes.append(code)

        self.frequency: Mapping[str, int] = MappingProxyType(dict(frequency))
        self.token_sets: tuple[frozenset[str], ...] = tuple(map(frozenset, tokens_of))
        self.max_size = max_size
        self.index_bits = index_bits
        self.position_bits = position_bits
        self.postings: Mapping[str, tuple[int, ...]] = MappingProxyType(
            {token: tuple(sorted(codes)) for token, codes in postings.items()}
        )

    def candidates(self, tokens: tuple[str, ...], threshold: float) -> set[int]:
        """Places (in ``ids``) of the records that may reach ``threshold``: prefix, positional
        and length filtering (nothing that can reach it is left out)."""
        size = len(tokens)
        # need[n]: the fewest tokens a record of n tokens must share with the query.
        if threshold <= 0.0:
            low, high = 1, self.max_size
            need = dict.fromkeys(range(low, high + 1), 1)
        else:
            low, high = length_range(size, threshold, self.max_size)
            need = {}
            for n in range(low, high + 1):
                at_least = max(1, math.ceil(threshold * (size + n) / 2.0 - _EPS))
                if at_least <= min(size, n):
                    need[n] = at_least
        if not need:
            return set()

        frequency = self.frequency
        ranked = sorted(tokens, key=lambda token: (frequency.get(token, 0), token))
        index_bits = self.index_bits
        size_shift = index_bits + self.position_bits
        place_mask = (1 << index_bits) - 1
        position_mask = (1 << self.position_bits) - 1
        candidates: list[int] = []

        # Prefix filter: the first shared token is among the query's first size - need + 1.
        for i in range(size - min(need.values()) + 1):
            codes = self.postings.get(ranked[i])
            if codes is None:
                continue
            start = bisect_left(codes, low << size_shift)
            end = bisect_left(codes, (high + 1) << size_shift, start)
            if end - start <= _SHORT_POSTINGS:
                for code in codes[start:end]:
                    n = code >> size_shift
                    wanted = need.get(n)
                    if wanted is not None and i <= size - wanted and (code >> index_bits) & position_mask <= n - wanted:
                        candidates.append(code & place_mask)
                continue
            for n, at_least in need.items():
                if i > size - at_least:
                    continue
                # Positional filter: the first shared token is at position <= n - at_least
                # in the record's own order (both orders are the same global order).
                head = n << size_shift
                first = bisect_left(codes, head, start, end)
                last = bisect_right(codes, head | ((n - at_least) << index_bits) | place_mask, first, end)
                candidates.extend(code & place_mask for code in codes[first:last])
        # A record can pass the filters at several query tokens; it is scored once.
        return set(candidates)
