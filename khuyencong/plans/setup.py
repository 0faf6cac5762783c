"""Seeding the national programmes (a phase each) with their targets, from `data/programmes.json`.

Idempotent: a programme already there (same phase) is left as administrators keep it.
"""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from khuyencong.plans.models import Programme, ProgrammeTarget
from khuyencong.policy.models import Indicator, LegalBasis
from khuyencong.policy.models import Programme as ProgrammeKind

DATA_FILE = Path(__file__).resolve().parent / "data" / "programmes.json"


@transaction.atomic
def load_national_programmes(path: Path | None = None) -> dict[str, int]:
    data = json.loads((path or DATA_FILE).read_text(encoding="utf-8"))
    counts = {"created": 0, "unchanged": 0}
    for row in data["programmes"]:
        exists = Programme.objects.filter(
            kind=ProgrammeKind.NATIONAL, start_year=row["start_year"], end_year=row["end_year"]
        ).exists()
        if exists:
            counts["unchanged"] += 1
            continue
        programme = Programme.objects.create(
            kind=ProgrammeKind.NATIONAL,
            name=row["name"],
            start_year=row["start_year"],
            end_year=row["end_year"],
            approved_by=row["approved_by"],
            decision_number=row["decision_number"],
            decision_date=datetime.date.fromisoformat(row["decision_date"]),
            legal_basis=LegalBasis.objects.filter(code=row.get("legal_basis")).first(),
            note=row.get("note", ""),
        )
        for code, target in row["targets"].items():
            ProgrammeTarget.objects.create(
                programme=programme,
                indicator=Indicator.objects.get(code=code),
                target=Decimal(target),
            )
        counts["created"] += 1
    return counts
