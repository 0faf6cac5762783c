"""Generic pages: download a template, upload for a dry run, commit, export a filtered list."""

from __future__ import annotations

import uuid

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from khuyencong.core.forms import BootstrapFormMixin
from khuyencong.core.importexport.engine import run_import
from khuyencong.core.importexport.files import MAX_BYTES, XLSX_TYPE, write_csv, write_xlsx
from khuyencong.core.importexport.registry import get_spec

SESSION_KEY = "pending_imports"


class UploadForm(BootstrapFormMixin, forms.Form):
    file = forms.FileField(
        label=gettext_lazy("File (.xlsx or .csv)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def template(request: HttpRequest, slug: str) -> HttpResponse:
    spec = get_spec(slug)
    if not spec.may_import(request.user):
        raise PermissionDenied
    headers = [str(c.header) for c in spec.all_columns()]
    data = write_xlsx(
        title=str(spec.title), headers=headers, rows=[], instructions=spec.instructions()
    )
    return _download(data, f"mau-nhap-{slug}.xlsx", XLSX_TYPE)


@login_required
def export(request: HttpRequest, slug: str) -> HttpResponse:
    spec = get_spec(slug)
    if not spec.may_export(request.user):
        raise PermissionDenied
    headers = [str(c.header) for c in spec.all_columns()]
    rows = spec.export_rows(spec.export_queryset(request))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if request.GET.get("format") == "csv":
        return _download(
            write_csv(headers=headers, rows=rows), f"{slug}-{stamp}.csv", "text/csv; charset=utf-8"
        )
    data = write_xlsx(
        title=str(spec.title), headers=headers, rows=rows, instructions=spec.instructions()
    )
    return _download(data, f"{slug}-{stamp}.xlsx", XLSX_TYPE)


@login_required
def upload(request: HttpRequest, slug: str) -> HttpResponse:
    spec = get_spec(slug)
    if not spec.may_import(request.user):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    result = token = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", _("The file is larger than 20 MB."))
        else:
            data = upload.read()
            result = run_import(spec, name=upload.name, data=data, user=request.user, commit=False)
            if result.ok:
                token = uuid.uuid4().hex
                path = default_storage.save(f"imports/{token}-{slug}", ContentFile(data))
                pending = request.session.get(SESSION_KEY, {})
                pending[token] = {"slug": slug, "path": path, "name": upload.name}
                request.session[SESSION_KEY] = pending
    return render(
        request,
        "core/import.html",
        {"spec": spec, "form": form, "result": result, "token": token},
    )


@login_required
@require_POST
def commit(request: HttpRequest, slug: str) -> HttpResponse:
    spec = get_spec(slug)
    if not spec.may_import(request.user):
        raise PermissionDenied
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.pop(request.POST.get("token", ""), None)
    request.session[SESSION_KEY] = pending
    if entry is None or entry["slug"] != slug:
        messages.error(request, _("This import has expired. Upload the file again."))
        return redirect("core:import", slug=slug)
    with default_storage.open(entry["path"], "rb") as fh:
        data = fh.read()
    default_storage.delete(entry["path"])
    result = run_import(spec, name=entry["name"], data=data, user=request.user, commit=True)
    if not result.committed:
        return render(
            request,
            "core/import.html",
            {"spec": spec, "form": UploadForm(), "result": result, "token": None},
        )
    counts = result.counts
    messages.success(
        request,
        _("Import saved: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
        % counts,
    )
    return redirect(spec.list_url_name) if spec.list_url_name else redirect("home")
