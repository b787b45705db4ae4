"""After ``os.fork()``: the child starts with its locks free and its per-process state reset.

进程分叉（fork）后，子进程中只有调用 fork 的那一个线程；其他线程在分叉时持有的锁在子进程中永远不会被释放。
本模块是全库唯一的分叉钩子：库中的锁用 :class:`ForkSafeLock`，需要在子进程中重建的状态用
:func:`after_fork_in_child` 登记。

A forked child has only the thread that called ``fork``; a lock another thread held at that moment
is held forever in the child, and the child's first evaluation deadlocks (issue 10: 26 of 30
children forked while 4 threads evaluated hung). This module is the library's one fork hook:

- every lock of the library is a :class:`ForkSafeLock`: in the child it is free again, unless the
  forking thread itself held it (then it stays held by that thread, which will release it);
- per-process state that must be rebuilt in the child (durable-rules' Host and its compiled
  rulesets, whose sessions another thread may have left half-asserted) registers a callback with
  :func:`after_fork_in_child`.

The callbacks run in the child, in the thread that forked, before ``os.fork()`` returns there.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable
from types import TracebackType

_CALLBACKS: list[Callable[[], None]] = []


class ForkSafeLock:
    """A ``threading.Lock`` that a fork does not leave held in the child. 分叉安全的锁。

    Used like ``threading.Lock`` (``with lock:``, ``acquire``, ``release``, ``locked``). Not
    reentrant.
    """

    __slots__ = ("__weakref__", "_lock", "_owner")

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._owner: int | None = None
        _LOCKS.add(self)

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        got = self._lock.acquire(blocking, timeout)
        if got:
            self._owner = threading.get_ident()
        return got

    def release(self) -> None:
        self._owner = None
        self._lock.release()

    def locked(self) -> bool:
        return self._lock.locked()

    def __enter__(self) -> bool:
        return self.acquire()

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, traceback: TracebackType | None
    ) -> None:
        self.release()

    def _renew(self) -> None:
        """In the child: a fresh lock, held only if the forking thread (the one running) held it."""
        held_by_me = self._owner == threading.get_ident() and self._lock.locked()
        self._lock = threading.Lock()
        self._owner = None
        if held_by_me:
            self.acquire()


_LOCKS: weakref.WeakSet[ForkSafeLock] = weakref.WeakSet()


def after_fork_in_child(callback: Callable[[], None]) -> Callable[[], None]:
    """Run ``callback`` in every child forked from now on (after the locks are renewed).

    Usable as a decorator; returns ``callback``. 登记子进程中要执行的重建。
    """
    _CALLBACKS.append(callback)
    return callback


def _in_child() -> None:
    for lock in list(_LOCKS):
        lock._renew()
    for callback in list(_CALLBACKS):
        callback()


if hasattr(os, "register_at_fork"):  # POSIX; where processes cannot fork there is nothing to reset
    os.register_at_fork(after_in_child=_in_child)

__all__ = ["ForkSafeLock", "after_fork_in_child"]
