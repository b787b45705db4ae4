"""Immutable parts of a decision, and its texts rendered when first read.

决定的不可变组成部分，以及首次读取时才生成（并缓存）的说明文字。

A decision is built from parts the library has already checked, so it is not validated again
(docs/engine.md, "Building a decision"); these types keep it immutable and cheap:

- :class:`FrozenList` and :class:`FrozenDict` are a ``list`` and a ``dict`` (pydantic dumps them,
  ``isinstance`` holds, JSON is unchanged) that refuse every change, are hashable and pickle.
- :class:`LazyText` is a finding's or a remedy's text in Chinese and English: a read-only mapping
  ``{"zh": …, "en": …}`` that fills its templates on first read and keeps the result. Filling is
  deterministic and the cache is one reference written once, so threads reading at the same
  time see the same text.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

from ..quoting import QUOTE_LIMIT, shorten

_REFUSED = "决定不可修改 / a decision is immutable"


def _refuse(*_: Any, **__: Any) -> NoReturn:
    raise TypeError(_REFUSED)


class FrozenList(list[Any]):
    """A list that refuses every change. 不可修改的列表。"""

    __slots__ = ()

    append = extend = insert = remove = pop = clear = sort = reverse = _refuse
    __setitem__ = __delitem__ = __iadd__ = __imul__ = _refuse

    def __hash__(self) -> int:  # type: ignore[override]  # a list is unhashable; this one is frozen
        return hash(tuple(self))

    def __reduce__(self) -> tuple[type[FrozenList], tuple[list[Any]]]:
        return (FrozenList, (list(self),))

    def __copy__(self) -> FrozenList:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenList:
        return self


class FrozenDict(dict[str, Any]):
    """A dict that refuses every change. 不可修改的映射。"""

    __slots__ = ()

    __setitem__ = __delitem__ = clear = pop = popitem = setdefault = update = __ior__ = _refuse

    def __hash__(self) -> int:  # type: ignore[override]  # a dict is unhashable; this one is frozen
        return hash(frozenset(self.items()))

    def __reduce__(self) -> tuple[type[FrozenDict], tuple[dict[str, Any]]]:
        return (FrozenDict, (dict(self),))

    def __copy__(self) -> FrozenDict:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict:
        return self


class CitationList(FrozenList):
    """A finding's citations: a frozen list that also keeps its written form once made."""

    __slots__ = ("_label",)
    _label: str

    def label(self) -> str:
        """The citations as a reader writes them, joined by ``；``. 出处的书面形式。"""
        try:
            return self._label
        except AttributeError:
            label = self._label = "；".join(c.label() for c in self)
            return label

    def __reduce__(self) -> tuple[type[CitationList], tuple[list[Any]]]:
        return (CitationList, (list(self),))


#: Values that are immutable already: kept as they are.
_SETTLED = frozenset({str, int, float, bool, type(None), FrozenList, FrozenDict, CitationList})
_CONTAINERS = (dict, list, tuple)
_set_item = dict.__setitem__


def freeze(value: Any) -> Any:
    """``value`` with every list and dict inside it frozen (a frozen one is kept as it is)."""
    kind = type(value)
    if kind in _SETTLED:
        return value
    if isinstance(value, dict):
        frozen = FrozenDict(value)  # one copy; only containers not yet frozen are visited again
        for key, item in value.items():
            if type(item) not in _SETTLED and isinstance(item, _CONTAINERS):
                _set_item(frozen, key, freeze(item))
        return frozen
    if isinstance(value, _CONTAINERS):
        return FrozenList([item if type(item) in _SETTLED else freeze(item) for item in value])
    return value


def freeze_list(value: list[Any]) -> FrozenList:
    """A validated list, frozen (pydantic's after-validator for list fields)."""
    return value if type(value) is FrozenList else FrozenList(value)


def freeze_citations(value: list[Any]) -> CitationList:
    """Validated citations, frozen (pydantic's after-validator for citation fields)."""
    return value if type(value) is CitationList else CitationList(value)


#: Values the library writes itself, already bounded (the credit code's problems list at most a
#: few characters, identity/credit_code.py; why 第十八条/第十九条 bind a district plan, a step's
#: sanction and a plan's forms come from rules/ and plans/): quoted whole.
_LIBRARY_TEXT = frozenset({"problems", "basis", "basis_en", "sanction", "sanction_en", "forms"})


