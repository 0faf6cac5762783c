"""A frozen report through the download renderers of `registry.RENDERERS`, with the letterhead it
was issued under. The renderers take `(result, letterhead)`; an older one-argument renderer is
still called with the result alone."""

from __future__ import annotations

import inspect
from types import SimpleNamespace
from typing import Any

from khuyencong.reports import registry
from khuyencong.reports.data import ReportResult


def _entry(name: str, found: Any) -> Any:
    """A renderer entry as an object (name, label, content_type, extension, render), whether the
    registry stores objects or (content type, extension, function) tuples."""
    if not isinstance(found, tuple):
        return found
    content_type, extension, function = found
    return SimpleNamespace(
        name=name,
        label=name.upper(),
        content_type=content_type,
        extension=extension,
        render=function,
    )


def renderers() -> list[Any]:
    """The download renderers, in the registry's order of the download buttons."""
    registry.get("provincial")  # loads the renderers
    ordered = getattr(registry, "renderers", None)
    if ordered is not None:
        return [_entry(r.name, r) for r in ordered() if r.name != "html"]
    return [_entry(name, found) for name, found in registry.RENDERERS.items() if name != "html"]


def formats() -> list[Any]:
    """The download formats offered for a frozen report (objects with `name` and `label`)."""
    return renderers()


def letterhead_of(submission) -> Any:
    """The submission's letterhead as stored; one is rebuilt (dated the day of submission) for a
    submission stored without it."""
    try:
        from khuyencong.reports.letterhead import Letterhead, letterhead_for
    except ImportError:  # pragma: no cover - the letterhead module is not there
        return None
    if submission.letterhead:
        return Letterhead.from_dict(submission.letterhead)
    return letterhead_for(submission.submitted_by, submission.province, day=submission.submitted_on)


def build_letterhead(user, province, day) -> dict:
    try:
        from khuyencong.reports.letterhead import letterhead_for
    except ImportError:  # pragma: no cover
        return {}
    return letterhead_for(user, province, day=day).to_dict()


def complete(result: ReportResult) -> None:
    """What the report page adds to a computed result before it is shown or printed."""
    try:
        from khuyencong.reports.letterhead import add_amounts_in_words
    except ImportError:  # pragma: no cover
        return
    if hasattr(result, "amounts_in_words"):
        add_amounts_in_words(result)


def render(name: str, result: ReportResult, submission) -> tuple[bytes, str, str] | None:
    """(content, content type, extension) of the frozen report in format `name`, None when
    there is no such renderer."""
    found = next((r for r in renderers() if r.name == name), None)
    if found is None:
        return None
    if len(inspect.signature(found.render).parameters) >= 2:
        content = found.render(result, letterhead_of(submission))
    else:
        content = found.render(result)
    return content, found.content_type, found.extension
