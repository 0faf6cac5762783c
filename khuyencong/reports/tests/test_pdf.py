"""The pdf download (WeasyPrint): the same administrative layout as the docx, with fonts that
carry every Vietnamese diacritic embedded, page numbers, and the figures the Vietnamese way."""

import io

from django.utils import timezone
from pypdf import PdfReader

from khuyencong.plans.models import PlanVersion
from khuyencong.reports.letterhead import letterhead_for, vietnamese_date
from khuyencong.reports.pdf import render_pdf
from khuyencong.reports.tests.conftest import M, make_plan
from khuyencong.reports.tests.helpers import run

URL = "/reports/provincial/"
YEAR = {"period": "year", "year": 2024}
# Fonts with every Vietnamese letter: Times New Roman or its metric twins (not Liberation 1.x).
FONTS = ("TimesNewRoman", "Tinos", "LiberationSerif", "NotoSerif")


def _text(reader: PdfReader) -> str:
    """The text of every page, lines joined (table cells wrap)."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def _fonts(reader: PdfReader) -> set[str]:
    names = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_pdf_of_the_annual_report_with_a_planted_difference(data, world, en_client):
    plan = make_plan(world, [data.a], total_vnd=100 * M)
    PlanVersion.objects.filter(plan=plan).update(total_vnd=120 * M)
    en_client.force_login(world.users["officer"])
    response = en_client.get(URL, {**YEAR, "format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="provincial-nam-2024-hung-yen.pdf"'
    )
    reader = PdfReader(io.BytesIO(response.content))
    assert round(reader.pages[0].mediabox.width) == 595  # A4
    text = _text(reader)
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH HƯNG YÊN",
        "SỞ CÔNG THƯƠNG",
        "/BC-SCT",
        f"Hưng Yên, {vietnamese_date(timezone.localdate())}",
        "BÁO CÁO",
        "Kết quả thực hiện hoạt động khuyến công",
        "Kinh phí khuyến công địa phương",
        "630,0",  # total approved, million VND
        "Kinh phí nhà nước được duyệt: 280,0 triệu đồng.",
        "Bằng chữ: Hai trăm tám mươi triệu đồng.",
        "không khớp",
        "-20,0",  # the planted difference in plan version 1
        "Nơi nhận:",
        "Lưu: VT.",
        "GIÁM ĐỐC",
    ):
        assert expected in text, expected
    assert f"1 / {len(reader.pages)}" in reader.pages[0].extract_text()  # page numbers
    fonts = _fonts(reader)
    assert fonts and all(any(name.startswith(f) for f in FONTS) for name in fonts), fonts


def test_an_empty_pdf_says_so(world):
    officer = world.users["officer"]
    result = run("provincial", officer, province=world.hung_yen)
    reader = PdfReader(io.BytesIO(render_pdf(result, letterhead_for(officer, world.hung_yen))))
    text = _text(reader)
    assert result.empty_text in text
    assert "Bằng chữ" not in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text


def test_another_provinces_pdf_is_not_found(data, world, en_client):
    en_client.force_login(world.users["other_officer"])
    response = en_client.get(URL, {**YEAR, "province": world.hung_yen.pk, "format": "pdf"})
    assert response.status_code == 404
    en_client.force_login(world.users["establishment"])
    assert en_client.get(URL, {**YEAR, "format": "pdf"}).status_code == 403
