"""Benchmarks of the pages and API at national scale, each next to its SQL floor.

Run against a database filled by `manage.py generate_national_dataset` (PostgreSQL for the
figures that count):

    DATABASE_URL=postgres://… python bench/run_benchmarks.py [--runs 15] [--write]
        [--only TEXT] [--skip-import] [--note TEXT]

Each case is requested in-process through Django's test client as a signed-in user (no network,
no browser: server time only, with the middleware and the templates) `--runs` times after one
warm-up; the median and the 95th percentile are reported, with the median time of the bare SQL
queries that return the same data (the floor: for a list, its first page, its count and the
totals it shows) and their ratio. `--write` appends the table to bench/RESULTS.md with the
machine, the date and the data size.

The cases: the project list (national first page, filtered, searched) and detail, the
establishment search, list and detail, the province and national annual reports (through the
report page), the data-quality page, the xlsx export of about 10.000 projects, the import of
5.000 rows (KC_BENCH_IMPORT_ROWS; dry run, then commit, whose rows are rolled back — once each,
without warm-up: they take seconds) and the re-import of as many exported rows (all unchanged), the
main API lists, the plans and inspections lists, and
the province and national dashboards when their pages exist. Exits with 1 when the data-quality
page reports a problem."""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
os.environ.setdefault("KC_ENV", "development")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Q, Sum  # noqa: E402
from django.db.models.functions import Coalesce  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from khuyencong.accounts.models import User  # noqa: E402
from khuyencong.accounts.roles import Role  # noqa: E402
from khuyencong.core.models import ChangeRecord  # noqa: E402
from khuyencong.geo.models import Province  # noqa: E402
from khuyencong.monitoring.models import FollowUp, Inspection  # noqa: E402
from khuyencong.monitoring.selectors import FOLLOW_UP_LIST_COLUMNS  # noqa: E402
from khuyencong.plans.models import Plan  # noqa: E402
from khuyencong.projects.models import BudgetLine, MoneyMovement, Project  # noqa: E402
from khuyencong.projects.selectors import with_state_support  # noqa: E402
from khuyencong.registry.models import Establishment  # noqa: E402

# Runs of the heavy cases (export, import): each takes seconds.
HEAVY_RUNS = 3
EXPORT_ROWS = 10_000
IMPORT_ROWS = int(os.environ.get("KC_BENCH_IMPORT_ROWS", "5000"))


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


def _check(response, url: str, expected: int = 200):
    if response.status_code != expected:
        raise RuntimeError(f"{url}: {response.status_code}")
    return response


def _page(client: Client, url: str) -> Callable[[], object]:
    def get():
        return _check(client.get(url), url)

    return get


def _url(name: str, *args) -> str | None:
    """The path of a named URL, or None when the page does not exist (yet)."""
    for arguments in ((), args):
        try:
            return reverse(name, args=arguments)
        except NoReverseMatch:
            continue
    return None


def _export_filter(rows: int) -> tuple[str, int]:
    """A filter of the project list (activity content, else year) selecting about `rows`
    projects nationally: its query string and how many it selects."""
    options = [
        (f"activity_content={c['activity_content']}", c["n"])
        for c in Project.objects.values("activity_content").annotate(n=Count("pk"))
    ] + [
        (f"year={c['year']}", c["n"])
        for c in Project.objects.values("year").annotate(n=Count("pk"))
    ]
    if not options:
        return "", 0
    return min(options, key=lambda option: abs(option[1] - rows))


