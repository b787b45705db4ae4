"""Join rules: how an application or event is correlated with its history, as data.

关联规则：申报或事件与历史记录的关联（雷同、五年限制、程序先后），以数据表达（rules/joins.yaml），
既编译给 durable-rules 执行，也由本模块以 Python 直接求值，二者由测试保证一致。

A join rule binds the subject (alias ``s``) to one record (alias ``r``) that satisfies one
comparison, optionally requiring that no fact satisfies an ``absent`` pattern (also one
comparison). A comparison is ``{field: value}`` (equality) or ``{op: {field: value}}`` with ``op``
one of ``$lt $lte $gt $gte $neq``; a value is a constant (str or int) or a reference
``{alias: field}`` to a field of an alias bound earlier.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

#: The longest key (in characters) the join engines see as written; a longer one is hashed.
#: durable-rules compares strings only up to their length mod 65,536 (``reduceString`` in its
#: events.c takes ``unsigned short`` lengths, so two 65,538-byte keys compare on their first two
#: bytes once their 32-bit hashes collide) and refuses values of 16 MiB. A character takes at most
#: 6 bytes in the JSON the engine reads (``\uXXXX``), so 256 characters stay far below both.
ENGINE_KEY_LIMIT = 256
#: How a hashed key begins; a key that begins so as written is hashed too, so that the two never meet.
HASHED_KEY_PREFIX = "#"

_OPS = {"$lt", "$lte", "$gt", "$gte", "$neq"}
_RESERVED = {"id", "sid", "$s"}


@dataclass(frozen=True)
class Comparison:
    """``field op value``; ``ref`` names (alias, field) when the value is another fact's field."""

    field: str
    op: str
    value: str | int | None
    ref: tuple[str, str] | None


@dataclass(frozen=True)
class Pattern:
    """The comparison a join makes on one fact (one, by the fence; see :func:`parse_pattern`)."""

    comparisons: tuple[Comparison, ...]

    def durable(self) -> dict[str, Any]:
        terms = []
        for c in self.comparisons:
            value: Any = {c.ref[0]: c.ref[1]} if c.ref else c.value
            terms.append({c.field: value} if c.op == "$eq" else {c.op: {c.field: value}})
        return terms[0] if len(terms) == 1 else {"$and": terms}

    def matches(self, fact: dict[str, Any], bound: dict[str, dict[str, Any]]) -> bool:
        for c in self.comparisons:
            if c.field not in fact:
                return False
            left = fact[c.field]
            if c.ref is not None:
                source = bound.get(c.ref[0])
                if source is None or c.ref[1] not in source:
                    return False
                right = source[c.ref[1]]
            else:
                right = c.value
            if type(left) is not type(right):
                return False
            if not _compare(left, c.op, right):
                return False
        return True


def _compare(left: Any, op: str, right: Any) -> bool:
    if op == "$eq":
        return bool(left == right)
    if op == "$neq":
        return bool(left != right)
    if op == "$lt":
        return bool(left < right)
    if op == "$lte":
        return bool(left <= right)
    if op == "$gt":
        return bool(left > right)
    return bool(left >= right)


@dataclass(frozen=True, eq=False)
class JoinRule:
    """One join rule (rules/joins.yaml). 一条关联规则。

    Compared and hashed by identity: rules/joins.yaml is read once per process, and the compiled
    durable-rules engines are cached by their rules (``durable.engine_for``), a lookup made on
    every join that must not cost a hash of every pattern.
    """

    id: str
    subject: str
    record: Pattern
    absent: Pattern | None
    meaning: str

    def referenced(self) -> set[tuple[str, str]]:
        """The (alias, field) pairs this rule reads from other facts."""
        patterns = [self.record] + ([self.absent] if self.absent else [])
        return {c.ref for p in patterns for c in p.comparisons if c.ref is not None}

    def durable_definition(self) -> dict[str, Any]:
        """The rule in durable-rules' JSON form (without action and priority)."""
        patterns: list[dict[str, Any]] = [{"s": {"t": self.subject}}, {"r": self.record.durable()}]
        if self.absent is not None:
            patterns.append({"v$not": self.absent.durable()})
        return {"all": patterns}

    def evaluate(self, subject: dict[str, Any], records: Sequence[dict[str, Any]]) -> list[dict[str, dict[str, Any]]]:
        """The same rule evaluated in Python: the bindings that satisfy it, in record order."""
        if subject.get("t") != self.subject:
            return []
        out = []
        for record in records:
            bound = {"s": subject}
            if not self.record.matches(record, bound):
                continue
            bound = {"s": subject, "r": record}
            if self.absent is not None and any(self.absent.matches(other, bound) for other in (*records, subject)):
                continue
            out.append(bound)
        return out


