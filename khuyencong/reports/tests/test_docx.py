"""The Word download: a Vietnamese administrative report (Nghị định 30/2020/NĐ-CP) with the
issuer, Quốc hiệu, place and date, the tables in million VND written the Vietnamese way, the
state-support total in words, the checks that do not agree, recipients and signature block."""

import datetime
import io

from django.utils import timezone, translation
from django.utils.translation import gettext
from docx import Document
from docx.oxml.ns import qn

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.tests.factories import OrganisationFactory
from khuyencong.plans.models import PlanVersion
from khuyencong.reports import registry
from khuyencong.reports.letterhead import Letterhead, letterhead_for, vietnamese_date
from khuyencong.reports.tests.conftest import M, make_plan
from khuyencong.reports.tests.helpers import run
from khuyencong.reports.word import render_docx

URL = "/reports/provincial/"
YEAR = {"period": "year", "year": 2024}
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def vi(text: str) -> str:
    """The Vietnamese of a message: a downloaded document is in Vietnamese whatever the language
    of the screens (these tests run in English)."""
    with translation.override("vi"):
        return gettext(text)


def _open(content: bytes):
    return Document(io.BytesIO(content))


def _lines(document) -> list[str]:
    """Every paragraph's text, in the header table, the body and the data tables."""
    return [
        "".join(t.text or "" for t in p.iter(qn("w:t")))
        for p in document.element.body.iter(qn("w:p"))
    ]


def _table_rows(document, first_header: str) -> dict[str, list]:
    table = next(t for t in document.tables if t.rows[0].cells[0].text == first_header)
    return {row.cells[0].text: row.cells for row in table.rows[1:]}, table


def test_docx_of_the_annual_report(data, world, en_client):
    en_client.force_login(world.users["officer"])
    response = en_client.get(URL, {**YEAR, "format": "docx"})
    assert response.status_code == 200
    assert response["Content-Type"] == DOCX
    assert response["Content-Disposition"] == (
        'attachment; filename="provincial-nam-2024-hung-yen.docx"'
    )
    document = _open(response.content)
    lines = _lines(document)
    today = timezone.localdate()
    # The two-column header of Nghị định 30: issuer | Quốc hiệu, number | place and date.
    header = document.tables[0].rows[0].cells
    left, right = [[p.text for p in cell.paragraphs if p.text] for cell in header]
    assert left == [
        "UBND TỈNH HƯNG YÊN",
        "SỞ CÔNG THƯƠNG",
        "Số:\u2002\u2002\u2002\u2002\u2002/BC-SCT",
    ]
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert right[2] == f"Hưng Yên, {vietnamese_date(today)}"
    assert header[1].paragraphs[0].runs[0].bold
    assert header[1].paragraphs[-1].runs[0].italic
    # The subject under "BÁO CÁO", not the screen's title "Báo cáo 6 tháng / năm" again.
    assert lines.index("BÁO CÁO") < lines.index("Kết quả thực hiện hoạt động khuyến công")
    assert "Năm 2024 · Hưng Yên" in lines
    assert f"II. {vi('Money')}" in lines
    # The money table in million VND, Vietnamese separators, the total bold.
    rows, table = _table_rows(document, vi("Funding source"))
    assert table.rows[0].cells[1].text == vi("Approved (million VND)")
    assert 'w:tblHeader w:val="true"' in table.rows[0]._tr.xml  # repeated on every page
    assert rows["Kinh phí khuyến công địa phương"][1].text == "100,0"
    assert rows["Kinh phí khuyến công địa phương"][3].text == "75,0"  # 80 paid - 5 refunded
    assert rows[vi("Total")][1].text == "630,0"
    assert rows[vi("Total")][1].paragraphs[0].runs[0].bold
    # State support (local 100 + national revised 180) in figures and in words.
    assert "Kinh phí nhà nước được duyệt: 280,0 triệu đồng." in lines
    assert "Bằng chữ: Hai trăm tám mươi triệu đồng." in lines
    assert any(line.startswith("Cả ") and line.endswith("số liệu đều khớp.") for line in lines)
    # Recipients and signature block.
    closing = document.tables[-1].rows[0].cells
    assert closing[0].paragraphs[0].text == "Nơi nhận:"
    run = closing[0].paragraphs[0].runs[0]
    assert run.bold and run.italic
    recipients = [p.text for p in closing[0].paragraphs[1:]]
    assert recipients[0].startswith("- Bộ Công Thương (")
    assert "- UBND tỉnh Hưng Yên (để báo cáo);" in recipients
    assert recipients[-1] == "- Lưu: VT."
    assert closing[1].paragraphs[0].text == "GIÁM ĐỐC"
    # Times New Roman for every script, 13 pt, on A4.
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman" and normal.font.size.pt == 13
    assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "Times New Roman"
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7


