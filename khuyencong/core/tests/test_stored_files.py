"""A StoredFile row takes an upload's description from validation and its file under a safe name."""

import hashlib
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import override_settings
from django.test.utils import isolate_apps

from khuyencong.core import stored_files
from khuyencong.core.stored_files import StoredFile, file_fields_from_upload
from khuyencong.core.uploads import PHOTOS, stored_name, validate_upload

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def test_columns_come_from_the_content():
    fields = file_fields_from_upload(SimpleUploadedFile("Tờ trình.exe", PDF))
    assert fields == {
        "original_name": "Tờ trình.exe",
        "kind": "pdf",
        "content_type": "application/pdf",
        "size": len(PDF),
        "sha256": hashlib.sha256(PDF).hexdigest(),
    }


def test_a_file_validated_by_the_form_is_not_read_again(monkeypatch):
    uploaded = SimpleUploadedFile("a.pdf", PDF)
    uploaded.upload_info = validate_upload(uploaded)
    monkeypatch.setattr(stored_files, "validate_upload", pytest.fail)
    assert file_fields_from_upload(uploaded)["kind"] == "pdf"


def test_a_file_validated_for_more_kinds_is_checked_against_the_narrower_list():
    uploaded = SimpleUploadedFile("a.pdf", PDF)
    uploaded.upload_info = validate_upload(uploaded)
    with pytest.raises(ValidationError):
        file_fields_from_upload(uploaded, allowed=PHOTOS)


def test_the_abstract_model_declares_the_columns():
    assert StoredFile._meta.abstract
    file_field = StoredFile._meta.get_field("file")
    assert file_field.upload_to is stored_name and file_field.max_length == 255
    assert StoredFile._meta.get_field("sha256").db_index
    assert StoredFile._meta.get_field("kind").max_length == 10
    uploaded_by = StoredFile._meta.get_field("uploaded_by")
    assert uploaded_by.null and uploaded_by.remote_field.on_delete is models.SET_NULL
    assert StoredFile.history_exclude == frozenset({"created_at", "updated_at", "version"})


@isolate_apps("khuyencong.core")
def test_a_concrete_table_stores_the_file_under_a_uuid_name(tmp_path):
    class Photo(StoredFile):
        allowed_kinds = PHOTOS
        uploaded_by = None  # the user model is not in this isolated registry

        class Meta:
            app_label = "core"

    photo = Photo()
    with pytest.raises(ValidationError):
        photo.fill_from_upload(SimpleUploadedFile("a.pdf", PDF))

    info = photo.fill_from_upload(SimpleUploadedFile("../Ảnh xưởng.JPG", PNG))
    assert (photo.kind, photo.original_name, photo.size) == ("png", "Ảnh xưởng.JPG", len(PNG))
    assert info.sha256 == photo.sha256 and str(photo) == "Ảnh xưởng.JPG"
    with override_settings(MEDIA_ROOT=tmp_path):
        Photo._meta.get_field("file").pre_save(photo, add=True)  # what save() does first
        assert re.fullmatch(r"files/core/\d{4}/\d{2}/[0-9a-f]{32}\.png", photo.file.name)
        assert (tmp_path / photo.file.name).read_bytes() == PNG
        response = photo.response(inline=True)
        assert response["Content-Type"] == "image/png"
        assert response["Content-Disposition"].startswith('inline; filename="Anh xuong.JPG.png"')
        response.file_to_stream.close()  # not close(): that signals request_finished
