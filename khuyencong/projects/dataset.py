"""A realistic national data set for benchmarks: establishments and twenty years of projects in
every province, with budgets, transactions, outputs, the provinces' annual plans that hold the
projects (with their programmes, versions and tranches), the yearly inspection plans and their
inspections (findings, follow-ups), and the history rows of all of them.

Written with bulk inserts (signals and `save()` are bypassed, so every computed column —
search keys, folded names — is filled here, and the change log gets one "created" row per
record). Records of before 1/7/2025 are on the units of their time (old province, district and
commune) and mapped to today's; later ones on today's communes. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import gc
import math
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Value
from django.utils import timezone

from khuyencong.core.history import _province_id as province_of
from khuyencong.core.models import ChangeRecord
from khuyencong.core.text import fold
from khuyencong.geo.models import Commune, CommuneSuccession, District, Province
from khuyencong.monitoring.models import (
    Finding,
    FollowUp,
    FollowUpStatus,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Severity,
)
from khuyencong.plans.models import (
    Allocation,
    AllocationLine,
    Plan,
    PlanItem,
    PlanStatus,
    PlanVersion,
    Programme,
    ProgrammeTarget,
)
from khuyencong.policy.models import ActivityContent, EstablishmentKind, FundingSource, Indicator
from khuyencong.policy.models import Programme as ProgrammeKind
from khuyencong.projects.importexport.columns import unit_name
from khuyencong.projects.models import (
    BudgetLine,
    MoneyMovement,
    Project,
    ProjectOutput,
    ProjectSequence,
    Status,
)
from khuyencong.projects.services import DEFAULT_CODE_FORMAT, PROGRAMME_CODES
from khuyencong.registry.models import Establishment, name_key

REFORM = datetime.date(2025, 7, 1)
BATCH = 2000

# Content (by number in its decree) -> (weight, indicator, typical state support in million VND).
CONTENT_MIX = {
    1: (30, "trainees", (40, 150)),
    2: (15, "management_participants", (20, 80)),
    3: (30, "machinery_establishments", (100, 300)),
    4: (12, "fair_participations", (30, 120)),
    5: (5, "publications", (30, 80)),
    6: (3, "industrial_clusters", (200, 800)),
    7: (3, "cleaner_production_assessments", (50, 150)),
    8: (1, "fairs_overseas", (100, 300)),
    9: (1, "extension_staff_trained", (20, 60)),
}
TRADES = [
    "Mây tre đan",
    "Gốm sứ",
    "Dệt may",
    "Thêu ren",
    "Chế biến nông sản",
    "Cơ khí nhỏ",
    "Đồ gỗ mỹ nghệ",
    "Vật liệu xây dựng",
    "Chế biến thủy sản",
    "Sơn mài",
    "Đúc đồng",
]
FORMS = ["Công ty TNHH", "Hợp tác xã", "Hộ kinh doanh", "Công ty cổ phần", "Tổ hợp tác"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô"]
GIVEN = ["An", "Bình", "Cường", "Dung", "Giang", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Lan", "Minh"]


@dataclass
class Sizes:
    establishments: int = 60_000
    projects: int = 100_000
    inspections: int = 20_000
    first_year: int = 2006
    last_year: int = 2025


@dataclass
class Counts:
    rows: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def add(self, name: str, n: int) -> None:
        self.rows[name] += n


@dataclass
class _Place:
    province: Province  # today's
    province_then: Province | None
    district_then: District | None
    commune_then: Commune | None
    commune: Commune | None  # today's


class _Geography:
    """The units a record can sit on, before and after the reform, loaded once."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.current = list(Province.objects.current().order_by("code"))
        successors = dict(
            CommuneSuccession.objects.filter(is_default=True).values_list("old_id", "new_id")
        )
        communes_now = {c.pk: c for c in Commune.objects.current()}
        self.now_by_province: dict[int, list[Commune]] = defaultdict(list)
        for commune in communes_now.values():
            self.now_by_province[commune.province_id].append(commune)
        self.old_by_new_province: dict[int, list[Commune]] = defaultdict(list)
        old_provinces = {
            p.pk: p for p in Province.objects.before_reform().select_related("succession")
        }
        self.old_provinces = old_provinces
        self.successor_of = {}
        for commune in Commune.objects.before_reform().select_related("district"):
            new_id = successors.get(commune.pk)
            old_province = old_provinces.get(commune.province_id)
            if new_id is None or old_province is None or new_id not in communes_now:
                continue
            self.successor_of[commune.pk] = communes_now[new_id]
            self.old_by_new_province[old_province.succession.new_id].append(commune)

    def place(self, province: Province, day: datetime.date) -> _Place:
        if day < REFORM and self.old_by_new_province.get(province.pk):
            then = self.rng.choice(self.old_by_new_province[province.pk])
            return _Place(
                province=province,
                province_then=self.old_provinces[then.province_id],
                district_then=then.district if then.district_id else None,
                commune_then=then,
                commune=self.successor_of[then.pk],
            )
        commune = self.rng.choice(self.now_by_province[province.pk])
        return _Place(province, None, None, None, commune)


