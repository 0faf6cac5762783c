"""Uploaded files are accepted by content only, stored under names users never choose, and served
so that browsers neither run nor sniff them."""

import base64
import hashlib
import io
import re
import struct
import zipfile
import zlib
from types import SimpleNamespace
from urllib.parse import unquote

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.db.models.fields.files import FieldFile
from django.http import Http404
from django.test import override_settings
from django.utils import timezone, translation
from openpyxl import Workbook

from khuyencong.core import uploads
from khuyencong.core.uploads import (
    MB,
    PHOTOS,
    UploadField,
    UploadInfo,
    clean_name,
    file_response,
    format_size,
    stored_name,
    validate_upload,
)

# --- real, minimal files -------------------------------------------------------------------

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)
# A 1x1 JPEG written by Chromium.
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEA"
    "AAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAA"
    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFla"
    "AAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxt"
    "bHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAA"
    "t4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAAN"
    "WQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAg"
    "ADIAMAAxADb/2wBDAFA3PEY8MlBGQUZaVVBfeMiCeG5uePWvuZHI////////////////////////////////////////"
    "////////////2wBDAVVaWnhpeOuCguv/////////////////////////////////////////////////////////////"
    "////////////wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAP/xAAUEAEAAAAAAAAAAAAAAAAA"
    "AAAA/8QAFQEBAQAAAAAAAAAAAAAAAAAAAgT/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCAAKn/2Q=="
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def png() -> bytes:
    def chunk(tag: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(tag + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    pixels = zlib.compress(b"\x00\x80")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


WORD_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="{main}"/>'
    "{extra}</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="word/document.xml" Type="http://schemas.openxmlformats.org/'
    'officeDocument/2006/relationships/officeDocument"/></Relationships>'
)
DOCUMENT = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    "<w:body><w:p><w:r><w:t>Biên bản nghiệm thu</w:t></w:r></w:p></w:body></w:document>"
)


