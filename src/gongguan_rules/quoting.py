"""Quoting what a user gave, only as big as it needs to be. 引用用户提供的值时加以截短。

A message, an error line or an explanation that quotes a value quotes it whole when it is short,
and shortened with its length when it is long: a 10 MB field never makes a 10 MB message. The
value itself (in facts, records and exports) is never shortened.
"""

from __future__ import annotations

#: The longest value quoted whole, in characters.
QUOTE_LIMIT = 120


def shorten(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` if it has at most ``limit`` characters, else its head and tail with its length.

    >>> shorten("甲" * 300, 20)
    '甲甲甲甲甲甲甲甲甲甲…甲甲甲甲甲（共 300 字符 / 300 characters）'
    """
    if len(text) <= limit:
        return text
    head = limit // 2
    tail = limit // 4
    return f"{text[:head]}…{text[-tail:]}（共 {len(text)} 字符 / {len(text)} characters）"


def quote(value: object, limit: int = QUOTE_LIMIT) -> str:
    """``repr(value)`` shortened like :func:`shorten`: for error lines that quote a bad value."""
    if isinstance(value, str):
        if len(value) <= limit:
            return repr(value)
        return repr(shorten(value, limit))
    if isinstance(value, int) and value.bit_length() > 4 * limit:  # repr() refuses huge integers
        return f"（{value.bit_length()} 位二进制的整数 / an integer of {value.bit_length()} bits）"
    text = repr(value)
    return shorten(text, limit)


def printable(text: str, limit: int = QUOTE_LIMIT) -> str:
    """``text`` shortened, with any lone surrogate written as its escape (``\\ud800``), so that a
    message quoting it can always be encoded, printed and stored."""
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return shorten(text, limit)
