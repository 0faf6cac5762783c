"""Projects in and out of Excel/CSV: historical project lists (one row per project) and the export
of any filtered list, which re-imports with no change.

A new row becomes a *historical* project: it is created through `services.project_create` (every
rule of a project applies) and its money, status and approval are then written as the list says,
without driving it through the life cycle (`record_historical`). A row naming an existing project
(system ID or code) updates it: a historical project as the list says, a live one through
`services.project_update` / `services.budget_save`, whose status and approval only its life cycle
changes.

The cells that depend on other cells (the activity content on the date, the places in the
province, the beneficiaries of the province) are read once the whole row is known, so the order
of the columns does not matter.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.accounts.roles import Action
from khuyencong.core.actor import acting_as
from khuyencong.core.concurrency import claim_version
from khuyencong.core.history import record_event
from khuyencong.core.importexport.columns import (
    CellError,
    ChoiceColumn,
    Column,
    DateColumn,
    IntegerColumn,
    TextColumn,
)
from khuyencong.core.importexport.places import find_commune
from khuyencong.core.importexport.spec import ImportSpec
from khuyencong.core.scope import restrict
from khuyencong.core.text import fold
from khuyencong.geo.models import REFORM_DATE, Commune, District, Province
from khuyencong.geo.selectors import current_province_for, find_units
from khuyencong.policy.models import ActivityContent, FundingSource, LegalBasis, Programme
from khuyencong.policy.selectors import funding_sources, legal_basis_for_projects_on
from khuyencong.projects import services
from khuyencong.projects.filters import ProjectFilter
from khuyencong.projects.models import BudgetLine, MoneyMovement, Project, Status

IMPORTED_EVENT = "project.imported"

# The states a project of an earlier list may be recorded in (it is not driven to them).
HISTORICAL_STATUSES = (
    Status.APPROVED,
    Status.IN_PROGRESS,
    Status.SUSPENDED,
    Status.ACCEPTED,
    Status.SETTLED,
    Status.CLOSED,
    Status.REJECTED,
    Status.CANCELLED,
)

# Other ways lists write the programme and the status (matched ignoring case and diacritics).
PROGRAMME_WORDS = {
    Programme.LOCAL: (
        "Địa phương",
        "Khuyến công địa phương",
        "Chương trình địa phương",
        "Chương trình khuyến công địa phương",
        "KCĐP",
        "ĐP",
    ),
    Programme.NATIONAL: (
        "Quốc gia",
        "Khuyến công quốc gia",
        "Chương trình quốc gia",
        "Chương trình khuyến công quốc gia",
        "KCQG",
        "QG",
    ),
}
STATUS_WORDS = {
    Status.APPROVED: ("Đã phê duyệt", "Được phê duyệt", "Phê duyệt"),
    Status.IN_PROGRESS: ("Đang thực hiện", "Đang triển khai"),
    Status.SUSPENDED: ("Tạm dừng", "Tạm ngừng"),
    Status.ACCEPTED: ("Đã nghiệm thu", "Nghiệm thu"),
    Status.SETTLED: ("Đã quyết toán", "Quyết toán"),
    Status.CLOSED: ("Đã kết thúc", "Kết thúc", "Hoàn thành", "Đã hoàn thành", "Đã đóng"),
    Status.REJECTED: ("Không phê duyệt", "Bị từ chối", "Từ chối"),
    Status.CANCELLED: ("Đã hủy", "Hủy", "Huỷ", "Đã huỷ"),
}

# Official prefixes of the units, as the names are written in Vietnamese documents (the labels of
# the kinds follow the page's language; an exported file must read back the same in any).
DISTRICT_PREFIXES = {
    District.Kind.RURAL_DISTRICT: "Huyện",
    District.Kind.URBAN_DISTRICT: "Quận",
    District.Kind.TOWN: "Thị xã",
    District.Kind.CITY: "Thành phố",
    District.Kind.SPECIAL: "Huyện",
}
DISTRICT_WORDS = ("huyen ", "quan ", "thi xa ", "thanh pho ", "h. ", "q. ", "tx ", "tx. ", "tp ")
COMMUNE_PREFIXES = {
    Commune.Kind.COMMUNE: "Xã",
    Commune.Kind.WARD: "Phường",
    Commune.Kind.TOWNLET: "Thị trấn",
    Commune.Kind.SPECIAL_ZONE: "Đặc khu",
}

# Service errors on fields that the file shows in another column.
FIELD_COLUMNS = {
    "communes": "places",
    "districts_then": "places",
    "communes_then": "places",
    "province_then": "province",
    "legal_basis": "activity_content",
}


def _day(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def unit_name(unit: Province | District | Commune) -> str:
    """A unit as written in Vietnamese documents: "Huyện Tiên Lãng", "Xã Tân Hưng"."""
    if isinstance(unit, Province):
        return unit.name
    prefixes = DISTRICT_PREFIXES if isinstance(unit, District) else COMMUNE_PREFIXES
    prefix = prefixes.get(unit.kind, "")
    return f"{prefix} {unit.name}".strip()


def describe_then(unit: District | Commune) -> str:
    """An old unit with what contained it: "Xã Lật Dương, Huyện Tiên Lãng, Hải Phòng"."""
    parts = [unit_name(unit)]
    if isinstance(unit, Commune) and unit.district_id:
        parts.append(unit_name(unit.district))
    parts.append(unit.province.name)
    return ", ".join(parts)


def _places_of(project: Project) -> str:
    names = [unit_name(c) for c in project.communes.all()]
    names += [describe_then(d) for d in project.districts_then.all()]
    names += [describe_then(c) for c in project.communes_then.all()]
    return "; ".join(names)


def _beneficiaries_of(project: Project) -> str:
    return "; ".join(e.tax_code or e.name for e in project.establishments.all())


def _lines_of(project: Project) -> dict[int, BudgetLine]:
    return {line.source_id: line for line in project.budget_lines.all()}


def _parts(text: str) -> list[str]:
    return [part.strip() for part in (text or "").split(";") if part.strip()]


# --- columns ----------------------------------------------------------------------------------


@dataclass
class WordChoiceColumn(ChoiceColumn):
    """A choice written as its code, its label in Vietnamese or English, or a common synonym."""

    words: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def _lookup(self) -> dict[str, str]:
        table = super()._lookup()
        for language in ("vi", "en"):
            with translation.override(language):
                for code, label in self.choices:
                    table[fold(str(label))] = code
        for code, words in self.words.items():
            for word in words:
                table[fold(word)] = code
        return table


@dataclass
class AmountColumn(IntegerColumn):
    """Whole đồng of one funding source; empty: no money from it."""

    minimum: int | None = None

    def parse(self, raw: Any, row: dict[str, Any]) -> int:
        value = super().parse(raw, row)
        if value < 0:
            raise CellError(
                _(
                    "An amount cannot be negative (%(value)s): write the money in whole đồng, "
                    "e.g. 50.000.000."
                )
                % {"value": raw}
            )
        return value


def amount_column(source: FundingSource) -> AmountColumn:
    def current(project: Project, source_id: int = source.pk) -> int | None:
        line = _lines_of(project).get(source_id)
        return line.current_vnd if line is not None else None

    return AmountColumn(
        f"amount_{source.code}",
        source.name,
        aliases=tuple(a for a in (source.code, source.name_en) if a),
        source=current,
        help=gettext_lazy("Whole đồng, e.g. 60.000.000; empty: no money from this source."),
        example="60.000.000",
    )


def static_columns() -> list[Column]:
    return [
        TextColumn(
            "code",
            gettext_lazy("Project code"),
            max_length=40,
            aliases=("Mã đề án",),
            help=gettext_lazy(
                "The code the system gave the project. Leave empty for a new project; keep it "
                "to update that project."
            ),
            example="DP-31-2006-001",
        ),
        IntegerColumn(
            "year",
            gettext_lazy("Year"),
            required=True,
            minimum=1900,
            maximum=2100,
            aliases=("Năm kế hoạch",),
            example="2006",
        ),
        WordChoiceColumn(
            "programme",
            gettext_lazy("Programme"),
            required=True,
            choices=Programme.choices,
            words=PROGRAMME_WORDS,
            aliases=("Chương trình",),
            help=gettext_lazy("Local (Địa phương) or national (Quốc gia)."),
            example="Địa phương",
        ),
        TextColumn(
            "activity_content",
            gettext_lazy("Activity content"),
            required=True,
            max_length=600,
            aliases=("Nội dung", "Nội dung hoạt động", "Nội dung khuyến công"),
            source=lambda p: str(p.activity_content),
            help=gettext_lazy(
                "Code (e.g. 235-1, or 134-1 for a project under Decree 134/2004) or exact name "
                "of a content of the decree in force on the approval date (else on 1 July of "
                "the year)."
            ),
            example="134-1",
        ),
        TextColumn(
            "title",
            gettext_lazy("Project title"),
            required=True,
            max_length=500,
            aliases=("Tên đề án", "Tên đề án, nhiệm vụ", "Trích yếu"),
            example="Đào tạo nghề thêu ren móc chỉ",
        ),
        TextColumn(
            "establishments",
            gettext_lazy("Beneficiaries"),
            max_length=4000,
            aliases=("Cơ sở thụ hưởng", "Đơn vị thụ hưởng", "Cơ sở được hỗ trợ"),
            source=_beneficiaries_of,
            help=gettext_lazy(
                "Tax code or exact name of establishments of the province, separated by “;”."
            ),
            example="0200111222; HTX làng nghề chiếu cói Lật Dương",
        ),
        TextColumn(
            "places",
            gettext_lazy("Places"),
            max_length=4000,
            aliases=("Địa điểm", "Địa bàn", "Địa điểm thực hiện"),
            source=_places_of,
            help=gettext_lazy(
                "Separated by “;”: today's communes (Xã Tân Hưng), or for old projects the "
                "districts and communes before 1/7/2025 (Huyện Tiên Lãng; Xã Lật Dương, Huyện "
                "Tiên Lãng)."
            ),
            example="Huyện Tiên Lãng",
        ),
        TextColumn(
            "province",
            gettext_lazy("Province"),
            max_length=120,
            aliases=("Tỉnh", "Tỉnh, thành phố"),
            source=lambda p: (p.province_then or p.province).name,
            help=gettext_lazy(
                "Empty: your province. For old projects the province of the time may be "
                "written (Thái Bình is read as today's Hưng Yên and kept as recorded)."
            ),
            example="Thành phố Hải Phòng",
        ),
    ]


def record_columns() -> list[Column]:
    return [
        WordChoiceColumn(
            "status",
            gettext_lazy("Status"),
            choices=Status.choices,
            words=STATUS_WORDS,
            aliases=("Tình trạng",),
            help=gettext_lazy(
                "Where the project stands: for an old project usually Closed, Approved or In "
                "progress."
            ),
            example="Đã kết thúc",
        ),
        TextColumn(
            "approval_number",
            gettext_lazy("Approval decision number"),
            max_length=60,
            aliases=("Số quyết định phê duyệt", "Số QĐ phê duyệt"),
            example="341/UBND-CN",
        ),
        DateColumn(
            "approved_on",
            gettext_lazy("Approval date"),
            aliases=("Ngày phê duyệt", "Ngày quyết định phê duyệt"),
            example="16/06/2006",
        ),
        DateColumn(
            "planned_start",
            gettext_lazy("Planned start"),
            aliases=("Ngày bắt đầu", "Bắt đầu dự kiến"),
        ),
        DateColumn(
            "planned_end",
            gettext_lazy("Planned end"),
            aliases=("Ngày kết thúc", "Kết thúc dự kiến"),
        ),
    ]


# --- reading a row ----------------------------------------------------------------------------


@dataclass
class ProjectRow:
    """A row read against the database: what to write and how to compare."""

    historical: bool
    day: datetime.date | None
    basis: LegalBasis | None
    fields: dict[str, Any] = field(default_factory=dict)
    amounts: dict[FundingSource, int | None] = field(default_factory=dict)
    record: dict[str, Any] = field(default_factory=dict)


def _add(errors: dict[str, list[str]], key: str, message: str) -> None:
    errors.setdefault(key, []).append(message)


def _valid_on(unit, day: datetime.date) -> bool:
    return (unit.valid_from is None or unit.valid_from <= day) and (
        unit.valid_to is None or day <= unit.valid_to
    )


def find_province_then(
    text: str, *, day: datetime.date | None, historical: bool
) -> tuple[Province, Province | None] | None:
    """Today's province named by `text` and, for a historical row, the province as recorded
    then: a name of before 1/7/2025 on an earlier date ("Thành phố Hải Phòng" in 2006), or an old
    name that is no more (Thái Bình). None: no such province."""
    key = fold(text.split(",")[0])
    units = [
        u
        for u in find_units(text, level="province", limit=10)
        if fold(u.name) == key or key.endswith(" " + fold(u.name))
    ]
    if not units:
        return None
    if historical and day is not None and day < REFORM_DATE:
        of_the_time = [u for u in units if _valid_on(u, day)]
        chosen = of_the_time[0] if of_the_time else units[0]
    else:
        current = [u for u in units if u.is_current]
        chosen = current[0] if current else units[0]
    if chosen.is_current:
        return chosen, None
    return current_province_for(chosen), (chosen if historical else None)


def find_content(text: str, basis: LegalBasis | None) -> ActivityContent | None:
    """An activity content by code ("134-1", "134-1. Đào tạo nghề…") or by exact name, those of
    `basis` first (several decrees share names)."""
    contents = list(ActivityContent.objects.select_related("legal_basis").order_by("pk"))
    key = fold(text)

    def first(found: list[ActivityContent]) -> ActivityContent | None:
        if basis is not None:
            found = sorted(found, key=lambda c: c.legal_basis_id != basis.pk)
        return found[0] if found else None

    by_code = [c for c in contents if fold(c.code) == key]
    if not by_code:
        match = re.match(r"^\s*([\w-]+)\s*[.:)]\s", text + " ")
        if match:
            by_code = [c for c in contents if fold(c.code) == fold(match.group(1))]
    if by_code:
        return first(by_code)
    return first([c for c in contents if key in {fold(c.name), fold(c.name_en)}])


def find_place(
    text: str, *, province: Province, province_then: Province | None
) -> Commune | District:
    """Today's commune of `province`, else a district or commune before 1/7/2025 that is part of
    it today (those of `province_then` first). Raises CellError with the reason."""
    commune = find_commune(text, {"province": province})
    if commune is not None:
        return commune
    key = fold(text.split(",")[0])
    units = [
        u
        for u in find_units(text, era="before_reform", limit=20)
        if isinstance(u, District | Commune)
        and (fold(u.name) == key or key.endswith(" " + fold(u.name)))
    ]
    units = [u for u in units if current_province_for(u).pk == province.pk]
    if province_then is not None and any(u.province_id == province_then.pk for u in units):
        units = [u for u in units if u.province_id == province_then.pk]
    if len(units) > 1 and len({type(u) for u in units}) > 1:
        districts = [u for u in units if isinstance(u, District)]
        named_district = fold(text).startswith(DISTRICT_WORDS)
        units = districts if named_district else [u for u in units if isinstance(u, Commune)]
    if len(units) > 1:
        raise CellError(
            _(
                "Several units were called “%(value)s” before 1/7/2025: add the district or the "
                "province after a comma, e.g. “Xã Lật Dương, Huyện Tiên Lãng”."
            )
            % {"value": text}
        )
    if not units:
        raise CellError(
            _(
                "“%(value)s” is neither a commune of %(province)s today nor one of its districts "
                "or communes before 1/7/2025."
            )
            % {"value": text, "province": province.name}
        )
    return units[0]


def find_beneficiary(text: str, *, user: Any, province: Province):
    """An establishment of `province` in the user's scope, by tax code or exact name."""
    from khuyencong.registry.models import Establishment

    rows = list(
        restrict(Establishment.objects.select_related("province"), user).filter(
            Q(tax_code=text) | Q(name_folded=fold(text))
        )[:20]
    )
    mine = [e for e in rows if e.province_id == province.pk]
    if len(mine) > 1:
        mine = [e for e in mine if e.merged_into_id is None] or mine
    if len(mine) == 1:
        return mine[0]
    if len(mine) > 1:
        raise CellError(
            _("Several establishments are called “%(value)s”: write the tax code.")
            % {"value": text}
        )
    if rows:
        raise CellError(
            _(
                "“%(value)s” is an establishment of %(other)s, not of the project's province "
                "(%(province)s)."
            )
            % {"value": text, "other": rows[0].province.name, "province": province.name}
        )
    raise CellError(
        _(
            "No establishment of %(province)s with the tax code or name “%(value)s” in your "
            "area of work: a project supports establishments of its own province."
        )
        % {"value": text, "province": province.name}
    )


