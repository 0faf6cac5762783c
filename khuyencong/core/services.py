"""What every service write shares."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.db import transaction

from khuyencong.core.actor import acting_as


def write(function: Callable) -> Callable:
    """A service write: one transaction, every change attributed to the `by=` user."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        with transaction.atomic(), acting_as(kwargs["by"]):
            return function(*args, **kwargs)

    return wrapper
