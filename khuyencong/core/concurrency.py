"""No lost updates: a write names the version it was based on; a stale one is refused."""

from __future__ import annotations

from django.db.models import F, Model
from django.utils.translation import gettext_lazy as _


class StaleVersionError(Exception):
    message = _(
        "Someone else saved this record after you opened it. Reload the page to see their "
        "changes, then make yours again."
    )


def claim_version(instance: Model, expected_version: int) -> None:
    """Atomically move `instance` from `expected_version` to the next one, or raise.

    Call inside the write's transaction, before saving the new values.
    """
    updated = (
        type(instance)
        ._default_manager.filter(pk=instance.pk, version=expected_version)
        .update(version=F("version") + 1)
    )
    if updated != 1:
        raise StaleVersionError(StaleVersionError.message)
    instance.version = expected_version + 1