def zip_of(members: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(*, main: str = DOCX_MAIN, extra: dict[str, bytes] | None = None) -> bytes:
    return zip_of(
        {
            "[Content_Types].xml": WORD_TYPES.format(main=main, extra=""),
            "_rels/.rels": RELS,
            "word/document.xml": DOCUMENT,
            **(extra or {}),
        }
    )


def xlsx(*, extra: dict[str, bytes] | None = None) -> bytes:
    workbook = Workbook()
    workbook.active.append(["Tên", "Số tiền"])
    workbook.active.append(["Cơ sở A", 250_000_000])
    buffer = io.BytesIO()
    workbook.save(buffer)
    if not extra:
        return buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as source:
        members = {info.filename: source.read(info) for info in source.infolist()}
    return zip_of({**members, **extra})


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def refusal(uploaded, **kwargs) -> ValidationError:
    with translation.override("en"), pytest.raises(ValidationError) as caught:
        validate_upload(uploaded, **kwargs)
    return caught.value


# --- accepted by content -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "kind", "extension", "content_type"),
    [
        ("Quyết định.pdf", PDF, "pdf", ".pdf", "application/pdf"),
        (
            "Báo cáo.docx",
            docx(),
            "docx",
            ".docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (
            "Dự toán.xlsx",
            xlsx(),
            "xlsx",
            ".xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        ("Ảnh máy.jpg", JPEG, "jpg", ".jpg", "image/jpeg"),
        ("Ảnh máy.png", png(), "png", ".png", "image/png"),
    ],
)
def test_every_allowed_type_is_accepted(name, data, kind, extension, content_type):
    uploaded = upload(name, data)
    info = validate_upload(uploaded)
    assert info == UploadInfo(
        kind=kind,
        extension=extension,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        original_name=name,
    )
    assert uploaded.tell() == 0  # rewound for whoever stores it


def test_the_browser_content_type_is_ignored():
    # A PDF the browser calls an image is still a PDF; an exe the browser calls a PDF is refused.
    assert validate_upload(upload("a.pdf", PDF, "image/png")).kind == "pdf"
    assert refusal(upload("a.pdf", EXE, "application/pdf")).code == "file_type"


def test_an_exe_named_pdf_is_refused_naming_the_file_and_what_is_allowed():
    error = refusal(upload("Hồ sơ.pdf", EXE))
    assert error.code == "file_type"
    assert error.messages == [
        "“Hồ sơ.pdf” is not an allowed file type. "
        "Allowed: PDF, Word (.docx), Excel (.xlsx), JPEG, PNG."
    ]


@pytest.mark.parametrize(
    "data",
    [
        b"<html><script>alert(1)</script></html>",
        b"<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>",
        b"GIF89a\x01\x00\x01\x00",
        b"Ten,So tien\nA,1\n",
        b" %PDF-1.4 not at the start",
    ],
)
def test_other_content_is_refused_whatever_its_name(data):
    assert refusal(upload("tai-lieu.pdf", data)).code == "file_type"


def test_a_real_pdf_named_exe_is_accepted_as_pdf_and_stored_as_pdf():
    info = validate_upload(upload("virus.exe", PDF))
    assert (info.kind, info.extension, info.original_name) == ("pdf", ".pdf", "virus.exe")
    instance = SimpleNamespace(_meta=SimpleNamespace(app_label="projects"), _upload_info=info)
    assert stored_name(instance, "virus.exe").endswith(".pdf")


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.docm", docx(main=DOCM_MAIN, extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
        ("a.docx", docx(extra={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
        ("a.docm", docx(main=DOCM_MAIN)),  # macro-enabled type, even without the project part
        ("a.xlsm", xlsx(extra={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})),
    ],
)
def test_office_files_with_macros_are_refused(name, data):
    error = refusal(upload(name, data))
    assert error.code == "macros"
    assert error.messages == [f"“{name}” contains macros, which are not accepted."]


def test_an_empty_file_is_refused():
    error = refusal(upload("a.pdf", b""))
    assert (error.code, error.messages) == ("empty", ["“a.pdf” is empty."])


def test_files_over_the_limit_are_refused_with_both_sizes():
    with override_settings(KC_MAX_UPLOAD_BYTES=1 * MB):
        assert validate_upload(upload("ok.pdf", PDF + b"0" * (MB - len(PDF)))).size == MB
        error = refusal(upload("big.pdf", PDF + b"0" * (MB // 2 + MB)))
    assert error.code == "too_large"
    assert error.messages == ["“big.pdf” is 1,5 MB; files may be at most 1 MB."]


def test_the_default_limit_is_20_mb():
    error = refusal(upload("big.pdf", PDF + b"0" * (20 * MB)))
    assert error.code == "too_large"
    assert "files may be at most 20 MB" in error.messages[0]


def test_sizes_are_written_the_vietnamese_way():
    assert format_size(int(25.3 * MB)) == "25,3 MB"
    assert format_size(20 * MB) == "20 MB"
    assert format_size(1536) == "1,5 KB"
    assert format_size(12) == "12 B"


@pytest.mark.parametrize(
    "data",
    [
        zip_of({"readme.txt": "hello", "run.exe": EXE}),
        zip_of({"[Content_Types].xml": WORD_TYPES.format(main=DOCX_MAIN, extra="")}),
        zip_of({"word/document.xml": DOCUMENT}),  # no [Content_Types].xml: not Office
        zip_of({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"}),  # .pptx
    ],
)
def test_a_zip_that_is_neither_docx_nor_xlsx_is_refused(data):
    assert refusal(upload("hop-dong.docx", data)).code == "file_type"


def test_a_damaged_zip_is_refused():
    data = docx()
    error = refusal(upload("a.docx", data[: len(data) // 2]))
    assert error.code == "damaged"
    assert error.messages == ["“a.docx” is damaged and cannot be read."]


def test_a_zip_with_a_corrupted_member_is_refused():
    data = bytearray(zip_of({"[Content_Types].xml": "x" * 5000, "word/document.xml": DOCUMENT}))
    data[60] ^= 0xFF  # inside the compressed [Content_Types].xml
    assert refusal(upload("a.docx", bytes(data))).code == "damaged"


def test_an_encrypted_zip_is_refused():
    data = bytearray(docx())
    # Python cannot write encrypted zips: set the "encrypted" flag of every member by hand.
    for signature, flag_offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.find(signature)
        while start != -1:
            data[start + flag_offset] |= 0x1
            start = data.find(signature, start + 4)
    error = refusal(upload("a.docx", bytes(data)))
    assert error.code == "encrypted"
    assert error.messages == ["“a.docx” is password-protected; upload it without a password."]


def test_old_and_password_protected_office_files_get_their_own_message():
    error = refusal(upload("a.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504))
    assert error.code == "old_office"
    assert "save it as .docx or .xlsx" in error.messages[0]


def test_a_zip_bomb_is_refused_by_its_unpacked_size(monkeypatch):
    monkeypatch.setattr(uploads, "MAX_UNPACKED_BYTES", 2 * MB)
    data = docx(extra={"word/media/zeros.bin": b"\x00" * (3 * MB)})
    assert len(data) < 50_000  # compresses to almost nothing
    error = refusal(upload("a.docx", data))
    assert error.code == "unpacked_too_large"
    assert error.messages == ["“a.docx” unpacks to too much data; it is not accepted."]


def test_the_unpacked_limit_is_200_mb_and_2000_members():
    assert uploads.MAX_UNPACKED_BYTES == 200 * MB
    many = docx(extra={f"word/media/{n}.xml": b"" for n in range(uploads.MAX_ZIP_MEMBERS)})
    assert refusal(upload("a.docx", many)).code == "unpacked_too_large"


def test_allowed_narrows_the_list():
    assert validate_upload(upload("a.png", png()), allowed=PHOTOS).kind == "png"
    assert validate_upload(upload("a.jpg", JPEG), allowed=["jpg"]).kind == "jpg"
    error = refusal(upload("a.pdf", PDF), allowed=PHOTOS)
    assert error.messages == ["“a.pdf” is not an allowed file type. Allowed: JPEG, PNG."]
    # With Office files not allowed a macro file is simply not allowed.
    assert refusal(upload("a.docm", docx(main=DOCM_MAIN)), allowed=["pdf"]).code == "file_type"
    with pytest.raises(ValueError):
        validate_upload(upload("a.pdf", PDF), allowed=["exe"])


# --- names ---------------------------------------------------------------------------------

STORED = re.compile(r"^files/projects/\d{4}/\d{2}/[0-9a-f]{32}(\.pdf|\.docx|\.xlsx|\.jpg|\.png)?$")


@pytest.mark.parametrize(
    ("filename", "extension"),
    [
        ("../../etc/passwd.pdf", ".pdf"),
        ("..\\..\\Windows\\win.ini", ""),
        ("Biên bản nghiệm thu.PDF", ".pdf"),
        ("ảnh.JPEG", ".jpg"),
        ("shell.php", ""),
        ("report.pdf.exe", ""),
        ("/tmp/x.xlsx", ".xlsx"),
        ("", ""),
    ],
)
def test_stored_name_never_contains_the_users_name(filename, extension):
    instance = SimpleNamespace(_meta=SimpleNamespace(app_label="projects"))
    name = stored_name(instance, filename)
    assert STORED.match(name), name
    assert name.endswith(extension)
    today = timezone.localdate()
    assert name.startswith(f"files/projects/{today:%Y}/{today:%m}/")
    assert ".." not in name and "passwd" not in name and "bản" not in name
    assert stored_name(instance, filename) != name  # a fresh uuid every time


def test_stored_name_takes_the_extension_from_the_validated_content():
    info = validate_upload(upload("scan.pdf", png()))
    instance = SimpleNamespace(_meta=SimpleNamespace(app_label="projects"), _upload_info=info)
    assert stored_name(instance, "scan.pdf").endswith(".png")


@pytest.mark.parametrize(
    ("given", "cleaned"),
    [
        ("../../etc/passwd.pdf", "passwd.pdf"),
        ("C:\\Users\\Lan\\Biên bản nghiệm thu.pdf", "Biên bản nghiệm thu.pdf"),
        ("Bie\u0302n ba\u0309n.pdf", "Biên bản.pdf"),  # decomposed (macOS) becomes composed
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override removed
        ("a\x00b\r\nc\t.pdf", "abc.pdf"),
        ("  Quyết   định  .docx ", "Quyết định .docx"),
        ("", "file"),
        ("..", "file"),
    ],
)
def test_original_names_are_cleaned_but_keep_vietnamese(given, cleaned):
    assert clean_name(given) == cleaned


def test_long_names_are_cut_to_200_characters_keeping_the_extension():
    name = clean_name("Đ" * 300 + ".xlsx")
    assert len(name) == 200 and name.endswith("Đ.xlsx")
    info = validate_upload(upload("x" * 300 + ".pdf", PDF))
    assert len(info.original_name) == 200 and info.original_name.endswith(".pdf")


# --- form field ----------------------------------------------------------------------------


class PhotoForm(forms.Form):
    photo = UploadField(allowed=PHOTOS)
    document = UploadField(required=False)


def test_upload_field_validates_and_hands_on_the_upload_info():
    photo = upload("Xưởng.png", png())
    form = PhotoForm(data={}, files={"photo": photo})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["photo"] is photo
    assert photo.upload_info.kind == "png"
    assert form.cleaned_data["document"] is None


def test_upload_field_shows_the_refusal_next_to_the_field():
    with translation.override("en"):
        form = PhotoForm(data={}, files={"photo": upload("a.png", PDF)})
        assert not form.is_valid()
    assert form.errors["photo"] == ["“a.png” is not an allowed file type. Allowed: JPEG, PNG."]


def test_upload_field_keeps_the_initial_file_without_revalidating():
    field = UploadField()
    initial = SimpleNamespace(name="files/projects/2025/01/abc.pdf")
    assert field.clean(None, initial) is initial


def test_upload_field_sets_accept_and_help_text():
    with translation.override("en"):
        html = str(PhotoForm()["photo"])
        help_text = str(PhotoForm().fields["document"].help_text)
    assert 'accept=".jpg,.jpeg,.jpe,image/jpeg,.png,image/png"' in html
    assert help_text == "Allowed: PDF, Word (.docx), Excel (.xlsx), JPEG, PNG; at most 20 MB."


# --- serving -------------------------------------------------------------------------------


@pytest.fixture
def stored(tmp_path):
    storage = FileSystemStorage(location=tmp_path)
    field = models.FileField(storage=storage)

    def make(data: bytes, name: str = "files/projects/2025/05/0123abcd.pdf") -> FieldFile:
        saved = storage.save(name, io.BytesIO(data))
        return FieldFile(None, field, saved)

    return make


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def finish(response) -> None:
    # Not response.close(): that sends request_finished, which touches the database.
    response.file_to_stream.close()


def test_file_response_sends_the_vietnamese_name_and_safe_headers(stored):
    response = file_response(
        stored(PDF), download_name="Biên bản nghiệm thu.pdf", content_type="application/pdf"
    )
    assert response.status_code == 200 and body(response) == PDF
    disposition = response["Content-Disposition"]
    assert disposition.startswith('attachment; filename="Bien ban nghiem thu.pdf"; ')
    assert "filename*=UTF-8''Bi%C3%AAn%20b%E1%BA%A3n%20nghi%E1%BB%87m%20thu.pdf" in disposition
    encoded = disposition.split("filename*=UTF-8''")[1]
    assert unquote(encoded) == "Biên bản nghiệm thu.pdf"
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"] == "private"
    assert response["Content-Length"] == str(len(PDF))
    finish(response)


def test_the_ascii_fallback_name_keeps_the_extension_and_no_quotes(stored):
    response = file_response(
        stored(PDF), download_name='Đơn "xin" hỗ trợ; 2025.pdf', content_type="application/pdf"
    )
    assert response["Content-Disposition"].startswith(
        'attachment; filename="Don xin ho tro 2025.pdf"; '
    )
    finish(response)
    response = file_response(stored(PDF), download_name="报告.pdf", content_type="application/pdf")
    assert 'filename="file.pdf"' in response["Content-Disposition"]
    finish(response)


def test_inline_only_for_pdf_and_images(stored):
    pdf = file_response(
        stored(PDF), download_name="a.pdf", content_type="application/pdf", inline=True
    )
    assert pdf["Content-Disposition"].startswith("inline; ")
    assert pdf["X-Frame-Options"] == "SAMEORIGIN"  # previewable in our own pages
    assert "frame-ancestors 'self'" in pdf["Content-Security-Policy"]
    word = file_response(
        stored(docx(), "files/projects/2025/05/a.docx"),
        download_name="a.docx",
        content_type=uploads.KINDS["docx"].content_type,
        inline=True,
    )
    assert word["Content-Disposition"].startswith("attachment; ")
    assert "X-Frame-Options" not in word  # left to the middleware (DENY)
    finish(pdf)
    finish(word)


def test_unknown_content_types_are_served_as_bytes_to_download(stored):
    response = file_response(
        stored(b"<script>alert(1)</script>"),
        download_name="a.html",
        content_type="text/html",
        inline=True,
    )
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment; ")
    finish(response)


def test_the_download_name_gets_the_extension_of_the_content(stored):
    response = file_response(stored(PDF), download_name="virus.exe", content_type="application/pdf")
    assert 'filename="virus.exe.pdf"' in response["Content-Disposition"]
    finish(response)


def test_a_missing_file_is_404(stored):
    fieldfile = stored(PDF)
    fieldfile.storage.delete(fieldfile.name)
    with pytest.raises(Http404):
        file_response(fieldfile, download_name="a.pdf", content_type="application/pdf")
    empty = FieldFile(None, fieldfile.field, "")
    with pytest.raises(Http404):
        file_response(empty, download_name="a.pdf", content_type="application/pdf")
    outside = FieldFile(None, fieldfile.field, "../../etc/passwd")
    with pytest.raises(Http404):
        file_response(outside, download_name="a.pdf", content_type="application/pdf")