def engine_key(text: str) -> str:
    """``text`` as the join engines see it: as written when short, else ``#`` and its SHA-256.

    关联键：较短的原样使用，过长的（或无法编码为 UTF-8 的）以 SHA-256 摘要代替，使两种引擎对任何长度的
    字符串都给出相同的比较结果。Equal texts give equal keys and (but for a SHA-256 collision)
    different texts different keys, so every equality a join tests is kept; a text that UTF-8
    cannot encode (a lone surrogate) is hashed too, since the engine reads UTF-8.
    """
    if len(text) <= ENGINE_KEY_LIMIT and not text.startswith(HASHED_KEY_PREFIX):
        if text.isascii():
            return text
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            pass
        else:
            return text
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return HASHED_KEY_PREFIX + digest


class JoinSyntaxError(ValueError):
    """A join rule that is not of the fenced form. 关联规则不符合限定形式。"""


def _value(raw: Any, aliases: set[str], where: str) -> tuple[str | int | None, tuple[str, str] | None]:
    if isinstance(raw, bool) or raw is None or isinstance(raw, float):
        raise JoinSyntaxError(f"{where}: values are strings, integers or references (durable-rules trap 9)")
    if isinstance(raw, str | int):
        return raw, None
    if isinstance(raw, dict) and len(raw) == 1:
        ((alias, field),) = raw.items()
        if alias not in aliases:
            raise JoinSyntaxError(f"{where}: reference to an unknown alias {alias!r}")
        if not isinstance(field, str):
            raise JoinSyntaxError(
                f"{where}: the referenced field must be a string, got {field!r} "
                "(quote YAML words such as on/off/yes/no)"
            )
        return None, (alias, field)
    raise JoinSyntaxError(f"{where}: cannot read value {raw!r}")


def parse_pattern(raw: Any, aliases: set[str], where: str) -> Pattern:
    """Read a pattern; reject every form outside the fence.

    A join pattern is ONE comparison: a conjunction inside a join reads uninitialised memory in
    durable-rules (trap 6) and made this library's test runs crash now and then; conditions
    beyond one key are computed in Python into derived keys. Reserved fields are refused too.
    """
    if isinstance(raw, dict) and "$and" in raw:
        raise JoinSyntaxError(f"{where}: $and is not allowed in a join (durable-rules trap 6); derive a key in Python")
    terms = [raw]
    comparisons = []
    for term in terms:
        if not isinstance(term, dict) or len(term) != 1:
            raise JoinSyntaxError(f"{where}: each term is one comparison, got {term!r}")
        ((key, body),) = term.items()
        if key in _OPS:
            if not isinstance(body, dict) or len(body) != 1:
                raise JoinSyntaxError(f"{where}: {key} takes one field")
            ((field, raw_value),) = body.items()
            op = key
        elif key.startswith("$"):
            raise JoinSyntaxError(f"{where}: operator {key} is not allowed in a join (durable-rules trap 6)")
        else:
            field, raw_value, op = key, body, "$eq"
        if field in _RESERVED or field.startswith("$"):
            raise JoinSyntaxError(f"{where}: field {field!r} belongs to the engine's state (trap 3)")
        value, ref = _value(raw_value, aliases, where)
        comparisons.append(Comparison(field, op, value, ref))
    if not any(c.op == "$eq" for c in comparisons):
        raise JoinSyntaxError(f"{where}: a pattern needs at least one equality to anchor it (trap 3)")
    return Pattern(tuple(comparisons))


def parse_join(raw: dict[str, Any], where: str) -> JoinRule:
    """Read one join rule from rules/joins.yaml."""
    unknown = set(raw) - {"id", "subject", "record", "absent", "meaning"}
    if unknown:
        raise JoinSyntaxError(f"{where}: unknown keys {sorted(unknown)}")
    try:
        rule_id, subject, meaning = raw["id"], raw["subject"], raw["meaning"]
    except KeyError as exc:
        raise JoinSyntaxError(f"{where}: missing key {exc.args[0]!r}") from None
    record = parse_pattern(raw["record"], {"s"}, f"{where} record")
    absent = parse_pattern(raw["absent"], {"s", "r"}, f"{where} absent") if "absent" in raw else None
    return JoinRule(str(rule_id), str(subject), record, absent, str(meaning))