def test_a_planted_difference_is_printed(data, world):
    plan = make_plan(world, [data.a], total_vnd=100 * M)
    PlanVersion.objects.filter(plan=plan).update(total_vnd=120 * M)
    officer = world.users["officer"]
    result = run("provincial", officer, province=world.hung_yen)
    document = _open(render_docx(result, letterhead_for(officer, world.hung_yen)))
    lines = _lines(document)
    assert any(line.startswith("2 of ") and "do not agree" in line for line in lines)
    rows, _table = _table_rows(document, "Check")
    version = next(cells for label, cells in rows.items() if "version 1" in label)
    assert [c.text for c in version[1:]] == ["120,0", "100,0", "-20,0"]


def test_an_empty_report_says_so(world):
    officer = world.users["officer"]
    result = run("provincial", officer, province=world.hung_yen)
    document = _open(render_docx(result, letterhead_for(officer, world.hung_yen)))
    lines = _lines(document)
    assert result.empty_text in lines
    assert not any(line.startswith("Bằng chữ") for line in lines)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in lines


def test_another_provinces_docx_is_not_found(data, world, en_client):
    en_client.force_login(world.users["other_officer"])
    response = en_client.get(URL, {**YEAR, "province": world.hung_yen.pk, "format": "docx"})
    assert response.status_code == 404
    response = en_client.get(URL, {**YEAR, "format": "nonsense"})
    assert response.status_code == 404


def test_the_download_buttons_read_well(data, world, en_client):
    en_client.force_login(world.users["officer"])
    page = en_client.get(URL, YEAR).content.decode()
    for name, label in (("xlsx", "Excel"), ("docx", "Word"), ("pdf", "PDF")):
        assert f'id="download-{name}"' in page
        assert f"</i> {label}</a>" in page
    assert [r.name for r in registry.renderers()][:3] == ["xlsx", "docx", "pdf"]


def test_the_ministry_letterhead_comes_from_the_data(world):
    department = OrganisationFactory(
        name="Cục Công Thương địa phương",
        kind=Organisation.Kind.MINISTRY_DEPARTMENT,
        province=None,
    )
    ministry = world.users["ministry"]
    day = datetime.date(2026, 2, 5)
    letterhead = letterhead_for(ministry, None, day=day)
    assert letterhead.issuer_parent == "BỘ CÔNG THƯƠNG"
    assert letterhead.issuer == "CỤC CÔNG THƯƠNG ĐỊA PHƯƠNG"
    assert letterhead.date_line == "Hà Nội, ngày 05 tháng 02 năm 2026"
    assert letterhead.signer_title == "CỤC TRƯỞNG"
    assert letterhead.number_line.endswith("/BC-CCTĐP")
    officer = world.users["officer"]
    assert letterhead_for(officer, day=day).recipients[0] == (
        "Bộ Công Thương (Cục Công Thương địa phương);"
    )
    ministry.organisation = department
    assert letterhead_for(ministry, world.hung_yen, day=day).issuer == letterhead.issuer
    # A frozen report keeps the letterhead it was issued under.
    assert Letterhead.from_dict(letterhead.to_dict()) == letterhead


def test_an_extension_centre_writes_under_its_department(world):
    OrganisationFactory(
        name="Sở Công Thương tỉnh Hưng Yên", kind=Organisation.Kind.PROVINCIAL_DEPARTMENT
    )
    officer = world.users["officer"]
    officer.organisation = world.centre  # "Trung tâm Khuyến công Hưng Yên"
    letterhead = letterhead_for(officer, world.hung_yen, day=datetime.date(2026, 11, 23))
    assert letterhead.issuer_parent == "SỞ CÔNG THƯƠNG TỈNH HƯNG YÊN"
    assert letterhead.issuer == "TRUNG TÂM KHUYẾN CÔNG"
    assert letterhead.date_line == "Hưng Yên, ngày 23 tháng 11 năm 2026"
    assert letterhead.number_line.endswith("/BC-TTKC")
    assert letterhead.recipients[0] == "Sở Công Thương tỉnh Hưng Yên (để báo cáo);"
    officer.organisation = None
    assert letterhead_for(officer, day=datetime.date(2026, 11, 23)).issuer == "SỞ CÔNG THƯƠNG"