def _rename(error: ValidationError) -> ValidationError:
    """A service's field errors, keyed by the columns of the file."""
    if not hasattr(error, "error_dict"):
        return error
    errors: dict[str, list[str]] = {}
    for key, messages in error.message_dict.items():
        errors.setdefault(FIELD_COLUMNS.get(key, key), []).extend(messages)
    return ValidationError(errors)


def _current_values(project: Project) -> dict[str, Any]:
    """Every field the services write, as the project has it now (M2M as lists)."""
    values = {}
    for key in (*services.PROJECT_FIELDS, *services.HISTORICAL_FIELDS):
        if key in services.M2M_FIELDS:
            values[key] = list(getattr(project, key).all())
        else:
            values[key] = getattr(project, key)
    return values


def _differs(project: Project, key: str, value: Any) -> bool:
    if key in services.M2M_FIELDS:
        return {o.pk for o in value or []} != {o.pk for o in getattr(project, key).all()}
    current = getattr(project, key)
    if hasattr(current, "pk") or hasattr(value, "pk"):
        return getattr(current, "pk", None) != getattr(value, "pk", None)
    if isinstance(current, str) or isinstance(value, str):
        return (current or "") != (value or "")
    return current != value


def record_historical(project: Project, row: ProjectRow, *, user: Any, action: str) -> Project:
    """Write what a historical list says of a project's money, status and approval, as `user`,
    and record the import as one event. Call inside the import's transaction.

    Each budget line is proposed = approved = the amount; an empty amount removes the source
    (unless money was paid from it). The legal basis is the one in force on the row's date."""
    errors: dict[str, list[str]] = {}
    with acting_as(user):
        lines = {line.source_id: line for line in BudgetLine.objects.filter(project=project)}
        paid = set(
            MoneyMovement.objects.filter(project=project).values_list("source_id", flat=True)
        )
        for source, amount in row.amounts.items():
            line = lines.get(source.pk)
            if not amount:
                if line is None:
                    continue
                if source.pk in paid:
                    _add(
                        errors,
                        f"amount_{source.code}",
                        _("Money was paid from this source: it cannot be removed."),
                    )
                    continue
                line.delete()
                continue
            line = line or BudgetLine(project=project, source=source)
            line.proposed_vnd = amount
            line.approved_vnd = amount
            line.revised_vnd = None
            line.save()
        if errors:
            raise ValidationError(errors)
        for key, value in row.record.items():
            if key == "status" and not value:
                continue
            setattr(project, key, value)
        if row.basis is not None:
            project.legal_basis = row.basis
        project.save()
        record_event(
            project,
            IMPORTED_EVENT,
            data={
                "action": action,
                "status": project.status,
                "approval_number": project.approval_number,
                "approved_on": project.approved_on,
                "legal_basis": project.legal_basis.number,
                "amounts": {s.code: a for s, a in row.amounts.items() if a},
            },
        )
    return project


