"""Entries: registration, the entry's page (dossier, scores as far as the user may see them,
the product's path), files, and the juror's scoring screen."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from khuyencong.contests import selectors, services
from khuyencong.contests.forms import EntryForm, FilesForm, JurorsForm, ScoreForm
from khuyencong.contests.models import Criterion, EntryDocument, EntryPhoto, Score
from khuyencong.core.scope import restrict
from khuyencong.core.views import call_service


@login_required
def entry_create(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = selectors.round_get(user=request.user, pk=pk)
    establishment = getattr(request.user, "establishment", None)
    if not (
        services.may_manage(request.user, round_)
        or services.may_enter(request.user, round_, establishment)
    ):
        raise PermissionDenied
    form = EntryForm(request.POST or None, request.FILES or None, user=request.user, round_=round_)
    if request.method == "POST" and form.is_valid():
        values = form.values()
        files = form.cleaned_data
        saved = call_service(
            form,
            lambda: services.entry_create(
                round_=round_,
                by=request.user,
                photos=[files["photo"]] if files.get("photo") else [],
                documents=[files["document"]] if files.get("document") else [],
                **values,
            ),
        )
        if saved is not None:
            messages.success(request, _("Entry registered."))
            return redirect(saved)
    return render(
        request,
        "contests/form.html",
        {
            "form": form,
            "title": _("Register a product"),
            "subtitle": round_.title,
            "cancel_url": round_.get_absolute_url(),
            "multipart": True,
        },
    )


@login_required
def entry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    entry = selectors.entry_get(user=user, pk=pk)
    round_ = entry.round
    scores = list(selectors.scores_for(user, entry))
    jurors = sorted({s.juror for s in scores}, key=lambda j: j.pk)
    criteria = list(
        Criterion.objects.filter(group__round=round_)
        .select_related("group")
        .order_by("group__order", "order")
    )
    table = {(s.juror_id, s.criterion_id): s.points for s in scores}
    rows = [{"criterion": c, "points": [table.get((j.pk, c.pk)) for j in jurors]} for c in criteria]
    totals = [sum((s.points for s in scores if s.juror_id == j.pk), 0) for j in jurors]
    return render(
        request,
        "contests/entry_detail.html",
        {
            "entry": entry,
            "round": round_,
            "photos": entry.photos.all(),
            "documents": entry.documents.all(),
            "jurors": jurors,
            "rows": rows,
            "totals": totals,
            "scores_public": selectors.may_see_scores(user, entry),
            "may_score": selectors.may_score_entry(user, entry),
            "may_add_files": services.may_enter(user, round_, entry.establishment),
            "may_assign": services.may_manage(user, round_) and round_.status != "closed",
            "assigned": list(entry.jurors.all()),
            "files_form": FilesForm(),
            "path": selectors.product_path(entry),
        },
    )


@login_required
def files_add(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk)
    form = FilesForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        photo, document = form.cleaned_data.get("photo"), form.cleaned_data.get("document")
        saved = call_service(
            form,
            lambda: services.files_add(
                entry=entry,
                by=request.user,
                photos=[photo] if photo else [],
                documents=[document] if document else [],
            ),
        )
        if saved is not None:
            messages.success(request, _("Files added."))
            return redirect(entry)
    return render(
        request,
        "contests/form.html",
        {
            "form": form,
            "title": _("Add photos and documents"),
            "cancel_url": entry.get_absolute_url(),
            "multipart": True,
        },
    )


def _file(request, model, pk):
    # A file is served to whoever may see its entry.
    stored = model.objects.select_related("entry").filter(pk=pk).first()
    if stored is None:
        raise Http404
    visible = selectors.entry_list(user=request.user).filter(pk=stored.entry_id).exists()
    certified = hasattr(stored.entry, "certificate") and model is EntryPhoto
    if not (visible or certified or restrict(model.objects.filter(pk=pk), request.user).exists()):
        raise Http404
    return stored.response(inline=model is EntryPhoto)


@login_required
def photo(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(request, EntryPhoto, pk)


@login_required
def document(request: HttpRequest, pk: int) -> HttpResponse:
    return _file(request, EntryDocument, pk)


@login_required
def score(request: HttpRequest, pk: int) -> HttpResponse:
    """The juror's screen: one entry, every criterion with its maximum, "save and next"."""
    user = request.user
    entry = selectors.entry_get(user=user, pk=pk)
    round_ = entry.round
    if not services.is_juror(user, round_):
        raise Http404
    queue = selectors.juror_queue(user=user, round_=round_)
    if entry.pk not in {e.pk for e in queue}:
        raise Http404
    criteria = list(
        Criterion.objects.filter(group__round=round_)
        .select_related("group")
        .order_by("group__order", "order")
    )
    mine = {s.criterion_id: s.points for s in Score.objects.filter(entry=entry, juror=user)}
    form = ScoreForm(request.POST or None, criteria=criteria, initial_points=mine)
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form, lambda: services.scores_save(entry=entry, by=user, points=form.points())
        )
        if saved is not None:
            messages.success(request, _("Scores saved for “%(p)s”.") % {"p": entry.product_name})
            if "next" in request.POST:
                following = [
                    e for e in queue if e.pk != entry.pk and not e.scored and not e.conflict
                ]
                if following:
                    return redirect("contests:score", following[0].pk)
            return redirect(reverse("contests:round_detail", args=[round_.pk]) + "#my-scoring")
    position = [e.pk for e in queue].index(entry.pk) + 1
    groups = []
    for criterion in criteria:
        if not groups or groups[-1]["group"] != criterion.group:
            groups.append({"group": criterion.group, "fields": []})
        groups[-1]["fields"].append((criterion, form[f"c{criterion.pk}"]))
    return render(
        request,
        "contests/score.html",
        {
            "entry": entry,
            "round": round_,
            "form": form,
            "groups": groups,
            "queue": queue,
            "position": position,
            "conflict": services.has_conflict(user, entry),
            "open": selectors.may_score_entry(user, entry),
            "photos": entry.photos.all(),
        },
    )


@login_required
def jurors_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = selectors.entry_get(user=request.user, pk=pk)
    if not services.may_manage(request.user, entry.round):
        raise PermissionDenied
    form = JurorsForm(
        request.POST or None, entry=entry, initial={"jurors": list(entry.jurors.all())}
    )
    if request.method == "POST" and form.is_valid():
        saved = call_service(
            form,
            lambda: services.assign_jurors(
                entry=entry, by=request.user, jurors=form.cleaned_data["jurors"]
            ),
        )
        if saved is not None:
            messages.success(request, _("Jurors assigned."))
            return redirect(entry)
    return render(
        request,
        "contests/form.html",
        {
            "form": form,
            "title": _("Jurors of the entry"),
            "subtitle": entry.product_name,
            "cancel_url": entry.get_absolute_url(),
        },
    )
