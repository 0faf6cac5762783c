"""Project pages: thin — parse the request, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from khuyencong.core.panels import panels_for
from khuyencong.core.selectors import history_of, timeline
from khuyencong.core.uploads import file_response
from khuyencong.core.views import call_service, transition_page
from khuyencong.policy.selectors import funding_sources
from khuyencong.projects import selectors, services
from khuyencong.projects.filters import ProjectFilter
from khuyencong.projects.forms import (
    BudgetForm,
    DocumentForm,
    MovementForm,
    OutputFormSet,
    OutputsVersionForm,
    ProjectForm,
    TransitionForm,
)
from khuyencong.projects.models import Project
from khuyencong.projects.workflow import PROJECT_WORKFLOW

PAGE_SIZE = 25


def _list(request: HttpRequest, *, mine: bool) -> HttpResponse:
    sort = request.GET.get("sort", "")
    rows = selectors.project_list(user=request.user, sort=sort)
    if mine:
        rows = rows.filter(officers=request.user)
    filterset = ProjectFilter(request.GET, queryset=rows, request=request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "projects/project_list.html",
        {
            "filter": filterset,
            "page_obj": page,
            "sort": sort,
            "mine": mine,
            "summary": selectors.project_summary(filterset.qs, count=page.paginator.count),
            "can_create": services.may_create(request.user),
        },
    )


@login_required
def project_list(request: HttpRequest) -> HttpResponse:
    return _list(request, mine=False)


@login_required
def my_projects(request: HttpRequest) -> HttpResponse:
    return _list(request, mine=True)


@login_required
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    context = selectors.project_page(user=request.user, project=project)
    context["project"] = project
    context["timeline"] = timeline(history_of(project)[:50], Project)
    context["document_form"] = DocumentForm() if context["can_upload"] else None
    context["panels"] = panels_for(request.user, project)
    return render(request, "projects/project_detail.html", context)


@login_required
def project_create(request: HttpRequest) -> HttpResponse:
    if not services.may_create(request.user):
        raise PermissionDenied
    form = ProjectForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        project = call_service(
            form, lambda: services.project_create(by=request.user, **form.values())
        )
        if project is not None:
            messages.success(request, _("Project %(code)s created.") % {"code": project.code})
            return redirect(project)
    return render(request, "projects/project_form.html", {"form": form, "project": None})


@login_required
def project_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if not services.may_edit(request.user, project):
        raise PermissionDenied
    form = ProjectForm(
        request.POST or None,
        user=request.user,
        project=project,
        initial=ProjectForm.initial_for(project),
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.project_update(
                project=project,
                by=request.user,
                expected_version=form.cleaned_data["version"] or 0,
                **form.values(),
            ),
        )
        if saved is not None:
            messages.success(request, _("Changes saved."))
            return redirect(saved)
    return render(request, "projects/project_form.html", {"form": form, "project": project})


@login_required
def budget_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    column = services.budget_column(request.user, project)
    if column is None:
        raise PermissionDenied
    lines = {line.source_id: line for line in project.budget_lines.all()}
    sources = list(funding_sources())
    initial = {"version": project.version, "cap_justification": project.cap_justification}
    for source in sources:
        line = lines.get(source.pk)
        if line is not None:
            initial[f"source_{source.pk}"] = getattr(line, column) or line.current_vnd
    form = BudgetForm(request.POST or None, sources=sources, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            lambda: (
                services.budget_save(
                    project=project,
                    by=request.user,
                    expected_version=form.cleaned_data["version"] or 0,
                    amounts=form.amounts(),
                    cap_justification=form.cleaned_data["cap_justification"],
                )
                or True
            ),
        )
        if done:
            messages.success(request, _("Budget saved."))
            return redirect(project)
    return render(
        request,
        "projects/budget_form.html",
        {
            "project": project,
            "form": form,
            "column": column,
            "lines": lines,
            "cap_vnd": services.support.cap_vnd(project),
        },
    )


@login_required
def outputs_edit(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    columns = services.output_columns(request.user, project)
    if not columns:
        raise PermissionDenied
    outputs = list(project.outputs.select_related("indicator"))
    initial = [
        {"indicator": o.indicator, "target": o.target, "actual": o.actual, "note": o.note}
        for o in outputs
    ]
    formset = OutputFormSet(request.POST or None, initial=initial, prefix="outputs")
    version_form = OutputsVersionForm(request.POST or None, initial={"version": project.version})
    if "target" not in columns:
        formset.extra = 0
        for form in formset.forms:
            for name in ("indicator", "target", "note"):
                form.fields[name].disabled = True
    if request.method == "POST" and formset.is_valid() and version_form.is_valid():
        done = call_service(
            version_form,
            lambda: (
                services.outputs_save(
                    project=project,
                    by=request.user,
                    expected_version=version_form.cleaned_data["version"] or 0,
                    rows=formset.rows(),
                )
                or True
            ),
        )
        if done:
            messages.success(request, _("Outputs saved."))
            return redirect(project)
    return render(
        request,
        "projects/outputs_form.html",
        {
            "project": project,
            "formset": formset,
            "version_form": version_form,
            "columns": columns,
        },
    )


@login_required
def movement_add(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if not services.may_record_money(request.user, project):
        raise PermissionDenied
    form = MovementForm(request.POST or None, project=project)
    if request.method == "POST" and form.is_valid():
        movement = call_service(
            form,
            lambda: services.movement_add(project=project, by=request.user, **form.cleaned_data),
        )
        if movement is not None:
            messages.success(request, _("Transaction recorded."))
            return redirect(f"{project.get_absolute_url()}#money")
    return render(request, "projects/movement_form.html", {"project": project, "form": form})


@login_required
@require_POST
def document_upload(request: HttpRequest, pk: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    if not services.may_upload(request.user, project):
        raise PermissionDenied
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        document = call_service(
            form,
            lambda: services.document_add(
                project=project,
                by=request.user,
                upload=form.cleaned_data["upload"],
                document_kind=form.cleaned_data["document_kind"],
                title=form.cleaned_data["title"],
            ),
        )
        if document is not None:
            messages.success(request, _("Document uploaded."))
            return redirect(f"{project.get_absolute_url()}#documents")
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, error)
    return redirect(f"{project.get_absolute_url()}#documents")


@login_required
def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    return file_response(
        document.file,
        download_name=document.original_name,
        content_type=document.content_type,
        inline=request.GET.get("inline") == "1",
    )


@login_required
@require_POST
def document_remove(request: HttpRequest, pk: int) -> HttpResponse:
    document = selectors.document_get(user=request.user, pk=pk)
    project = document.project
    try:
        services.document_remove(document=document, by=request.user)
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Document removed."))
    return redirect(f"{project.get_absolute_url()}#documents")


@login_required
def project_transition(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    return transition_page(
        request,
        record=project,
        workflow=PROJECT_WORKFLOW,
        name=name,
        make_form=lambda transition: TransitionForm(
            request.POST or None,
            request.FILES or None,
            transition=transition,
            project=project,
            budget_lines=project.budget_lines.select_related("source"),
            initial={"version": project.version},
        ),
        perform=lambda form: services.project_transition(
            project=project,
            by=request.user,
            name=name,
            expected_version=form.cleaned_data["version"] or 0,
            data=form.data_for_service(),
            attachment=form.cleaned_data.get("attachment"),
        ),
        template="projects/transition_form.html",
        done_message=_("%(action)s: done. The project is now “%(status)s”."),
        context={
            "project": project,
            "missing_documents": services.missing_documents(project, name),
            "cap_vnd": services.support.cap_vnd(project),
        },
    )


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    project = selectors.project_get(user=request.user, pk=pk)
    version = selectors.version_get(user=request.user, project=project, number=number)
    return render(request, "projects/version_detail.html", {"project": project, "version": version})
