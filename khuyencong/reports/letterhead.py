"""Who issues a printed report: the header, place, date, recipients and signature block of a
Vietnamese administrative document (Nghị định 30/2020/NĐ-CP). `Letterhead` is plain data so
the renderers stay pure functions of (result, letterhead) and a frozen report can be printed
again with the letterhead it was issued under; `letterhead_for` builds it from the requesting
user's organisation or province (the only part that reads the database).

The fixed parts of the layout (Quốc hiệu, "BÁO CÁO", "Nơi nhận", the date line) and the names of
the bodies are Vietnamese in every interface language: an official document is Vietnamese.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass

from django.utils import timezone

from khuyencong.reports.data import MILLION, ReportResult

MINISTRY = "BỘ CÔNG THƯƠNG"
MINISTRY_PLACE = "Hà Nội"
# The ministry's department in charge of industrial extension (since 2025), when the data has none.
MINISTRY_DEPARTMENT = "Cục Đổi mới sáng tạo, Chuyển đổi xanh và Khuyến công"
FILED = "Lưu: VT."

SIGNERS = (
    ("cục", "CỤC TRƯỞNG"),
    ("vụ", "VỤ TRƯỞNG"),
    ("sở", "GIÁM ĐỐC"),
    ("trung tâm", "GIÁM ĐỐC"),
    ("ủy ban", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
    ("uỷ ban", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
    ("ubnd", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH"),
)


@dataclass(frozen=True)
class Letterhead:
    issuer_parent: str  # "UBND TỈNH HƯNG YÊN" (may be empty)
    issuer: str  # "SỞ CÔNG THƯƠNG"
    place: str  # "Hưng Yên"
    date: datetime.date
    recipients: tuple[str, ...] = ()
    signer_title: str = "THỦ TRƯỞNG ĐƠN VỊ"  # may hold a line break ("TM. …\nCHỦ TỊCH")
    document_code: str = "BC"  # the symbol after the number: "BC-SCT"
    signer_name: str = ""  # left blank in a draft

    @property
    def number_line(self) -> str:
        """'Số:      /BC-SCT': the number is left for the clerk to fill in."""
        return f"Số:\u2002\u2002\u2002\u2002\u2002/{self.document_code}"

    @property
    def date_line(self) -> str:
        return f"{self.place}, {vietnamese_date(self.date)}"

    @property
    def signer_lines(self) -> list[str]:
        return self.signer_title.split("\n")

    def to_dict(self) -> dict:
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["recipients"] = list(self.recipients)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Letterhead:
        values = dict(data)
        values["date"] = datetime.date.fromisoformat(values["date"])
        values["recipients"] = tuple(values.get("recipients", ()))
        return cls(**values)


def vietnamese_date(day: datetime.date) -> str:
    """'ngày 05 tháng 02 năm 2026': a zero before days under 10 and the months 1 and 2."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


def upper(text: str) -> str:
    return text.upper()


def abbreviation(name: str) -> str:
    """The initials of a body's name for the document symbol: 'Sở Công Thương' -> 'SCT';
    words already in capitals are kept ('Sở CT' -> 'SCT')."""
    letters = []
    for word in re.split(r"[\s,&;()-]+", name):
        if not word or word.lower() in {"và", "the", "of"}:
            continue
        letters.append(word if word.isupper() else word[0].upper())
    return "".join(letters)[:12] or "BC"


def signer_title(name: str) -> str:
    lowered = name.lower()
    for prefix, title in SIGNERS:
        if lowered.startswith(prefix):
            return title
    return "THỦ TRƯỞNG ĐƠN VỊ"


def _strip_province(name: str, province) -> str:
    """'Sở Công Thương tỉnh Hưng Yên' -> 'Sở Công Thương' (the province is in the line above)."""
    if province is None:
        return name
    pattern = rf"\s*(?:-\s*)?(?:(?:tỉnh|thành phố|tp\.?)\s+)?{re.escape(province.name)}$"
    stripped = re.sub(pattern, "", name, flags=re.IGNORECASE).strip()
    return stripped or name


def _in_sentence(province) -> str:
    """'tỉnh Hưng Yên', 'thành phố Hải Phòng': the unit's full name inside a sentence."""
    full = province.full_name
    return full[:1].lower() + full[1:]


def _province_committee(province) -> str:
    return "UBND " + upper(province.full_name)


