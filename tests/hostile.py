"""Hostile values shared by the tests of the input boundary (test_inputs.py, test_fuzz.py).

恶意取值：输入边界的测试共用。
"""

from __future__ import annotations

from pathlib import Path
from typing import Any


class Opaque:
    """An object that is not JSON and whose repr fails: a message must never need it."""

    def __repr__(self) -> str:
        raise RuntimeError("repr of an opaque object")


#: What callers have passed as ``plan`` that names no plan (issue 10): ``gr.evaluate`` refuses each
#: with an InputError naming ``plan``.
HOSTILE_PLANS: list[Any] = [
    10**100,
    10**5000,
    -1,
    0,
    2030,
    "²",
    "2026\x00",
    "\x00",
    "",
    " ",
    "２０２６",
    "2026.0",
    "\ud800",
    "a" * 5000,
    "/dev/zero",
    "/tmp",
    "./no/such/plan.yaml",
    "9" * 5000,
    True,
    None,
    3.5,
    b"2026",
    Path("/no/such/plan.yaml"),
    Opaque(),
]