@dataclass
class _Facts:
    """What the annual plans repeat of each project (by id), noted while its rows are made."""

    money: dict[int, dict[str, int]] = field(default_factory=dict)  # source code -> VND
    beneficiaries: dict[int, str] = field(default_factory=dict)  # as a plan version lists them
    outputs: dict[int, tuple[Indicator, int]] = field(default_factory=dict)  # and its target


def _bulk(model, rows: list, counts: Counts) -> list:
    created = []
    for start in range(0, len(rows), BATCH):
        created += model.objects.bulk_create(rows[start : start + BATCH], batch_size=BATCH)
    counts.add(model._meta.label, len(rows))
    return created


def _history(model, objects: list, counts: Counts) -> None:
    """One "created" change-log row per record (bulk inserts do not reach the signals)."""
    content_type = ContentType.objects.get_for_model(model)
    records = []
    for obj in objects:
        province_id = province_of(obj)
        records.append(
            ChangeRecord(
                content_type=content_type,
                object_id=obj.pk,
                object_repr=str(obj)[:300],
                action=ChangeRecord.Action.CREATE,
                changes={},
                province_id=province_id,
                user_label="generate_national_dataset",
            )
        )
    _bulk(ChangeRecord, records, counts)


def _basis_code(day: datetime.date) -> str:
    if day < datetime.date(2012, 7, 10):
        return "nd-134-2004"
    if day < datetime.date(2025, 10, 15):
        return "nd-45-2012"
    return "nd-235-2025"


