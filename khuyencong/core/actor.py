"""Who is acting right now: set per request by ActorMiddleware, or by services and commands."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Actor:
    user: Any = None
    request_id: uuid.UUID = field(default_factory=uuid.uuid4)


_current: ContextVar[Actor | None] = ContextVar("khuyencong_actor", default=None)


def current_actor() -> Actor | None:
    return _current.get()


@contextmanager
def acting_as(user: Any) -> Iterator[Actor]:
    """Attribute every change made inside the block to `user` (one request id for the block).

    A service called inside a request keeps the request's id so its changes group together.
    """
    outer = _current.get()
    if (
        outer is not None
        and outer.user is not None
        and getattr(outer.user, "pk", None) == getattr(user, "pk", None)
    ):
        yield outer
        return
    actor = Actor(user=user, request_id=outer.request_id if outer else uuid.uuid4())
    token = _current.set(actor)
    try:
        yield actor
    finally:
        _current.reset(token)