def _ministry_department_name() -> str:
    from khuyencong.accounts.models import Organisation

    departments = Organisation.objects.filter(
        kind=Organisation.Kind.MINISTRY_DEPARTMENT, is_active=True
    ).order_by("name")
    names = [o.name for o in departments]
    preferred = [n for n in names if "khuyến công" in n.lower()]
    return (preferred or names or [MINISTRY_DEPARTMENT])[0]


def _department_of(province) -> str:
    from khuyencong.accounts.models import Organisation

    found = (
        Organisation.objects.filter(
            province=province, kind=Organisation.Kind.PROVINCIAL_DEPARTMENT, is_active=True
        )
        .order_by("name")
        .first()
    )
    return found.name if found else f"Sở Công Thương {_in_sentence(province)}"


def _ministry(organisation_name: str | None, day: datetime.date) -> Letterhead:
    name = organisation_name or _ministry_department_name()
    return Letterhead(
        issuer_parent=MINISTRY,
        issuer=upper(name),
        place=MINISTRY_PLACE,
        date=day,
        recipients=(
            "Lãnh đạo Bộ (để báo cáo);",
            "Sở Công Thương các tỉnh, thành phố;",
            FILED,
        ),
        signer_title=signer_title(name),
        document_code=f"BC-{abbreviation(name)}",
    )


def letterhead_for(user, province=None, *, day: datetime.date | None = None) -> Letterhead:
    """The letterhead of a report printed by `user` (about `province`, None for the country).

    The issuing body is the user's organisation when it has one, else the Department of Industry
    and Trade of the user's province, else (a national user) the ministry's department."""
    from khuyencong.accounts.models import Organisation

    day = day or timezone.localdate()
    organisation = getattr(user, "organisation", None)
    Kind = Organisation.Kind
    if organisation is not None and organisation.kind == Kind.MINISTRY_DEPARTMENT:
        return _ministry(organisation.name, day)
    # The report's own province stands in for a user who has none any more (a deleted account).
    home = (
        (organisation.province if organisation is not None else None)
        or getattr(user, "province", None)
        or (province if user is None else None)
    )
    if home is None:
        return _ministry(None, day)
    committee = _province_committee(home)
    ministry_line = f"Bộ Công Thương ({_ministry_department_name()});"
    if organisation is None or organisation.kind == Kind.PROVINCIAL_DEPARTMENT:
        name = _strip_province(organisation.name if organisation else _department_of(home), home)
        return Letterhead(
            issuer_parent=committee,
            issuer=upper(name),
            place=home.name,
            date=day,
            recipients=(ministry_line, f"UBND {_in_sentence(home)} (để báo cáo);", FILED),
            signer_title=signer_title(name),
            document_code=f"BC-{abbreviation(name)}",
        )
    if organisation.kind == Kind.PEOPLES_COMMITTEE:
        name = organisation.name
        return Letterhead(
            issuer_parent="",
            issuer=upper(name),
            place=home.name,
            date=day,
            recipients=(ministry_line, FILED),
            signer_title="TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH",
            document_code="BC-UBND",
        )
    # An extension centre or another unit, under the province's Department of Industry and Trade.
    department = _department_of(home)
    name = _strip_province(organisation.name, home)
    return Letterhead(
        issuer_parent=upper(department),
        issuer=upper(name),
        place=home.name,
        date=day,
        recipients=(f"{department} (để báo cáo);", FILED),
        signer_title=signer_title(name),
        document_code=f"BC-{abbreviation(name)}",
    )


def add_amounts_in_words(result: ReportResult) -> None:
    """Record the state-support total that an official document spells out in words: the
    state-budget lines of the money table, or the state-support total of the national summary.
    (Reads which funding sources are state budget; call it where the result is computed.)"""
    if result.amounts_in_words or result.empty:
        return
    from django.utils.translation import gettext as _

    from khuyencong.policy.models import FundingSource

    for section in result.sections:
        for table in section.tables:
            if table.key == "money" and table.rows:
                state = set(
                    FundingSource.objects.filter(is_state_budget=True).values_list(
                        "code", flat=True
                    )
                )
                total = sum(
                    row.get("approved") or 0 for row in table.rows if row.get("code") in state
                )
                result.amounts_in_words.append((_("State support approved"), int(total)))
                return
            column = next((c for c in table.columns if c.key == "state"), None)
            if column is not None and column.kind == MILLION and table.total:
                result.amounts_in_words.append(
                    (_("State support"), int(table.total.get("state") or 0))
                )
                return
