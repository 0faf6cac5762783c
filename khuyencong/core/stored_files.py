"""`StoredFile`: the abstract base of every table of uploaded files (project documents, inspection
photos, …). Each app makes its own concrete table with a link to its owner and `scope_paths`,
so that `restrict()` decides who may see a file exactly as it decides for the owner.

    class ProjectDocument(StoredFile):
        project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="documents")
        scope_paths = ScopePaths(province="project__province", commune="project__commune")

    # in a service, inside its transaction:
    document = ProjectDocument(project=project)
    document.fill_from_upload(uploaded_file, by=user)
    document.save()

    # in a view, after get_in_scope(...):
    return document.response()
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models
from django.http import FileResponse
from django.utils.translation import gettext_lazy as _

from khuyencong.core.models import DomainModel
from khuyencong.core.uploads import (
    KIND_CHOICES,
    UploadInfo,
    allowed_kinds,
    file_response,
    stored_name,
    validate_upload,
)


def upload_info(uploaded_file: Any, *, allowed: Iterable[str] | None = None) -> UploadInfo:
    """The file's `UploadInfo`: the one `UploadField` attached, else a fresh validation.

    Raises ValidationError when the file is not acceptable (or not of an `allowed` kind)."""
    info = getattr(uploaded_file, "upload_info", None)
    if isinstance(info, UploadInfo) and info.kind in allowed_kinds(allowed):
        return info
    return validate_upload(uploaded_file, allowed=allowed)


def file_fields_from_upload(
    uploaded_file: Any, *, allowed: Iterable[str] | None = None
) -> dict[str, Any]:
    """The `StoredFile` column values describing an upload (all but `file` and `uploaded_by`)."""
    return _columns(upload_info(uploaded_file, allowed=allowed))


def _columns(info: UploadInfo) -> dict[str, Any]:
    return {
        "original_name": info.original_name,
        "kind": info.kind,
        "content_type": info.content_type,
        "size": info.size,
        "sha256": info.sha256,
    }


class StoredFile(DomainModel):
    """An uploaded file checked by content, stored as files/<app>/<yyyy>/<mm>/<uuid><ext>.

    `allowed_kinds` narrows what a concrete table accepts (e.g. `PHOTOS`); None accepts the whole
    allow-list. The change log keeps every column, the stored path included.
    """

    file = models.FileField(_("file"), upload_to=stored_name, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=10, choices=KIND_CHOICES)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    allowed_kinds: tuple[str, ...] | None = None

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.original_name

    def fill_from_upload(self, uploaded_file: Any, *, by: Any = None) -> UploadInfo:
        """Validate (unless `UploadField` already did) and take the file and its description.

        The file is written to storage when the row is saved, under a name from `stored_name`
        with the extension of its content."""
        info = upload_info(uploaded_file, allowed=self.allowed_kinds)
        self._upload_info = info
        for field, value in _columns(info).items():
            setattr(self, field, value)
        if by is not None:
            self.uploaded_by = by
        self.file = uploaded_file
        return info

    def response(self, *, inline: bool = False) -> FileResponse:
        """Serve the file under its original name. Check the scope before calling."""
        return file_response(
            self.file,
            download_name=self.original_name,
            content_type=self.content_type,
            inline=inline,
        )
