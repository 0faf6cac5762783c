"""Bad files are refused as a whole with a clear message, never a server error."""

import unicodedata

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from khuyencong.accounts.models import Organisation
from khuyencong.accounts.roles import Role
from khuyencong.accounts.tests.factories import UserFactory
from khuyencong.core.importexport.engine import run_import
from khuyencong.core.importexport.registry import get_spec
from khuyencong.core.tests.importing import xlsx

pytestmark = pytest.mark.django_db
HEADERS = ["Tên", "Loại", "Tỉnh/thành phố"]
GOOD_ROW = ["Trung tâm A", "Trung tâm Khuyến công cấp tỉnh", "Hưng Yên"]


@pytest.fixture
def manager():
    return UserFactory(role=Role.PROVINCIAL_MANAGER)


def _run(user, name, data, commit=False):
    return run_import(get_spec("organisations"), name=name, data=data, user=user, commit=commit)


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "Chỉ nhập được tệp Excel (.xlsx) và CSV (.csv)"),
        ("a.xlsx", b"this is not excel", "không phải là tệp Excel (.xlsx) hợp lệ"),
        ("a.xls", b"\xd0\xcf\x11\xe0", "Excel cũ (.xls)"),
        ("a.xlsx", b"", "Tệp không có dữ liệu"),
        ("a.csv", "\ufeffTên,Loại\n".encode(), "chưa có dòng dữ liệu"),
        ("a.csv", "Tên,Loại,Sai cột\nA,B,C\n".encode(), "Cột không có trong mẫu: “Sai cột”"),
        ("a.csv", "Tên viết tắt\nTT\n".encode(), "Thiếu cột: “Tên”, “Loại”"),
        ("a.xlsx", b"PK" + b"\x00" * (20 * 1024 * 1024), "tối đa 20 MB"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(manager, name, data, message):
    result = _run(manager, name, data)
    assert not result.ok and not result.rows
    assert any(message in e for e in result.file_errors), result.file_errors


def test_formulas_are_refused(manager):
    data = xlsx([HEADERS, ['=CONCAT("A","B")', GOOD_ROW[1], GOOD_ROW[2]]])
    result = _run(manager, "a.xlsx", data)
    assert any("công thức" in e and "A2" in e for e in result.file_errors)


def test_merged_cells_are_refused(manager):
    data = xlsx([HEADERS, GOOD_ROW, GOOD_ROW], merge="A2:A3")
    result = _run(manager, "a.xlsx", data)
    assert any("gộp" in e and "A2:A3" in e for e in result.file_errors)


def _windows_1258(text: str) -> bytes:
    """As Excel writes it: letters like â, ư precomposed, the tone as a combining mark."""
    out = []
    for ch in text:
        try:
            ch.encode("cp1258")
            out.append(ch)
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            out.append(unicodedata.normalize("NFC", parts[:-1]) + parts[-1])
    return "".join(out).encode("cp1258")


def test_csv_from_excel_in_windows_1258_with_semicolons_is_read(manager):
    data = "Tên;Loại;Tỉnh/thành phố\r\nTrung tâm B;Trung tâm Khuyến công cấp tỉnh;Hưng Yên\r\n"
    encoded = _windows_1258(data)
    result = _run(manager, "b.csv", encoded, commit=True)
    assert result.committed, (result.file_errors, [r.errors for r in result.rows])
    assert Organisation.objects.filter(name="Trung tâm B").exists()


def test_headers_without_diacritics_are_recognised(manager):
    data = xlsx([["ten", "LOAI", "tinh/thanh pho"], GOOD_ROW])
    assert _run(manager, "a.xlsx", data).ok


def test_the_upload_page_shows_file_errors_not_a_server_error(client, manager):
    client.force_login(manager)
    upload = SimpleUploadedFile("x.xlsx", b"garbage", content_type="application/octet-stream")
    response = client.post(reverse("core:import", args=["organisations"]), {"file": upload})
    assert response.status_code == 200
    assert "không phải là tệp Excel (.xlsx) hợp lệ" in response.content.decode()
