"""Lookups remembered for the length of one import.

A file of thousands of rows names the same provinces, contents, places and establishments again
and again; the lookups that read them wrap their work in `remembered(key, compute)`, which inside
`lookups_remembered()` (opened by the import engine around a run) computes each key once, the
errors a lookup raises included. Outside an import every call computes afresh. Reference data
(units, contents, decrees) and the establishments an import reads do not change during a run.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import TypeVar

T = TypeVar("T")

_memo: ContextVar[dict[Hashable, object] | None] = ContextVar("import_lookups", default=None)


class _Raised:
    def __init__(self, error: Exception) -> None:
        self.error = error


@contextmanager
def lookups_remembered() -> Iterator[None]:
    """Remember the lookups made inside the block (nested blocks share the outer memory)."""
    if _memo.get() is not None:
        yield
        return
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def remembering() -> bool:
    return _memo.get() is not None


def remembered(key: Hashable, compute: Callable[[], T], *, errors: tuple = ()) -> T:
    """`compute()` once per key inside `lookups_remembered`; an exception of `errors` is
    remembered too and raised again for the same key."""
    memo = _memo.get()
    if memo is None:
        return compute()
    if key in memo:
        value = memo[key]
        if isinstance(value, _Raised):
            raise value.error
        return value  # type: ignore[return-value]
    try:
        value = compute()
    except errors as error:
        memo[key] = _Raised(error)
        raise
    memo[key] = value
    return value


def remember(key: Hashable, value: object) -> None:
    """Keep `value` under `key` for the rest of the import (nothing outside one)."""
    memo = _memo.get()
    if memo is not None:
        memo[key] = value


def recall(key: Hashable) -> object | None:
    """What `remember` kept under `key` in this import, or None."""
    memo = _memo.get()
    value = memo.get(key) if memo is not None else None
    return None if isinstance(value, _Raised) else value