class _Quoted:
    """A template's values as quoted into its text: a missing placeholder shows as itself, and a
    long text from the input is shortened with its length (quoting.shorten; issue 10: a 10 MB
    district must not make a 10 MB explanation). The finding's facts keep the whole value."""

    __slots__ = ("_values",)

    def __init__(self, values: Mapping[str, Any]) -> None:
        self._values = values

    def __getitem__(self, key: str) -> Any:
        value = self._values.get(key, _ABSENT)
        if value is _ABSENT:
            return "{" + key + "}"
        if type(value) is str and len(value) > QUOTE_LIMIT and key not in _LIBRARY_TEXT:
            return shorten(value)
        return value


_ABSENT = object()
_LANGS = ("zh", "en")


def _fill(template: str, values: Mapping[str, Any]) -> str:
    """A template filled with its values, long input text shortened (see :class:`_Quoted`)."""
    try:
        text = template.format_map(values)  # the usual case: every value short, every placeholder given
    except (KeyError, IndexError, AttributeError, ValueError):
        return template.format_map(_Quoted(values))
    if len(text) - len(template) > QUOTE_LIMIT:  # some value may be long: quote them one by one
        return template.format_map(_Quoted(values))
    return text


class LazyText(Mapping[str, str]):
    """A text in Chinese and English, filled from its templates when first read. 按需生成的中英文说明。

    ``LazyText(("模板", "template"), values, prefix=("【推定】", "[Inference] "))``, or
    ``LazyText.of({"zh": …, "en": …})`` for a text already written. Each language is filled when
    it is first read and kept; equal to any mapping with the same two texts.
    """

    __slots__ = ("_en", "_prefix", "_templates", "_values", "_zh")

    def __init__(
        self,
        templates: tuple[str, str],
        values: Mapping[str, Any] | None = None,
        prefix: tuple[str, str] = ("", ""),
    ) -> None:
        self._templates = templates
        self._values = values
        self._prefix = prefix
        written = values is None
        self._zh: str | None = templates[0] if written else None
        self._en: str | None = templates[1] if written else None

    @classmethod
    def of(cls, texts: Mapping[str, str]) -> LazyText:
        """A text already written: ``{"zh": …, "en": …}``."""
        if len(texts) != len(_LANGS) or any(lang not in texts for lang in _LANGS):
            raise ValueError(f"expected the keys 'zh' and 'en', got {sorted(texts)}")
        return cls((texts["zh"], texts["en"]))

    @property
    def rendered(self) -> bool:
        """Whether both texts have been filled already (for tests of laziness)."""
        return self._zh is not None and self._en is not None

    def __getitem__(self, lang: str) -> str:
        # each text is one reference written once, to the same string whichever thread fills it
        if lang == "zh":
            text = self._zh
            if text is None:
                text = self._zh = self._prefix[0] + _fill(self._templates[0], self._values or {})
            return text
        if lang == "en":
            text = self._en
            if text is None:
                text = self._en = self._prefix[1] + _fill(self._templates[1], self._values or {})
            return text
        raise KeyError(lang)

    def as_dict(self) -> dict[str, str]:
        """The two texts, filled. 中英文说明。"""
        return {"zh": self["zh"], "en": self["en"]}

    def __iter__(self) -> Iterator[str]:
        return iter(_LANGS)

    def __len__(self) -> int:
        return len(_LANGS)

    def __contains__(self, lang: object) -> bool:
        return lang in _LANGS

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Mapping):
            return self.as_dict() == dict(other)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(tuple(self.as_dict().items()))

    def __repr__(self) -> str:
        return repr(self.as_dict())

    def __reduce__(self) -> tuple[Any, ...]:
        return (LazyText, (self._templates, self._values, self._prefix))

    @classmethod
    def __get_pydantic_core_schema__(cls, source: Any, handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        texts = core_schema.dict_schema(core_schema.str_schema(), core_schema.str_schema())
        return core_schema.no_info_after_validator_function(
            cls._validate,
            texts,
            serialization=core_schema.plain_serializer_function_ser_schema(cls.as_dict, return_schema=texts),
        )

    @classmethod
    def _validate(cls, value: dict[str, str]) -> LazyText:
        return cls.of(value)
