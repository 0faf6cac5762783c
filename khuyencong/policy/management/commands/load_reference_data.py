"""`manage.py load_reference_data [--update] [--file PATH]`: load the policy reference data."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from khuyencong.policy.services import load_reference_data


class Command(BaseCommand):
    help = (
        "Load legal bases, activity contents, funding sources, kinds of establishment, "
        "indicators and support rules from khuyencong/policy/data/reference.json. Rows edited "
        "by an administrator are kept unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite rows an administrator edited with the file's values.",
        )
        parser.add_argument("--file", help="Load this JSON file instead of the bundled one.")

    def handle(self, *args, update: bool = False, file: str | None = None, **options):
        try:
            summary = load_reference_data(path=file, update=update)
        except (OSError, ValueError, KeyError, ValidationError) as exc:
            raise CommandError(f"Reference data not loaded: {exc}") from exc
        for table, counts in summary.items():
            line = ", ".join(f"{outcome} {n}" for outcome, n in counts.items())
            self.stdout.write(f"{table}: {line}")
        kept = sum(counts["kept"] for counts in summary.values())
        if kept:
            self.stdout.write(
                self.style.WARNING(
                    f"{kept} row(s) edited by an administrator were kept; use --update to "
                    "overwrite them with the file's values."
                )
            )
        self.stdout.write(self.style.SUCCESS("Reference data loaded."))
