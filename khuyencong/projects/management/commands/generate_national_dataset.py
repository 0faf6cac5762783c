"""manage.py generate_national_dataset [--seed N] [--establishments N] [--projects N]
                                      [--inspections N]

A realistic national data set for benchmarks (see `projects.dataset`). The defaults are the
full scale of the national-scale issue: 60.000 establishments, 100.000 projects over
2006-2025 in every province and 20.000 inspections.

On PostgreSQL the tables' statistics are gathered at the end (ANALYZE), as after any bulk load:
without them the planner guesses the sizes of freshly filled tables until autovacuum (off on
some servers) gets to them, and the benchmarks would measure its guesses.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection

from khuyencong.projects.dataset import Sizes, generate


class Command(BaseCommand):
    help = (
        "Generate a realistic national data set (establishments, projects, money, inspections, "
        "history)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--establishments", type=int, default=Sizes.establishments)
        parser.add_argument("--projects", type=int, default=Sizes.projects)
        parser.add_argument("--inspections", type=int, default=Sizes.inspections)
        parser.add_argument("--first-year", type=int, default=Sizes.first_year)
        parser.add_argument("--last-year", type=int, default=Sizes.last_year)

    def handle(self, *args, **options):
        started = time.monotonic()
        sizes = Sizes(
            establishments=options["establishments"],
            projects=options["projects"],
            inspections=options["inspections"],
            first_year=options["first_year"],
            last_year=options["last_year"],
        )
        counts = generate(seed=options["seed"], sizes=sizes, out=self.stdout.write)
        for table, n in sorted(counts.items()):
            self.stdout.write(f"  {table}: {n}")
        if connection.vendor == "postgresql":
            analysed = time.monotonic()
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(
                f"Statistics gathered (ANALYZE) in {time.monotonic() - analysed:.1f} s."
            )
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