def generate(*, seed: int = 1, sizes: Sizes | None = None, out=print) -> dict[str, int]:
    """Create the data set (on top of what is there). Returns how many rows of each table.

    Python's cycle collector is paused meanwhile: the run keeps about a million model instances
    alive (none in reference cycles to free), which each of its full passes would walk again —
    a third of the run's time at full scale."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _generate(seed=seed, sizes=sizes, out=out)
    finally:
        if collecting:
            gc.enable()


@transaction.atomic
def _generate(*, seed: int, sizes: Sizes | None, out) -> dict[str, int]:
    sizes = sizes or Sizes()
    started = time.monotonic()
    report = out

    def out(message: str) -> None:
        report(f"{message} ({time.monotonic() - started:.0f} s)")

    rng = random.Random(seed)
    counts = Counts()
    geography = _Geography(rng)
    provinces = geography.current
    kinds = list(EstablishmentKind.objects.order_by("order"))
    sources = {s.code: s for s in FundingSource.objects.all()}
    indicators = {i.code: i for i in Indicator.objects.all()}
    contents: dict[str, dict[int, ActivityContent]] = defaultdict(dict)
    for content in ActivityContent.objects.select_related("legal_basis"):
        number = content.code.split("-")[-1]
        if number.isdigit():
            contents[content.legal_basis.code][int(number)] = content
    bases = {
        code: next(iter(by_number.values())).legal_basis for code, by_number in contents.items()
    }

    # Establishments, over the years (older ones on the units of their time).
    establishments = []
    tax_serial = 10_000_000 + seed * 1_000_000
    for index in range(sizes.establishments):
        province = provinces[index % len(provinces)]
        since = datetime.date(rng.randint(sizes.first_year, sizes.last_year), 1, 1)
        place = geography.place(province, since)
        trade = rng.choice(TRADES)
        name = f"{rng.choice(FORMS)} {trade} {rng.choice(GIVEN)} {index}"
        female = rng.random() < 0.3
        tax_serial += 1
        workers = rng.randint(3, 120)
        establishments.append(
            Establishment(
                name=name,
                name_folded=fold(name),
                name_key=name_key(name),
                kind=rng.choice(kinds),
                tax_code=f"{tax_serial:010d}"[-10:],
                commune=place.commune,
                province=province,
                commune_then=place.commune_then,
                district_then=place.district_then,
                province_then=place.province_then,
                sector="handicrafts",
                main_products=trade,
                representative=f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}",
                representative_gender="female" if female else "male",
                women_owned=female,
                workers=workers,
                women_workers=rng.randint(0, workers),
            )
        )
    establishments = _bulk(Establishment, establishments, counts)
    _history(Establishment, establishments, counts)
    by_province: dict[int, list[Establishment]] = defaultdict(list)
    for establishment in establishments:
        by_province[establishment.province_id].append(establishment)
    out(f"establishments: {len(establishments)}")

    # Projects: years spread evenly, content by its weight, money in its usual range.
    numbers = list(CONTENT_MIX)
    weights = [CONTENT_MIX[n][0] for n in numbers]
    sequence: dict[tuple[int, int], int] = defaultdict(int)
    for row in ProjectSequence.objects.all():
        sequence[(row.province_id, row.year)] = row.last
    pattern = getattr(settings, "KC_PROJECT_CODE_FORMAT", "") or DEFAULT_CODE_FORMAT
    projects, plans = [], []
    years = list(range(sizes.first_year, sizes.last_year + 1))
    for index in range(sizes.projects):
        # Every province gets projects in every year (not a province on every other year).
        province = provinces[index % len(provinces)]
        year = years[(index // len(provinces)) % len(years)]
        national = rng.random() < 0.25
        approved_on = datetime.date(year, rng.randint(2, 6), rng.randint(1, 28))
        basis = _basis_code(approved_on)
        number = rng.choices(numbers, weights)[0]
        content = contents[basis].get(number) or contents[basis][1]
        place = geography.place(province, approved_on)
        sequence[(province.pk, year)] += 1
        code = pattern.format(
            programme=PROGRAMME_CODES["national" if national else "local"],
            province=province.code,
            year=year,
            number=sequence[(province.pk, year)],
        )
        title = f"{content.name[:120]} — {province.name} {index}"
        last = year == sizes.last_year
        status = rng.choices(
            [Status.CLOSED, Status.SETTLED, Status.CANCELLED, Status.IN_PROGRESS, Status.APPROVED],
            [70, 10, 3, 12, 5] if last else [90, 5, 5, 0, 0],
        )[0]
        projects.append(
            Project(
                code=code,
                title=title,
                search_key=fold(f"{code} {title}")[:600],
                programme="national" if national else "local",
                year=year,
                province=province,
                province_then=place.province_then,
                legal_basis=bases[basis],
                activity_content=content,
                planned_start=approved_on + datetime.timedelta(days=15),
                planned_end=datetime.date(year, 11, 30),
                status=status,
                approval_number=f"{index % 900 + 100}/QĐ",
                approved_on=approved_on,
                is_historical=approved_on < REFORM,
                acceptance_number="NT" if status in (Status.CLOSED, Status.SETTLED) else "",
                acceptance_date=datetime.date(year, 12, 10)
                if status in (Status.CLOSED, Status.SETTLED)
                else None,
                settlement_number="QT" if status in (Status.CLOSED, Status.SETTLED) else "",
            )
        )
        plans.append((place, number, national, status))
    projects = _bulk(Project, projects, counts)
    _history(Project, projects, counts)
    ProjectSequence.objects.bulk_create(
        [ProjectSequence(province_id=p, year=y, last=n) for (p, y), n in sequence.items()],
        update_conflicts=True,
        unique_fields=["province", "year"],
        update_fields=["last"],
    )
    out(f"projects: {len(projects)}")

    # Places, beneficiaries, money, transactions and outputs of each project.
    communes_m2m, districts_m2m, communes_then_m2m, beneficiaries = [], [], [], []
    lines, movements, outputs = [], [], []
    Through = Project.communes.through
    facts = _Facts()
    for project, (place, number, national, status) in zip(projects, plans, strict=True):
        if place.commune is not None:
            communes_m2m.append(Through(project_id=project.pk, commune_id=place.commune.pk))
        if place.district_then is not None:
            districts_m2m.append(
                Project.districts_then.through(
                    project_id=project.pk, district_id=place.district_then.pk
                )
            )
        if place.commune_then is not None:
            communes_then_m2m.append(
                Project.communes_then.through(
                    project_id=project.pk, commune_id=place.commune_then.pk
                )
            )
        if number in (1, 3, 4, 7) and by_province[project.province_id]:
            chosen = rng.sample(
                by_province[project.province_id],
                k=min(rng.randint(1, 3), len(by_province[project.province_id])),
            )
            for establishment in chosen:
                beneficiaries.append(
                    Project.establishments.through(
                        project_id=project.pk, establishment_id=establishment.pk
                    )
                )
            facts.beneficiaries[project.pk] = "; ".join(
                e.name for e in sorted(chosen, key=lambda e: (e.name_folded, e.pk))
            )
        low, high = CONTENT_MIX[number][2]
        state = rng.randint(low, high) * 1_000_000
        state_source = sources["national" if national else "local"]
        facts.money[project.pk] = {state_source.code: state}
        lines.append(
            BudgetLine(
                project=project,
                source=state_source,
                proposed_vnd=state,
                approved_vnd=state,
                settled_vnd=state if status in (Status.CLOSED, Status.SETTLED) else None,
            )
        )
        if number in (3, 6, 7):
            counterpart = state * rng.randint(1, 3)
            facts.money[project.pk][sources["counterpart"].code] = counterpart
            lines.append(
                BudgetLine(
                    project=project,
                    source=sources["counterpart"],
                    proposed_vnd=counterpart,
                    approved_vnd=counterpart,
                    settled_vnd=counterpart if status in (Status.CLOSED, Status.SETTLED) else None,
                )
            )
        if status in (Status.CLOSED, Status.SETTLED, Status.IN_PROGRESS):
            advance = state // 2
            movements.append(
                MoneyMovement(
                    project=project,
                    source=state_source,
                    kind=MoneyMovement.Kind.ADVANCE,
                    date=project.approved_on + datetime.timedelta(days=30),
                    document_number=f"UNC-{project.pk}-1",
                    amount_vnd=advance,
                )
            )
            if status != Status.IN_PROGRESS:
                movements.append(
                    MoneyMovement(
                        project=project,
                        source=state_source,
                        kind=MoneyMovement.Kind.SETTLEMENT,
                        date=datetime.date(project.year, 12, 20),
                        document_number=f"UNC-{project.pk}-2",
                        amount_vnd=state - advance,
                    )
                )
        indicator = indicators[CONTENT_MIX[number][1]]
        target = rng.randint(1, 60) if indicator.unit == "người" else rng.randint(1, 5)
        facts.outputs[project.pk] = (indicator, target)
        outputs.append(
            ProjectOutput(
                project=project,
                indicator=indicator,
                target=target,
                actual=target if status in (Status.CLOSED, Status.SETTLED) else None,
            )
        )
    for model, rows in (
        (Through, communes_m2m),
        (Project.districts_then.through, districts_m2m),
        (Project.communes_then.through, communes_then_m2m),
        (Project.establishments.through, beneficiaries),
    ):
        for start in range(0, len(rows), BATCH):
            model.objects.bulk_create(rows[start : start + BATCH])
        counts.add(model._meta.label, len(rows))
    lines = _bulk(BudgetLine, lines, counts)
    movements = _bulk(MoneyMovement, movements, counts)
    outputs = _bulk(ProjectOutput, outputs, counts)
    for model, objects in ((BudgetLine, lines), (MoneyMovement, movements)):
        _history(model, objects, counts)
    _history(ProjectOutput, outputs, counts)
    out(f"budget lines: {len(lines)}, transactions: {len(movements)}, outputs: {len(outputs)}")

    # The annual plans get a generator of their own, so that the rest of the data set stays
    # what it was for a seed.
    _plans(random.Random(f"plans-{seed}"), sizes, projects, plans, facts, geography, counts, out)
    _inspections(rng, sizes, projects, plans, counts, out)
    return dict(counts.rows)


PHASE_YEARS = 5
PLAN_TITLES = {
    ProgrammeKind.LOCAL: "Kế hoạch khuyến công địa phương năm {year} — {province}",
    ProgrammeKind.NATIONAL: "Kế hoạch kinh phí khuyến công quốc gia năm {year} — {province}",
}
S = PlanStatus
# The tranches (allocation decisions) are recorded for the plans of the last five years only:
# older plans come from the archive with their decisions and lists of projects. A line per
# project and source, with its change-log row, for every year would add a tenth to the run.
ALLOCATED_YEARS = 5
STATE_CODES = ("national", "local")  # what a plan decision approves (plans.versions.state_total)


def _phase(year: int) -> tuple[int, int]:
    """The five-year phase of a year: 2006-2010, …, 2021-2025, 2026-2030."""
    start = year - (year - 1) % PHASE_YEARS
    return start, start + PHASE_YEARS - 1


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _then(unit: District | Commune, province_names: dict[int, str]) -> str:
    """`importexport.columns.describe_then`, without a query for the unit's province."""
    parts = [unit_name(unit)]
    if isinstance(unit, Commune) and unit.district_id:
        parts.append(unit_name(unit.district))
    parts.append(province_names[unit.province_id])
    return ", ".join(parts)


