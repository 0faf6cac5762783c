"""Set-up steps shared by `manage.py setup`, the test suite and the servers tests start."""

from __future__ import annotations

from collections.abc import Callable

from django.apps import apps


def _summary(counts: dict) -> str:
    parts = []
    for table, numbers in counts.items():
        total = numbers.get("total", sum(v for v in numbers.values() if isinstance(v, int)))
        parts.append(f"{table.replace('_', ' ')} {total} ({numbers.get('created', 0)} new)")
    return ", ".join(parts)


def load_reference(*, verbose: bool = True, out: Callable[[str], None] = print) -> None:
    """Administrative units and reference data.

    Idempotent; never overwrites what administrators edited.
    """
    from khuyencong.geo.services import load_admin_units

    units = load_admin_units()
    if verbose:
        out(f"Administrative units: {_summary(units)}")
    if apps.is_installed("khuyencong.policy"):
        from khuyencong.policy.services import load_reference_data

        reference = load_reference_data()
        if verbose:
            out(f"Reference data: {_summary(reference)}")
    if apps.is_installed("khuyencong.plans"):
        from khuyencong.plans.setup import load_national_programmes

        programmes = load_national_programmes()
        if verbose:
            out(f"National programmes: {_summary({'programmes': programmes})}")
    if apps.is_installed("khuyencong.monitoring"):
        from khuyencong.monitoring.setup import load_monitoring_reference

        monitoring = load_monitoring_reference()
        if verbose:
            out(f"Monitoring: {_summary(monitoring)}")
