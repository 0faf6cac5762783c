"""manage.py generate_national_dataset [--seed N] [--establishments N] [--projects N]
                                      [--inspections N]

A realistic national data set for benchmarks (see `projects.dataset`). The defaults are the
full scale of the national-scale issue: 60.000 establishments, 100.000 projects over
2006-2025 in every province and 20.000 inspections.
"""

import time

from django.core.management.base import BaseCommand

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
        self.stdout.write(f"Done in {time.monotonic() - started:.1f} s.")
