"""The columns of a project file: the static ones, one amount per funding source, and the record
(status and approval); and how a project is written into the cells of an export (units named as
in Vietnamese documents, beneficiaries by tax code), so that what is exported re-imports unchanged.
The cells are read from a `Project` or from an export's `export.ExportedProject`, which holds
its related rows already written out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from khuyencong.core.importexport.columns import (
    CellError,
    ChoiceColumn,
    Column,
    DateColumn,
    IntegerColumn,
    TextColumn,
)
from khuyencong.core.text import fold
from khuyencong.geo.models import Commune, District, Province
from khuyencong.policy.models import FundingSource, Programme
from khuyencong.projects.models import BudgetLine, Project, Status

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
COMMUNE_PREFIXES = {
    Commune.Kind.COMMUNE: "Xã",
    Commune.Kind.WARD: "Phường",
    Commune.Kind.TOWNLET: "Thị trấn",
    Commune.Kind.SPECIAL_ZONE: "Đặc khu",
}


def unit_name(unit: Province | District | Commune) -> str:
    """A unit as written in Vietnamese documents: "Huyện Tiên Lãng", "Xã Tân Hưng"."""
    if isinstance(unit, Province):
        return unit.name
    prefixes = DISTRICT_PREFIXES if isinstance(unit, District) else COMMUNE_PREFIXES
    return prefixed_name(prefixes, unit.kind, unit.name)


def prefixed_name(prefixes: dict[str, str], kind: str, name: str) -> str:
    """A district's or commune's name after the prefix of its kind (see `unit_name`)."""
    return f"{prefixes.get(kind, '')} {name}".strip()


def describe_then(unit: District | Commune) -> str:
    """An old unit with what contained it: "Xã Lật Dương, Huyện Tiên Lãng, Hải Phòng"."""
    parts = [unit_name(unit)]
    if isinstance(unit, Commune) and unit.district_id:
        parts.append(unit_name(unit.district))
    parts.append(unit.province.name)
    return ", ".join(parts)


def _places_of(project: Project) -> str:
    if not isinstance(project, Project):  # an export's row (export.ExportedProject)
        return project.places
    names = [unit_name(c) for c in project.communes.all()]
    names += [describe_then(d) for d in project.districts_then.all()]
    names += [describe_then(c) for c in project.communes_then.all()]
    return "; ".join(names)


def _beneficiaries_of(project: Project) -> str:
    if not isinstance(project, Project):  # an export's row (export.ExportedProject)
        return project.beneficiaries
    return "; ".join(e.tax_code or e.name for e in project.establishments.all())


def _lines_of(project: Project) -> dict[int, BudgetLine]:
    return {line.source_id: line for line in project.budget_lines.all()}


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
        if not isinstance(project, Project):  # an export's row (export.ExportedProject)
            return project.amounts.get(source_id)
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
