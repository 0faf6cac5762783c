"""A realistic national data set for benchmarks: establishments and twenty years of projects in
every province, with budgets, transactions, outputs, the provinces' yearly inspection plans and
their inspections (findings, follow-ups), and the history rows of all of them.

Written with bulk inserts (signals and `save()` are bypassed, so every computed column —
search keys, folded names — is filled here, and the change log gets one "created" row per
record). Records of before 1/7/2025 are on the units of their time (old province, district and
commune) and mapped to today's; later ones on today's communes. Deterministic for a seed.
"""

from __future__ import annotations

import datetime
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

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
from khuyencong.policy.models import ActivityContent, EstablishmentKind, FundingSource, Indicator
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


@transaction.atomic
def generate(*, seed: int = 1, sizes: Sizes | None = None, out=print) -> dict[str, int]:
    """Create the data set (on top of what is there). Returns how many rows of each table."""
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
            for establishment in rng.sample(
                by_province[project.province_id],
                k=min(rng.randint(1, 3), len(by_province[project.province_id])),
            ):
                beneficiaries.append(
                    Project.establishments.through(
                        project_id=project.pk, establishment_id=establishment.pk
                    )
                )
        low, high = CONTENT_MIX[number][2]
        state = rng.randint(low, high) * 1_000_000
        state_source = sources["national" if national else "local"]
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

    _inspections(rng, sizes, projects, plans, counts, out)
    return dict(counts.rows)


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
