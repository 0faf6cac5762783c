"""Cards that other modules add to a record's detail page, so that a page does not import the
modules built on top of it (the project page shows monitoring's inspections this way).

A module registers, in its AppConfig.ready(), a template and a function giving that template's
context for (user, record); the page renders every card registered for its model.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import Model


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any, Model], dict]
    order: int = 100


_PANELS: dict[type[Model], list[Panel]] = {}


def register_panel(model: type[Model], panel: Panel) -> None:
    panels = _PANELS.setdefault(model, [])
    if panel not in panels:
        panels.append(panel)
        panels.sort(key=lambda p: p.order)


def panels_for(user: Any, instance: Model) -> list[dict]:
    """[{"template": …, **context}] for every card registered for the record's model."""
    return [
        {"template": panel.template, **panel.context(user, instance)}
        for panel in _PANELS.get(type(instance), [])
    ]