def _import_file(client: Client, user: User, rows: int) -> tuple[bytes, int]:
    """An .xlsx of `rows` new projects: an export of the list with the system IDs and codes
    blanked and the titles changed, so every row is created (a historical list). Rows the dry run
    rejects (an export that does not read back) are removed; returns the file and their number."""
    from openpyxl import load_workbook

    from khuyencong.core.importexport.engine import run_import
    from khuyencong.core.importexport.registry import get_spec

    query, _n = _export_filter(rows * 5 // 4)
    response = _check(client.get(f"/system/export/projects/?{query}"), "export")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    headers = [cell.value for cell in sheet[1]]
    spec = get_spec("projects")
    by_key = {c.name: str(c.header) for c in spec.all_columns()}
    columns = {key: headers.index(by_key[key]) + 1 for key in ("id", "code", "title")}
    for row in range(2, sheet.max_row + 1):
        sheet.cell(row=row, column=columns["id"]).value = None
        sheet.cell(row=row, column=columns["code"]).value = None
        title = sheet.cell(row=row, column=columns["title"])
        title.value = f"{title.value} (bench)"

    def save() -> bytes:
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()

    result = run_import(spec, name="bench.xlsx", data=save(), user=user, commit=False)
    rejected = sorted({r.number for r in result.error_rows}, reverse=True)
    for number in rejected:
        sheet.delete_rows(number)
    if sheet.max_row > rows + 1:
        sheet.delete_rows(rows + 2, sheet.max_row - rows - 1)
    return save(), len(rejected)


def _upload(client: Client, data: bytes, slug: str = "projects"):
    """The dry run: the file uploaded to the import page, checked and applied, then rolled back."""
    upload = io.BytesIO(data)
    upload.name = "bench.xlsx"
    response = _check(client.post(f"/system/import/{slug}/", {"file": upload}), "import")
    result = response.context["result"]
    if result is None or not result.ok:
        problems = (
            (result.file_errors or [r.errors for r in result.error_rows[:3]]) if result else []
        )
        raise RuntimeError(f"import dry run failed: {problems}")
    return response


class _Import:
    """The import page, timed without a warm-up (each run takes seconds): the dry run alone, or
    the commit of a file whose dry run went through (untimed); the committed rows are rolled
    back, so the data set stays the same from run to run."""

    def __init__(self, client: Client, data: bytes, *, commit: bool, slug: str = "projects"):
        self.client, self.data, self.commit, self.slug = client, data, commit, slug

    def __call__(self):
        return self.measure(1)

    def measure(self, runs: int) -> list[float]:
        from django.core.files.storage import default_storage

        times = []
        for _ in range(runs):
            started = time.perf_counter()
            response = _upload(self.client, self.data, self.slug)
            token = response.context["token"]
            if self.commit:
                started = time.perf_counter()
                with transaction.atomic():
                    committed = self.client.post(
                        f"/system/import/{self.slug}/commit/", {"token": token}
                    )
                    _check(committed, "import commit", 302)
                    transaction.set_rollback(True)
            else:
                entry = self.client.session.get("pending_imports", {}).get(token)
                if entry:
                    default_storage.delete(entry["path"])
            times.append((time.perf_counter() - started) * 1000)
        return times


def _export_floor(query: str):
    """What the export of the filtered list writes, read bare: the projects' columns with the
    names of their content and provinces, then each relation (beneficiaries, today's communes,
    the districts and communes of the time) and the current amounts, one query each."""
    field, value = query.split("=")
    projects = Project.objects.filter(**{field: value})
    ids = projects.values("pk")
    columns = [
        "pk",
        "code",
        "year",
        "programme",
        "title",
        "status",
        "approval_number",
        "approved_on",
        "planned_start",
        "planned_end",
        "activity_content__code",
        "activity_content__name",
        "province__name",
        "province_then__name",
    ]

    def run():
        list(projects.order_by("pk").values_list(*columns))
        for through, related in (
            (Project.establishments.through, ["establishment__tax_code", "establishment__name"]),
            (Project.communes.through, ["commune__kind", "commune__name"]),
            (
                Project.districts_then.through,
                ["district__kind", "district__name", "district__province__name"],
            ),
            (
                Project.communes_then.through,
                [
                    "commune__kind",
                    "commune__name",
                    "commune__district__kind",
                    "commune__district__name",
                    "commune__province__name",
                ],
            ),
        ):
            list(through.objects.filter(project__in=ids).values_list("project_id", *related))
        lines = BudgetLine.objects.filter(project__in=ids)
        amount = Coalesce("revised_vnd", "approved_vnd", "proposed_vnd")
        list(lines.values_list("project_id", "source_id", amount))

    return run


def _project_api_floor():
    """What the project API list returns: 50 rows with their columns, the names of their
    province, decree and content, their state support, and the count."""
    from khuyencong.projects.api import LIST_COLUMNS

    rows = with_state_support(Project.objects.all()).order_by("-year", "code", "pk")
    list(rows.values_list("pk", "state_support_vnd", *LIST_COLUMNS)[:50])
    Project.objects.count()


def _first_page(rows):
    return list(with_state_support(rows).order_by("-year", "code")[:25])


def _project_list_floor(rows, *, whole_table: bool = False):
    """What the project list shows: the first page, the count, the state support of the whole
    filtered list and the number overdue."""
    lines = BudgetLine.objects.filter(source__is_state_budget=True)
    if not whole_table:
        lines = lines.filter(project__in=rows.values("pk"))

    def run():
        _first_page(rows.select_related("province", "activity_content"))
        rows.count()
        lines.aggregate(total=Sum(Coalesce("revised_vnd", "approved_vnd", "proposed_vnd")))
        rows.overdue().count()

    return run


def _establishment_list_floor(rows):
    """What the establishment list shows: the first page, the count and the totals."""

    def run():
        list(rows.order_by("name_folded")[:25])
        rows.count()
        rows.aggregate(
            n=Count("pk"),
            active=Count("pk", filter=Q(status="active")),
            women=Count("pk", filter=Q(women_owned=True)),
            workers=Sum("workers"),
            women_workers=Sum("women_workers"),
        )

    return run


def _counted(rows, model, link: str, name: str, **conditions):
    """`rows` with the number of `model` rows (matching `conditions`) pointing at each."""
    from django.db.models import OuterRef, Subquery

    counted = (
        model.objects.filter(**{link: OuterRef("pk")}, **conditions)
        .order_by()
        .values(link)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return rows.annotate(**{name: Subquery(counted)})


def _inspection_rows(rows):
    """Inspections with the findings and open follow-ups counted (for the rows read only)."""
    from khuyencong.monitoring.models import Finding

    rows = _counted(rows, Finding, "inspection", "finding_count")
    return _counted(rows, FollowUp, "inspection", "open_follow_ups", status="open")


def _inspection_list_floor(*, api: bool):
    """What the inspection list shows: its first page (the date, the subject's code, title and
    name, the province, the plan's year, the status and the two counts), the count and, on the
    page, the choices of its filter form (provinces, inspection plans). The API returns 50 rows
    with the ids and the version besides, and no form."""
    from khuyencong.monitoring.models import InspectionPlan

    columns = [
        "pk",
        "planned_date",
        "actual_date",
        "status",
        "plan__year",
        "province__name",
        "project__code",
        "project__title",
        "establishment__name",
        "finding_count",
        "open_follow_ups",
    ]
    if api:
        columns += ["plan", "province", "project", "establishment", "version"]
    rows = Inspection.objects.all()

    def run():
        page = _inspection_rows(rows).order_by("-planned_date", "-pk")
        list(page.values_list(*columns)[: 50 if api else 25])
        rows.count()
        if not api:
            list(Province.objects.current().order_by("name_folded").values_list("pk", "name"))
            list(
                InspectionPlan.objects.order_by("-year", "pk").values_list(
                    "pk", "title", "province__name"
                )
            )

    return run


def _follow_up_api_floor():
    """What the follow-up API list returns: 50 rows (with the inspection's province, subject and
    the owner's names) and the count."""
    columns = ["pk", *FOLLOW_UP_LIST_COLUMNS]  # the same columns, read bare

    def run():
        list(FollowUp.objects.order_by("deadline", "pk").values_list(*columns)[:50])
        FollowUp.objects.count()

    return run


def _establishment_api_floor():
    """What the establishment API list returns: 50 establishments not merged (every field it
    returns, the province's name), their yearly revenues and the count."""
    from khuyencong.registry.api import LIST_COLUMNS
    from khuyencong.registry.models import EstablishmentRevenue

    rows = Establishment.objects.filter(merged_into__isnull=True)

    def run():
        page = list(
            rows.order_by("name_folded", "pk").values_list("pk", *LIST_COLUMNS, "province__name")[
                :50
            ]
        )
        list(
            EstablishmentRevenue.objects.filter(
                establishment__in=[row[0] for row in page]
            ).values_list("establishment", "year", "amount")
        )
        rows.count()

    return run


def _plan_list_floor(*, api: bool):
    """What the plans list shows: its first page (title, programme, year, kind, province,
    projects kept, approved total, amendments, status), the count and, on the page, the
    province choices of its filter form. The API returns 50 rows with the ids, the registration
    deadline, the decision and the version besides."""
    from khuyencong.plans.models import PlanItem, PlanVersion

    columns = [
        "pk",
        "title",
        "programme__name",
        "year",
        "kind",
        "province__name",
        "approved_total_vnd",
        "status",
        "project_count",
        "version_count",
    ]
    if api:
        columns += [
            "province",
            "programme",
            "registration_deadline",
            "decision_number",
            "decision_date",
            "version",
        ]

    def run():
        rows = _counted(Plan.objects.all(), PlanItem, "plan", "project_count", is_selected=True)
        rows = _counted(rows, PlanVersion, "plan", "version_count")
        page = rows.order_by("-year", "province__name_folded", "kind")
        list(page.values_list(*columns)[: 50 if api else 25])
        Plan.objects.count()
        if not api:
            list(Province.objects.current().order_by("name_folded").values_list("pk", "name"))

    return run


def _report_floor(projects, lines):
    """What an annual report reads: projects by status and content, money by source."""

    def run():
        list(projects.values("status").annotate(n=Count("pk")))
        list(projects.values("activity_content").annotate(n=Count("pk")))
        list(lines.values("source").annotate(total=Sum(Coalesce("revised_vnd", "approved_vnd"))))

    return run


def _national_floor(year: int):
    def run():
        list(Project.objects.filter(year=year).values("province").annotate(n=Count("pk")))
        list(
            BudgetLine.objects.filter(project__year=year)
            .values("project__province")
            .annotate(total=Sum(Coalesce("revised_vnd", "approved_vnd")))
        )

    return run


def _cached_import_file(client: Client, user: User) -> bytes:
    """The import file, made once per database and data size (making it takes a dry run)."""
    name = f"{connection.settings_dict['NAME']}-{Project.objects.count()}-{IMPORT_ROWS}"
    path = Path(tempfile.gettempdir()) / f"kc-bench-import-{Path(name).name}.xlsx"
    if path.exists():
        return path.read_bytes()
    data, rejected = _import_file(client, user, IMPORT_ROWS)
    if rejected:
        print(f"import file: {rejected} exported rows the dry run rejects were left out")
    path.write_bytes(data)
    return data


def _cached_reimport_file(client: Client, slug: str = "projects") -> bytes:
    """An export of the list as it is (system IDs and codes kept), `IMPORT_ROWS` rows: what an
    officer re-imports after correcting a few cells; here every row is unchanged."""
    from openpyxl import load_workbook

    name = f"{connection.settings_dict['NAME']}-{Project.objects.count()}-{IMPORT_ROWS}"
    path = Path(tempfile.gettempdir()) / f"kc-bench-reimport-{slug}-{Path(name).name}.xlsx"
    if path.exists():
        return path.read_bytes()
    query = _export_filter(IMPORT_ROWS * 5 // 4)[0] if slug == "projects" else ""
    response = _check(client.get(f"/system/export/{slug}/?{query}"), "export")
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    if sheet.max_row > IMPORT_ROWS + 1:
        sheet.delete_rows(IMPORT_ROWS + 2, sheet.max_row - IMPORT_ROWS - 1)
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return buffer.getvalue()


def cases(
    clients: dict[str, Client], users: dict[str, User], province: Province, *, imports: bool
) -> list[tuple]:
    """(name, request, SQL floor, runs or None) for every measured case."""
    national, provincial, editor = clients["national"], clients["provincial"], clients["editor"]
    project = Project.objects.filter(province=province).order_by("-pk").first()
    year = project.year if project else 2020
    report_year = Project.objects.order_by("-year").values_list("year", flat=True).first() or year
    report_year = max(report_year - 1, 2006)
    in_province = Project.objects.filter(province=province, year=report_year)
    export_query, export_rows = _export_filter(EXPORT_ROWS)
    establishment = Establishment.objects.filter(province=province).order_by("-pk").first()
    found = [
        (
            "Project list, first page (national)",
            _page(national, "/projects/"),
            _project_list_floor(Project.objects.all(), whole_table=True),
            None,
        ),
        (
            "Project list, filtered (province, year, programme)",
            _page(provincial, f"/projects/?year={year}&programme=local"),
            _project_list_floor(
                Project.objects.filter(province=province, year=year, programme="local")
            ),
            None,
        ),
        (
            "Project list, searched",
            _page(national, "/projects/?q=dao+tao"),
            _project_list_floor(
                Project.objects.filter(search_key__contains="dao").filter(
                    search_key__contains="tao"
                )
            ),
            None,
        ),
        (
            "Project detail",
            _page(provincial, f"/projects/{project.pk}/") if project else (lambda: None),
            lambda: Project.objects.filter(pk=project.pk).select_related("province").first(),
            None,
        ),
        (
            "Establishment search (select)",
            _page(national, "/registry/search/establishments/?q=gom"),
            lambda: list(Establishment.objects.filter(name_folded__contains="gom")[:30]),
            None,
        ),
        (
            "Establishment list (national)",
            _page(national, "/registry/establishments/"),
            _establishment_list_floor(Establishment.objects.filter(merged_into__isnull=True)),
            None,
        ),
        (
            "Establishment list, searched",
            _page(national, "/registry/establishments/?q=gom+su"),
            _establishment_list_floor(
                Establishment.objects.filter(merged_into__isnull=True)
                .filter(name_folded__contains="gom")
                .filter(name_folded__contains="su")
            ),
            None,
        ),
        (
            "Establishment detail",
            _page(provincial, f"/registry/establishments/{establishment.pk}/")
            if establishment
            else (lambda: None),
            lambda: Establishment.objects.filter(pk=establishment.pk).first(),
            None,
        ),
        (
            f"Province annual report ({province.name}, {report_year})",
            _page(
                provincial,
                f"/reports/provincial/?period=year&year={report_year}&province={province.pk}",
            ),
            _report_floor(in_province, BudgetLine.objects.filter(project__in=in_province)),
            None,
        ),
        (
            f"National annual report, by content (whole country, {report_year})",
            _page(national, f"/reports/provincial/?period=year&year={report_year}"),
            _report_floor(
                Project.objects.filter(year=report_year),
                BudgetLine.objects.filter(project__year=report_year),
            ),
            None,
        ),
        (
            f"National summary by province ({report_year})",
            _page(national, f"/reports/national-summary/?period=year&year={report_year}"),
            _national_floor(report_year),
            None,
        ),
        (
            "Data-quality page (national)",
            _page(national, "/reports/data-quality/"),
            None,
            None,
        ),
        (
            f"Export xlsx, {export_rows:,} projects",
            _page(national, f"/system/export/projects/?{export_query}"),
            _export_floor(export_query) if export_query else None,
            HEAVY_RUNS,
        ),
    ]
    if imports:
        data = _cached_import_file(editor, users["editor"])
        rows = _rows_in(data)
        found += [
            (f"Import {rows:,} rows, dry run", _Import(editor, data, commit=False), None, 1),
            (f"Import {rows:,} rows, commit", _Import(editor, data, commit=True), None, 1),
        ]
        again = _cached_reimport_file(editor)
        found.append(
            (
                f"Import {_rows_in(again):,} exported rows again (unchanged), dry run",
                _Import(editor, again, commit=False),
                None,
                1,
            )
        )
        establishments = _cached_reimport_file(editor, "establishments")
        found.append(
            (
                f"Import {_rows_in(establishments):,} exported establishments again "
                "(unchanged), dry run",
                _Import(editor, establishments, commit=False, slug="establishments"),
                None,
                1,
            )
        )
    api = [
        ("projects", _project_api_floor),
        ("establishments", _establishment_api_floor()),
        ("plans", _plan_list_floor(api=True)),
        ("inspections", _inspection_list_floor(api=True)),
        ("follow-ups", _follow_up_api_floor()),
    ]
    for name, floor in api:
        found.append((f"API: {name} list", _page(national, f"/api/v1/{name}/"), floor, None))
    found += [
        ("Plans list", _page(national, "/plans/"), _plan_list_floor(api=False), None),
        (
            "Inspections list (national)",
            _page(national, "/monitoring/inspections/"),
            _inspection_list_floor(api=False),
            None,
        ),
    ]
    # The dashboards, when they exist.
    for name, label, client in (
        ("dashboards:province", f"Province dashboard ({province.name})", provincial),
        ("dashboards:national", "National dashboard", national),
    ):
        url = _url(name, province.pk)
        if url is not None:
            found.append((label, _page(client, url), None, None))
    return found


def _rows_in(data: bytes) -> int:
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data), read_only=True).worksheets[0].max_row - 1


def quality_errors(user: User) -> dict[str, int]:
    """The problems the data-quality page reports on the whole country (must all be 0)."""
    from khuyencong.reports import quality

    return {problem.key: problem.count for problem in quality.problems(user) if problem.count}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument(
        "--only", default="", help="measure only the cases whose name contains this text"
    )
    parser.add_argument(
        "--skip-import", action="store_true", help="leave out the import cases (minutes each)"
    )
    parser.add_argument("--note", default="", help="a line written under the table")
    args = parser.parse_args()
    setup_test_environment()
    province = Province.objects.current().get(name="Hưng Yên")
    users = {
        "national": _user("bench.national", Role.MINISTRY_OFFICER, None),
        "provincial": _user("bench.province", Role.PROVINCIAL_OFFICER, province),
        "editor": _user("bench.admin", Role.ADMIN, None),
    }
    clients = {}
    for key, user in users.items():
        clients[key] = Client()
        clients[key].force_login(user)
    errors = quality_errors(users["national"])
    print(f"data-quality problems: {errors or 'none'}")
    rows = []
    for name, request, floor, runs in cases(
        clients,
        users,
        province,
        imports=not args.skip_import and (not args.only or "import" in args.only.lower()),
    ):
        if args.only and args.only.lower() not in name.lower():
            continue
        runs = min(runs or args.runs, args.runs)
        page = request.measure(runs) if hasattr(request, "measure") else _timed(request, runs)
        sql = _timed(floor, runs) if floor is not None else []
        median = statistics.median(page)
        floor_median = statistics.median(sql) if sql else None
        p95 = sorted(page)[max(0, round(0.95 * len(page)) - 1)]
        ratio = median / floor_median if floor_median and floor_median > 0.05 else None
        rows.append((name, median, p95, floor_median, ratio, runs))
        print(
            f"{name:60} median {median:8.1f} ms  p95 {p95:8.1f} ms  floor "
            f"{floor_median or 0:7.1f} ms"
            f"  ({runs} runs)",
            flush=True,
        )
    if args.write:
        _write(rows, errors, args.note)
    return 1 if errors else 0


def _write(rows: list[tuple], errors: dict[str, int], note: str) -> None:
    counts = {
        "projects": Project.objects.count(),
        "establishments": Establishment.objects.count(),
        "budget lines": BudgetLine.objects.count(),
        "transactions": MoneyMovement.objects.count(),
        "inspections": Inspection.objects.count(),
        "annual plans": Plan.objects.count(),
        "change-log rows": ChangeRecord.objects.count(),
    }
    lines = [
        "",
        f"## {timezone.localtime():%d/%m/%Y %H:%M} ({timezone.get_current_timezone_name()}) — "
        f"{connection.vendor}, {platform.machine()}, "
        f"{os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
        "Data: " + ", ".join(f"{n:,} {table}" for table, n in counts.items()) + ".",
        f"Data-quality page: {errors or 'no problems'}.",
        "",
        "| Case | Runs | Median (ms) | p95 (ms) | SQL floor (ms) | Median ÷ floor |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, median, p95, floor, ratio, runs in rows:
        shown = f"{ratio:.1f}" if ratio is not None else "—"
        at_floor = f"{floor:.1f}" if floor is not None else "—"
        lines.append(f"| {name} | {runs} | {median:.1f} | {p95:.1f} | {at_floor} | {shown} |")
    if note:
        lines += ["", note]
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
        results.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