def _version_row(project: Project, place: _Place, facts: _Facts, province_names) -> dict:
    """A project as a plan version holds it (`plans.versions.snapshot`)."""
    places = [unit_name(place.commune)] if place.commune is not None else []
    places += [_then(u, province_names) for u in (place.district_then, place.commune_then) if u]
    return {
        "project": project.pk,
        "code": project.code,
        "title": project.title,
        "content": project.activity_content.code,
        "lead_unit": "",
        "beneficiaries": facts.beneficiaries.get(project.pk, ""),
        "places": "; ".join(places),
        "schedule": f"{project.planned_start:%d/%m/%Y} - {project.planned_end:%d/%m/%Y}",
        "amounts": facts.money.get(project.pk, {}),
    }


def _version_data(rows: list[dict], source_names: dict[str, str]) -> tuple[dict, int]:
    rows = sorted(rows, key=lambda row: row["code"])
    codes = {code for row in rows for code in row["amounts"]}
    total = sum(row["amounts"].get(code, 0) for row in rows for code in STATE_CODES)
    data = {"items": rows, "sources": {code: source_names[code] for code in sorted(codes)}}
    return data, total


def _plans(rng, sizes: Sizes, projects: list, details: list, facts: _Facts, geography, counts, out):
    """The annual plans the projects were approved in: for each province, year and programme
    kind with projects, one plan (the province's local plan, approved by its People's
    Committee, or its national-fund plan, approved by the ministry) holding them all, under the
    programme of its phase (the province's local programme, created here, or the national one
    when there is one). Every plan is approved (version 1, in January, before its projects'
    own decisions); a plan with cancelled projects was amended once (version 2, without them:
    their items stay, left out), unless that would leave it empty; part of the last year's
    plans are preparing an amendment. In the last five years the approved state money goes out
    in one or two tranches (projects approved before April, then the others). Plans already
    there (same province, year and kind) are left alone, and their projects stay out of any
    plan. The totals are those of `plans.versions.snapshot`, so that every reconciliation holds.
    """
    if not projects:
        return
    today = timezone.localdate()
    groups: dict[tuple[int, int, str], list[tuple[Project, _Place, str]]] = defaultdict(list)
    for project, (place, _number, _national, status) in zip(projects, details, strict=True):
        groups[(project.province_id, project.year, project.programme)].append(
            (project, place, status)
        )
    existing = set(Plan.objects.values_list("province_id", "year", "kind"))
    groups = {key: rows for key, rows in sorted(groups.items()) if key not in existing}
    provinces = {p.pk: p for p in geography.current}
    province_names = dict(Province.objects.values_list("pk", "name"))
    sources = {s.code: s for s in FundingSource.objects.all()}
    source_names = {code: source.name for code, source in sources.items()}
    due = settings.KC_REPORT_DUE_DATES

    # The programmes of the phases: the national ones as loaded; the provinces' made here.
    programmes = list(Programme.objects.all())

    def programme_of(kind: str, province_id: int, year: int) -> Programme | None:
        owner = province_id if kind == ProgrammeKind.LOCAL else None
        found = [
            p
            for p in programmes
            if p.kind == kind and p.province_id == owner and p.start_year <= year <= p.end_year
        ]
        return max(found, key=lambda p: (p.start_year, p.pk or 0), default=None)

    new_programmes, planned = [], defaultdict(lambda: defaultdict(int))
    for (province_id, year, kind), rows in groups.items():
        if kind != ProgrammeKind.LOCAL:
            continue
        programme = programme_of(kind, province_id, year)
        if programme is None:
            start, end = _phase(year)
            where = _lower_first(provinces[province_id].full_name)
            programme = Programme(
                kind=ProgrammeKind.LOCAL,
                name=f"Chương trình khuyến công {where} giai đoạn {start} - {end}",
                province=provinces[province_id],
                start_year=start,
                end_year=end,
                approved_by=f"UBND {where}",
                decision_number=f"{rng.randint(100, 3999)}/QĐ-UBND",
                decision_date=min(datetime.date(start - 1, 12, rng.randint(1, 28)), today),
            )
            programmes.append(programme)
            new_programmes.append(programme)
        if programme.pk is None:
            for project, _place, _status in rows:
                if project.pk in facts.outputs:
                    indicator, target = facts.outputs[project.pk]
                    planned[id(programme)][indicator] += target
    new_programmes = _bulk(Programme, new_programmes, counts)
    _history(Programme, new_programmes, counts)
    # Each phase's targets: a little above what its projects planned.
    targets = [
        ProgrammeTarget(
            programme=programme,
            indicator=indicator,
            target=Decimal(math.ceil(total * rng.uniform(1.0, 1.2))),
        )
        for programme in new_programmes
        for indicator, total in sorted(
            planned[id(programme)].items(), key=lambda pair: pair[0].order
        )
    ]
    targets = _bulk(ProgrammeTarget, targets, counts)
    _history(ProgrammeTarget, targets, counts)

    # The plans, approved in January (never after their first project's own decision).
    plans = []
    for (province_id, year, kind), rows in groups.items():
        province = provinces[province_id]
        national = kind == ProgrammeKind.NATIONAL
        where = _lower_first(province.full_name)
        first_decision = min(project.approved_on for project, _place, _status in rows)
        decided = min(
            datetime.date(year, 1, rng.randint(5, 25)),
            first_decision - datetime.timedelta(days=1),
        )
        amending = year == sizes.last_year and rng.random() < 0.2
        plans.append(
            Plan(
                kind=kind,
                year=year,
                province=province,
                programme=programme_of(kind, province_id, year),
                title=PLAN_TITLES[kind].format(year=year, province=province.name),
                status=PlanStatus.AMENDING if amending else PlanStatus.APPROVED,
                registration_deadline=datetime.date(year - 1, 7 if national else 10, 31),
                mid_year_report_due=datetime.date(year, *due["half"]),
                year_end_report_due=datetime.date(year, *due["year"]),
                approved_by="Bộ Công Thương" if national else f"UBND {where}",
                decision_number=f"{rng.randint(10, 3999)}/QĐ-" + ("BCT" if national else "UBND"),
                decision_date=decided,
            )
        )
    # Items first: an item created after the latest version would be removed if the amendment
    # being prepared were dropped (`plans.versions.restore_latest`).
    items, versions, allocations, events = [], [], [], []
    tranche_projects: list[list[Project]] = []
    for plan, rows in zip(plans, groups.values(), strict=True):
        # Cancelled projects are taken out by an amendment, unless none would remain (a plan
        # keeps at least one project): then the plan stays as approved.
        cancelled = {p.pk for p, _place, status in rows if status == Status.CANCELLED}
        if len(cancelled) == len(rows):
            cancelled = set()
        kept = [(p, place) for p, place, _status in rows if p.pk not in cancelled]
        dropped = [p for p, _place, _status in rows if p.pk in cancelled]
        for project, _place, _status in rows:
            items.append(
                PlanItem(
                    plan=plan,
                    project=project,
                    year=plan.year,
                    is_selected=project.pk not in cancelled,
                )
            )
        all_rows = {p.pk: _version_row(p, place, facts, province_names) for p, place, _s in rows}
        data, total = _version_data(list(all_rows.values()), source_names)
        versions.append(
            PlanVersion(
                plan=plan,
                number=1,
                decision_number=plan.decision_number,
                decision_date=plan.decision_date,
                total_vnd=total,
                data=data,
            )
        )
        approve = "approve_national" if plan.is_national else "approve"
        events += [
            (
                plan,
                "plan.consolidated",
                _moved("close_registration", S.REGISTRATION, S.CONSOLIDATED),
                "",
            ),
            (plan, "plan.submitted", _moved("submit", S.CONSOLIDATED, S.SUBMITTED), ""),
            (
                plan,
                "plan.approved",
                {
                    "transition": approve,
                    "approved_by": ["", plan.approved_by],
                    "approved_total_vnd": [None, total],
                    "decision_date": [None, plan.decision_date.isoformat()],
                    "decision_number": ["", plan.decision_number],
                    "status": [S.SUBMITTED.value, S.APPROVED.value],
                },
                "",
            ),
        ]
        plan.approved_total_vnd = total
        if dropped:
            reason = (
                f"Đưa ra khỏi kế hoạch {len(dropped)} đề án không thực hiện được: "
                + ", ".join(p.code for p in dropped[:5])
                + (", …" if len(dropped) > 5 else "")
                + "."
            )
            amended_on = max(
                plan.decision_date + datetime.timedelta(days=1),
                min(datetime.date(plan.year, rng.randint(7, 10), rng.randint(1, 28)), today),
            )
            amendment = f"{rng.randint(10, 3999)}/QĐ-" + ("BCT" if plan.is_national else "UBND")
            data, amended_total = _version_data([all_rows[p.pk] for p, _ in kept], source_names)
            versions.append(
                PlanVersion(
                    plan=plan,
                    number=2,
                    decision_number=amendment,
                    decision_date=amended_on,
                    reason=reason,
                    total_vnd=amended_total,
                    data=data,
                )
            )
            events += [
                (
                    plan,
                    "plan.amendment_started",
                    _moved("start_amendment", S.APPROVED, S.AMENDING),
                    reason,
                ),
                (
                    plan,
                    "plan.amended",
                    {
                        "transition": "approve_amendment_national"
                        if plan.is_national
                        else "approve_amendment",
                        "approved_total_vnd": [total, amended_total],
                        "status": [S.AMENDING.value, S.APPROVED.value],
                        "decision_number": amendment,
                        "decision_date": amended_on.isoformat(),
                    },
                    reason,
                ),
            ]
            plan.approved_total_vnd = amended_total
        if plan.status == PlanStatus.AMENDING:
            events.append(
                (
                    plan,
                    "plan.amendment_started",
                    _moved("start_amendment", S.APPROVED, S.AMENDING),
                    "Điều chỉnh kinh phí, tiến độ thực hiện.",
                )
            )
        # Tranches: the projects approved before April, then the others (none to a cancelled one).
        if plan.year <= sizes.last_year - ALLOCATED_YEARS:
            continue
        funded = [p for p, _place, status in rows if status != Status.CANCELLED]
        early = [p for p in funded if p.approved_on < datetime.date(plan.year, 4, 1)]
        late = [p for p in funded if p.approved_on >= datetime.date(plan.year, 4, 1)]
        days = (
            plan.decision_date + datetime.timedelta(days=rng.randint(10, 25)),
            datetime.date(plan.year, 4, rng.randint(1, 28)),
        )
        number = 0
        for group, day in zip((early, late), days, strict=True):
            if not group:
                continue
            number += 1
            allocations.append(
                Allocation(
                    plan=plan,
                    number=number,
                    decision_number=f"{rng.randint(10, 999)}/QĐ-"
                    + ("BCT" if plan.is_national else "SCT"),
                    decision_date=max(plan.decision_date, min(day, today)),
                    note=f"Phân bổ kinh phí đợt {number}.",
                )
            )
            tranche_projects.append(group)
    plans = _bulk(Plan, plans, counts)
    _history(Plan, plans, counts)
    items = _bulk(PlanItem, items, counts)
    _history(PlanItem, items, counts)
    # A version holds its projects as JSON (~0,5 kB each). PostgreSQL's bulk insert passes each
    # column as one array, whose text psycopg escapes character by character: a total given as
    # an expression makes Django insert plain rows (VALUES) instead, two to three times faster.
    # Batches of 200 keep a query to a few megabytes.
    for version in versions:
        version.total_vnd = Value(version.total_vnd)
    PlanVersion.objects.bulk_create(versions, batch_size=200)
    counts.add(PlanVersion._meta.label, len(versions))
    _events(Plan, events, counts)
    allocations = _bulk(Allocation, allocations, counts)
    _history(Allocation, allocations, counts)
    lines = [
        AllocationLine(
            allocation=allocation,
            project=project,
            source=sources[code],
            amount_vnd=amount,
        )
        for allocation, group in zip(allocations, tranche_projects, strict=True)
        for project in group
        for code, amount in facts.money.get(project.pk, {}).items()
        if code in STATE_CODES and amount > 0
    ]
    lines = _bulk(AllocationLine, lines, counts)
    _history(AllocationLine, lines, counts)
    out(
        f"programmes: {len(new_programmes)}, plans: {len(plans)}, plan items: {len(items)}, "
        f"versions: {len(versions)}, tranches: {len(allocations)}, allocations: {len(lines)}"
    )


