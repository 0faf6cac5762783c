"""Apps register their ImportSpec here (in AppConfig.ready); the generic views look them up."""

from __future__ import annotations

from django.http import Http404

from khuyencong.core.importexport.spec import ImportSpec

_SPECS: dict[str, ImportSpec] = {}


def register(spec: ImportSpec) -> ImportSpec:
    _SPECS[spec.slug] = spec
    return spec


def get_spec(slug: str) -> ImportSpec:
    try:
        return _SPECS[slug]
    except KeyError as exc:
        raise Http404 from exc
