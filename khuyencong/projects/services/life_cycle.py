"""A project's life-cycle actions, with the documents each needs."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from khuyencong.accounts.models import User
from khuyencong.core.services import write
from khuyencong.core.workflow import TransitionRefused
from khuyencong.projects.models import DocumentKind, Project
from khuyencong.projects.services.documents import document_add
from khuyencong.projects.workflow import ATTACHMENT_KIND, PROJECT_WORKFLOW, REQUIRED_DOCUMENTS


def missing_documents(project: Project, name: str) -> list[str]:
    present = set(project.documents.values_list("document_kind", flat=True))
    return [kind for kind in REQUIRED_DOCUMENTS.get(name, ()) if kind not in present]


@write
def project_transition(
    *,
    project: Project,
    by: User,
    name: str,
    expected_version: int | None = None,
    data: dict[str, Any] | None = None,
    attachment=None,
) -> Project:
    """Take a life-cycle action. An attachment is filed under the action's document type in
    the same transaction; the documents the action needs must be there."""
    data = dict(data or {})
    transition = PROJECT_WORKFLOW.get(name)
    reasons = PROJECT_WORKFLOW.reasons(project, by, transition)
    if reasons:
        raise TransitionRefused(reasons)
    if attachment is not None:
        kind = ATTACHMENT_KIND.get(name, DocumentKind.OTHER)
        document = document_add(project=project, by=by, upload=attachment, document_kind=kind)
        data.setdefault("event_data", {})["document"] = document.pk
    missing = missing_documents(project, name)
    if missing:
        labels = ", ".join(str(DocumentKind(kind).label) for kind in missing)
        raise ValidationError(
            {
                "attachment": _("Attach the %(documents)s (or upload it under Documents).")
                % {"documents": labels.lower()}
            }
        )
    if transition.name == "settle":
        data["settled"] = data.get("settled") or {}
    return PROJECT_WORKFLOW.perform(
        project, user=by, name=name, data=data, expected_version=expected_version
    )