def _moved(transition: str, before: PlanStatus, after: PlanStatus) -> dict:
    """An event's data for a move that changed nothing but the status."""
    return {"transition": transition, "status": [before.value, after.value]}


def _events(model, events: list[tuple], counts: Counts) -> None:
    """Named events (`plan.approved`, …) as the workflow records them: (object, event, data,
    note) each."""
    content_type = ContentType.objects.get_for_model(model)
    _bulk(
        ChangeRecord,
        [
            ChangeRecord(
                content_type=content_type,
                object_id=obj.pk,
                object_repr=str(obj)[:300],
                action=ChangeRecord.Action.EVENT,
                event=event,
                changes=data,
                note=note,
                province_id=province_of(obj),
                user_label="generate_national_dataset",
            )
            for obj, event, data, note in events
        ],
        counts,
    )


FINDINGS = {
    Severity.LOW: "Hồ sơ chứng từ chưa đầy đủ, cần bổ sung.",
    Severity.MEDIUM: "Thiết bị hỗ trợ chưa vận hành hết công suất.",
    Severity.HIGH: "Chậm tiến độ so với quyết định phê duyệt.",
}


def _inspections(rng, sizes: Sizes, projects: list, plans: list, counts: Counts, out) -> None:
    """The yearly inspection plan of each province and `sizes.inspections` visits to projects
    (with one of their beneficiaries, when they have some) — done in past years, some cancelled,
    the last year's partly still planned — with findings and follow-ups for part of them."""
    if not projects or sizes.inspections <= 0:
        return
    beneficiaries: dict[int, int] = {}
    for project_id, establishment_id in Project.establishments.through.objects.filter(
        project__in=[p.pk for p in projects]
    ).values_list("project_id", "establishment_id"):
        beneficiaries.setdefault(project_id, establishment_id)
    establishment_names = dict(
        Establishment.objects.filter(pk__in=set(beneficiaries.values())).values_list("pk", "name")
    )
    candidates = [
        (project, status)
        for project, (_place, _number, _national, status) in zip(projects, plans, strict=True)
        if status not in (Status.CANCELLED,)
    ]
    chosen = rng.sample(candidates, k=min(sizes.inspections, len(candidates)))
    chosen.sort(key=lambda pair: pair[0].pk)

    inspection_plans = {}
    for project, _status in chosen:
        key = (project.province_id, project.year)
        if key not in inspection_plans:
            inspection_plans[key] = InspectionPlan(
                province_id=project.province_id,
                year=project.year,
                title=f"Kế hoạch kiểm tra, giám sát khuyến công năm {project.year}",
                decision_number=f"{rng.randint(10, 999)}/QĐ-SCT",
                decision_date=datetime.date(project.year, 3, 1),
            )
    existing = set(InspectionPlan.objects.values_list("province_id", "year"))
    new_plans = [plan for key, plan in inspection_plans.items() if key not in existing]
    new_plans = _bulk(InspectionPlan, new_plans, counts)
    _history(InspectionPlan, new_plans, counts)
    plan_ids = {
        (province_id, year): pk
        for pk, province_id, year in InspectionPlan.objects.values_list("pk", "province", "year")
    }

    inspections = []
    for project, status in chosen:
        planned = datetime.date(project.year, rng.randint(7, 11), rng.randint(1, 28))
        last = project.year == sizes.last_year
        if last and status in (Status.APPROVED, Status.IN_PROGRESS):
            state = InspectionStatus.PLANNED
        else:
            state = rng.choices(
                [InspectionStatus.DONE, InspectionStatus.CANCELLED],
                [95, 5] if not last else [85, 5],
            )[0]
        establishment_id = beneficiaries.get(project.pk) if rng.random() < 0.6 else None
        label = str(project)
        if establishment_id is not None:
            label += " · " + establishment_names[establishment_id]
        done = state == InspectionStatus.DONE
        inspections.append(
            Inspection(
                plan_id=plan_ids[(project.province_id, project.year)]
                if rng.random() < 0.85
                else None,
                province_id=project.province_id,
                project=project,
                establishment_id=establishment_id,
                team_members=f"{rng.choice(FAMILY)} {rng.choice(GIVEN)} (Sở Công Thương)",
                planned_date=planned,
                actual_date=planned + datetime.timedelta(days=rng.randint(0, 10)) if done else None,
                status=state,
                summary="Dự án thực hiện đúng nội dung phê duyệt." if done else "",
                cancel_reason="Dự án đã kết thúc trước ngày kiểm tra."
                if state == InspectionStatus.CANCELLED
                else "",
                search_key=fold(label)[:600],
            )
        )
    inspections = _bulk(Inspection, inspections, counts)
    _history(Inspection, inspections, counts)

    findings, follow_ups = [], []
    for inspection in inspections:
        if inspection.status != InspectionStatus.DONE or rng.random() > 0.3:
            continue
        severity = rng.choices(list(FINDINGS), [60, 30, 10])[0]
        findings.append(Finding(inspection=inspection, severity=severity, text=FINDINGS[severity]))
    findings = _bulk(Finding, findings, counts)
    for finding in findings:
        if finding.severity == Severity.LOW:
            continue
        visit = finding.inspection.actual_date
        closed = finding.inspection.planned_date.year < sizes.last_year
        follow_ups.append(
            FollowUp(
                inspection=finding.inspection,
                finding=finding,
                action="Khắc phục tồn tại và báo cáo Sở Công Thương.",
                owner_name="Đơn vị thực hiện dự án",
                deadline=visit + datetime.timedelta(days=30),
                status=FollowUpStatus.CLOSED if closed else FollowUpStatus.OPEN,
                done_on=visit + datetime.timedelta(days=25) if closed else None,
                closed_on=visit + datetime.timedelta(days=28) if closed else None,
                closing_note="Đã khắc phục." if closed else "",
            )
        )
    follow_ups = _bulk(FollowUp, follow_ups, counts)
    for model, objects in ((Finding, findings), (FollowUp, follow_ups)):
        _history(model, objects, counts)
    out(
        f"inspection plans: {len(new_plans)}, inspections: {len(inspections)}, "
        f"findings: {len(findings)}, follow-ups: {len(follow_ups)}"
    )
