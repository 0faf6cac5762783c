"""A project's documents: uploading and removing them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.core.services import write
from khuyencong.projects.models import EDITABLE_STATES, DocumentKind, Project, ProjectDocument
from khuyencong.projects.services.permissions import check_allowed, may_upload


@write
def document_add(
    *, project: Project, by: User, upload, document_kind: str, title: str = ""
) -> ProjectDocument:
    check_allowed(may_upload(by, project))
    if document_kind not in DocumentKind.values:
        raise ValidationError({"document_kind": _("Choose the type of document.")})
    document = ProjectDocument(
        project=project,
        document_kind=document_kind,
        title=" ".join((title or "").split())[:255],
    )
    info = document.fill_from_upload(upload, by=by)
    if document_kind == DocumentKind.PHOTO and info.kind not in {"jpg", "png"}:
        raise ValidationError({"upload": _("A photo must be a JPEG or PNG image.")})
    document.save()
    return document


@write
def document_remove(*, document: ProjectDocument, by: User) -> None:
    check_allowed(may_upload(by, document.project) and document.project.status in EDITABLE_STATES)
    document.file.delete(save=False)
    document.delete()
