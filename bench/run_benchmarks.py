"""Benchmarks of the pages and API at national scale, each next to its SQL floor.

Run against a database filled by `manage.py generate_national_dataset` (PostgreSQL for the
figures that count):

    DATABASE_URL=postgres://… python bench/run_benchmarks.py [--runs 15] [--write]

Each case is requested in-process through Django's test client as a signed-in user (no network,
no browser: server time only) `--runs` times after one warm-up; the median and the 95th
percentile are reported, with the median time of the bare SQL query that returns the same data
(the floor) and their ratio. `--write` appends the table to bench/RESULTS.md with the machine
and the date.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
os.environ.setdefault("KC_ENV", "development")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from khuyencong.accounts.models import User  # noqa: E402
from khuyencong.accounts.roles import Role  # noqa: E402
from khuyencong.geo.models import Province  # noqa: E402
from khuyencong.projects.models import Project  # noqa: E402
from khuyencong.projects.selectors import with_state_support  # noqa: E402
from khuyencong.registry.models import Establishment  # noqa: E402


def _user(username: str, role: str, province: Province | None) -> User:
    user, _ = User.objects.get_or_create(
        username=username, defaults={"role": role, "province": province, "is_active": True}
    )
    return user


def _timed(function: Callable[[], object], runs: int) -> list[float]:
    function()  # warm-up
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append((time.perf_counter() - started) * 1000)
    return times


def _page(client: Client, url: str) -> Callable[[], object]:
    def get():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{url}: {response.status_code}")
        return response

    return get


def cases(national: Client, provincial: Client, province: Province) -> list[tuple]:
    """(name, request, SQL floor) for every measured case."""
    project = Project.objects.filter(province=province).order_by("-pk").first()
    year = project.year if project else 2020
    first_page = lambda rows: list(with_state_support(rows).order_by("-year", "code")[:25])  # noqa: E731
    return [
        (
            "Project list, first page (national)",
            _page(national, "/projects/"),
            lambda: first_page(Project.objects.select_related("province", "activity_content")),
        ),
        (
            "Project list, filtered (province, year, programme)",
            _page(provincial, f"/projects/?year={year}&programme=local"),
            lambda: first_page(
                Project.objects.filter(province=province, year=year, programme="local")
            ),
        ),
        (
            "Project list, searched",
            _page(national, "/projects/?q=dao+tao"),
            lambda: first_page(Project.objects.filter(search_key__contains="dao tao")),
        ),
        (
            "Project detail",
            _page(provincial, f"/projects/{project.pk}/") if project else (lambda: None),
            lambda: Project.objects.filter(pk=project.pk).select_related("province").first(),
        ),
        (
            "Establishment search (select)",
            _page(national, "/registry/search/establishments/?q=gom"),
            lambda: list(Establishment.objects.filter(name_folded__contains="gom")[:30]),
        ),
        (
            "Establishment list (national)",
            _page(national, "/registry/establishments/"),
            lambda: list(Establishment.objects.order_by("name_folded")[:25]),
        ),
        (
            "API: projects list",
            _page(national, "/api/v1/projects/"),
            lambda: first_page(Project.objects.all()),
        ),
        (
            "Plans list",
            _page(national, "/plans/"),
            lambda: None,
        ),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    args = parser.parse_args()
    setup_test_environment()
    province = Province.objects.current().get(name="Hưng Yên")
    national, provincial = Client(), Client()
    national.force_login(_user("bench.national", Role.MINISTRY_OFFICER, None))
    provincial.force_login(_user("bench.province", Role.PROVINCIAL_OFFICER, province))
    rows = []
    for name, request, floor in cases(national, provincial, province):
        page = _timed(request, args.runs)
        sql = _timed(floor, args.runs)
        median, floor_median = statistics.median(page), statistics.median(sql)
        p95 = sorted(page)[max(0, round(0.95 * len(page)) - 1)]
        ratio = median / floor_median if floor_median > 0.05 else None
        rows.append((name, median, p95, floor_median, ratio))
        print(f"{name:55} median {median:8.1f} ms  p95 {p95:8.1f} ms  floor {floor_median:7.1f} ms")
    if args.write:
        _write(rows)
    return 0


def _write(rows: list[tuple]) -> None:
    counts = {
        "projects": Project.objects.count(),
        "establishments": Establishment.objects.count(),
    }
    lines = [
        "",
        f"## {datetime.date.today():%d/%m/%Y} — {connection.vendor}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
        f"Data: {counts['projects']:,} projects, {counts['establishments']:,} establishments.",
        "",
        "| Case | Median (ms) | p95 (ms) | SQL floor (ms) | Median ÷ floor |",
        "|---|---:|---:|---:|---:|",
    ]
    for name, median, p95, floor, ratio in rows:
        shown = f"{ratio:.1f}" if ratio is not None else "—"
        lines.append(f"| {name} | {median:.1f} | {p95:.1f} | {floor:.1f} | {shown} |")
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
        results.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