# --- the spec ---------------------------------------------------------------------------------


class ProjectSpec(ImportSpec):
    slug = "projects"
    model = Project
    title = gettext_lazy("Projects")
    keys = ("id", "code")
    list_url_name = "projects:list"
    filterset_class = ProjectFilter

    def __init__(self) -> None:
        self._static = static_columns()
        self._records = record_columns()
        self._sources_key: tuple | None = None
        self._amounts: list[Column] = []
        self._sources: dict[str, FundingSource] = {}

    def _refresh_sources(self) -> None:
        """The funding sources are data: read at the start of every template, import and export
        (the columns are rebuilt only when the sources changed)."""
        sources = list(funding_sources())
        key = tuple((s.pk, s.code, s.name, s.name_en) for s in sources)
        if key != self._sources_key:
            self._amounts = [amount_column(source) for source in sources]
            self._sources = {f"amount_{source.code}": source for source in sources}
            self._sources_key = key

    def all_columns(self) -> list[Column]:
        self._refresh_sources()
        return super().all_columns()

    @property
    def columns(self) -> list[Column]:  # type: ignore[override]
        if self._sources_key is None:
            self._refresh_sources()
        return [*self._static, *self._amounts, *self._records]

    def amount_columns(self) -> dict[str, FundingSource]:
        if self._sources_key is None:
            self._refresh_sources()
        return self._sources

    def may_import(self, user: Any) -> bool:
        return super().may_import(user) and services.may_create(user)

    def base_queryset(self):
        return Project.objects.select_related(
            "province", "province_then", "legal_basis", "activity_content__legal_basis"
        ).prefetch_related(
            "establishments",
            "communes",
            "districts_then__province",
            Prefetch(
                "communes_then",
                queryset=Commune.objects.select_related("district", "province"),
            ),
            Prefetch("budget_lines", queryset=BudgetLine.objects.select_related("source")),
        )

    # --- finding and reading a row ------------------------------------------------------------

    def find_existing(self, values: dict[str, Any], user: Any) -> Project | None:
        editable = restrict(self.base_queryset(), user, Action.CHANGE)
        existing = None
        if values.get("id"):
            existing = editable.filter(pk=values["id"]).first()
            if existing is None:
                raise LookupError(_("No row with this system ID in your area of work."))
        code = values.get("code")
        if code:
            by_code = editable.filter(code__iexact=code).first()
            if existing is not None and by_code != existing:
                raise ValidationError(
                    {
                        "code": _("The project with this system ID has the code %(code)s.")
                        % {"code": existing.code}
                    }
                )
            if by_code is None:
                raise ValidationError(
                    {
                        "code": _(
                            "No project with the code “%(code)s” in your area of work. Leave "
                            "the code empty to create a new project."
                        )
                        % {"code": code}
                    }
                )
            existing = by_code
        values["_row"] = self.read_row(values, user, existing)
        return existing

    def read_row(self, values: dict[str, Any], user: Any, existing: Project | None) -> ProjectRow:
        """Resolve the cells that need the whole row; raise every problem at once."""
        errors: dict[str, list[str]] = {}
        historical = existing is None or existing.is_historical
        year = values.get("year") or (existing.year if existing else None)
        approved_on = values.get("approved_on", existing.approved_on if existing else None)
        day = approved_on or (datetime.date(year, 7, 1) if year else None)
        basis = legal_basis_for_projects_on(day) if historical and day else None
        if historical and day and basis is None:
            _add(
                errors,
                "approved_on" if approved_on else "year",
                _("No decree on industrial extension was in force on %(day)s.")
                % {"day": _day(day)},
            )
        if historical and approved_on and approved_on > timezone.localdate():
            _add(errors, "approved_on", _("The decision date cannot be in the future."))
        row = ProjectRow(historical=historical, day=day, basis=basis)

        # Province (today's) and, for old rows, the province as recorded then.
        province = province_then = None
        text = values.get("province") or ""
        if not text and existing is not None:
            province, province_then = existing.province, existing.province_then
        else:
            if not text and getattr(user, "province", None) is not None:
                text = user.province.name
            if not text:
                _add(errors, "province", _("Enter the province."))
            else:
                found = find_province_then(text, day=day, historical=historical)
                if found is None:
                    _add(
                        errors,
                        "province",
                        _("No province or city called “%(value)s”.") % {"value": text},
                    )
                else:
                    province, province_then = found
        if province is not None:
            row.fields["province"] = province
            if historical:
                row.fields["province_then"] = province_then

        # Activity content: of the legal basis in force on the row's date.
        text = values.get("activity_content") or ""
        if text:
            lookup_basis = basis if historical else (existing.legal_basis if existing else None)
            content = find_content(text, lookup_basis)
            if content is None:
                _add(
                    errors,
                    "activity_content",
                    _(
                        "“%(value)s” is not an activity content: write its code (e.g. 235-1) "
                        "or its exact name."
                    )
                    % {"value": text},
                )
            elif basis is not None and content.legal_basis_id != basis.pk:
                codes = ", ".join(
                    ActivityContent.objects.filter(legal_basis=basis)
                    .order_by("order", "code")
                    .values_list("code", flat=True)
                )
                _add(
                    errors,
                    "activity_content",
                    _(
                        "%(content)s is a content of %(its)s, but on %(day)s projects were "
                        "approved under %(basis)s: choose one of its contents (%(codes)s)."
                    )
                    % {
                        "content": content.code,
                        "its": content.legal_basis.number,
                        "day": _day(day),
                        "basis": basis.number,
                        "codes": codes,
                    },
                )
            elif (
                basis is not None
                and not ActivityContent.objects.filter(pk=content.pk).in_force_on(day).exists()
            ):
                _add(
                    errors,
                    "activity_content",
                    _("%(content)s was not in force on %(day)s.")
                    % {"content": content.code, "day": _day(day)},
                )
            else:
                row.fields["activity_content"] = content

        for key in ("title", "programme", "year", "planned_start", "planned_end"):
            if key in values:
                row.fields[key] = values[key]

        if "establishments" in values and province is not None:
            found = []
            for part in _parts(values["establishments"]):
                try:
                    found.append(find_beneficiary(part, user=user, province=province))
                except CellError as error:
                    _add(errors, "establishments", str(error))
            row.fields["establishments"] = found

        if "places" in values and province is not None:
            communes, districts_then, communes_then = [], [], []
            for part in _parts(values["places"]):
                try:
                    unit = find_place(part, province=province, province_then=province_then)
                except CellError as error:
                    _add(errors, "places", str(error))
                    continue
                if isinstance(unit, District):
                    districts_then.append(unit)
                elif unit.is_current:
                    communes.append(unit)
                else:
                    communes_then.append(unit)
            if (districts_then or communes_then) and not historical:
                _add(
                    errors,
                    "places",
                    _(
                        "Units before 1/7/2025 are kept for historical projects only: write "
                        "today's communes."
                    ),
                )
            row.fields["communes"] = communes
            if historical:
                row.fields["districts_then"] = districts_then
                row.fields["communes_then"] = communes_then

        for name, source in self.amount_columns().items():
            if name in values:
                row.amounts[source] = values[name] or None

        for key in ("status", "approval_number", "approved_on"):
            if key in values:
                row.record[key] = values[key]
        status = values.get("status") or ""
        if historical and existing is None and not status:
            _add(
                errors,
                "status",
                _("Enter the status of the project, e.g. Closed."),
            )
        if historical and status and status not in HISTORICAL_STATUSES:
            _add(
                errors,
                "status",
                _("A project of an earlier list is recorded as one of: %(allowed)s.")
                % {"allowed": "; ".join(str(Status(s).label) for s in HISTORICAL_STATUSES)},
            )
        if errors:
            raise ValidationError(errors)
        return row

    def is_unchanged(self, instance: Project, values: dict[str, Any]) -> bool:
        row: ProjectRow = values["_row"]
        if any(_differs(instance, key, value) for key, value in row.fields.items()):
            return False
        lines = {line.source_id: line for line in instance.budget_lines.all()}
        for source, amount in row.amounts.items():
            line = lines.get(source.pk)
            if ((line.current_vnd if line is not None else None) or None) != (amount or None):
                return False
        for key, value in row.record.items():
            if key == "status" and not value:
                continue
            if _differs(instance, key, value):
                return False
        return not (row.historical and row.basis and instance.legal_basis_id != row.basis.pk)

    # --- writing ------------------------------------------------------------------------------

    def create(self, *, values: dict[str, Any], user: Any) -> Project:
        row: ProjectRow = values["_row"]
        try:
            project = services.project_create(by=user, is_historical=True, **row.fields)
            return record_historical(project, row, user=user, action="created")
        except ValidationError as error:
            raise _rename(error) from error

    def update(self, *, instance: Project, values: dict[str, Any], user: Any) -> Project:
        row: ProjectRow = values["_row"]
        try:
            if instance.is_historical:
                return self._update_historical(instance, row, user)
            return self._update_live(instance, row, user)
        except ValidationError as error:
            raise _rename(error) from error

    def _update_historical(self, project: Project, row: ProjectRow, user: Any) -> Project:
        """A project of an earlier list, whatever its status: the same checks as a new one."""
        project = Project.objects.select_for_update().get(pk=project.pk)
        with acting_as(user):
            if any(_differs(project, key, value) for key, value in row.fields.items()):
                project = services.historical_project_update(
                    project=project, by=user, expected_version=project.version, **row.fields
                )
            else:
                claim_version(project, project.version)
        return record_historical(project, row, user=user, action="updated")

    def _update_live(self, project: Project, row: ProjectRow, user: Any) -> Project:
        """A project in the life cycle: its record through project_update, its money through
        budget_save; its status and approval only its life cycle changes."""
        errors: dict[str, list[str]] = {}
        for key, value in row.record.items():
            if (key != "status" or value) and _differs(project, key, value):
                _add(
                    errors,
                    key,
                    _(
                        "This project follows its life cycle: its status and approval change "
                        "through its actions, not by import."
                    ),
                )
        lines = {line.source_id: line for line in BudgetLine.objects.filter(project=project)}
        amounts = {
            source: amount
            for source, amount in row.amounts.items()
            if ((lines[source.pk].current_vnd if source.pk in lines else None) or None)
            != (amount or None)
        }
        column = services.budget_column(user, project) if amounts else None
        if amounts and column is None:
            for source in amounts:
                _add(
                    errors,
                    f"amount_{source.code}",
                    _("The money of this project cannot be changed at this stage."),
                )
        if errors:
            raise ValidationError(errors)
        fields = {
            k: v
            for k, v in row.fields.items()
            if k not in services.HISTORICAL_FIELDS and _differs(project, k, v)
        }
        if fields:
            current = {
                k: v
                for k, v in _current_values(project).items()
                if k not in services.HISTORICAL_FIELDS
            }
            project = services.project_update(
                project=project, by=user, expected_version=project.version, **{**current, **fields}
            )
        if amounts:
            services.budget_save(
                project=project, by=user, expected_version=project.version, amounts=amounts
            )
            project.refresh_from_db()
        return project


SPECS = (ProjectSpec,)
