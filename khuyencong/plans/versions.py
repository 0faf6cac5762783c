"""Plan versions: what the plan held at each decision (its projects and their money), and the
side-by-side comparison of two versions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Max, Prefetch

from khuyencong.geo.models import Commune
from khuyencong.plans.models import Plan, PlanItem, PlanVersion
from khuyencong.projects.importexport.columns import describe_then, unit_name
from khuyencong.projects.models import BudgetLine, Project

DATE_FORMAT = "%d/%m/%Y"


def describe_places(project: Project | None) -> str:
    """Today's communes; for a project of before 1/7/2025 the units of the time."""
    if project is None:
        return ""
    names = [unit_name(c) for c in project.communes.all()]
    names += [describe_then(d) for d in project.districts_then.all()]
    names += [describe_then(c) for c in project.communes_then.all()]
    return "; ".join(names)


def describe_beneficiaries(project: Project | None) -> str:
    if project is None:
        return ""
    names = [e.name for e in project.establishments.all()]
    names += [v.name for v in project.craft_villages.all()]
    return "; ".join(names)


def describe_schedule(project: Project | None) -> str:
    if project is None or not (project.planned_start or project.planned_end):
        return ""
    start = project.planned_start.strftime(DATE_FORMAT) if project.planned_start else "…"
    end = project.planned_end.strftime(DATE_FORMAT) if project.planned_end else "…"
    return f"{start} - {end}"


def snapshot(plan: Plan) -> dict:
    """The selected projects as they stand: beneficiaries, places, schedule and money per
    funding source (whole VND), so that a version reads as it was decided."""
    items = list(
        PlanItem.objects.filter(plan=plan, is_selected=True)
        .select_related("project__activity_content", "project__lead_unit")
        .prefetch_related(
            "project__establishments",
            "project__craft_villages",
            "project__communes",
            "project__districts_then__province",
            Prefetch(
                "project__communes_then",
                queryset=Commune.objects.select_related("district", "province"),
            ),
        )
    )
    money: dict[int, dict[str, int]] = {}
    sources: dict[str, str] = {}
    for line in BudgetLine.objects.filter(project__in=[i.project_id for i in items]).select_related(
        "source"
    ):
        money.setdefault(line.project_id, {})[line.source.code] = line.current_vnd
        sources[line.source.code] = line.source.name
    rows = []
    for item in items:
        project = item.project
        rows.append(
            {
                "project": project.pk,
                "code": project.code,
                "title": project.title,
                "content": project.activity_content.code,
                "lead_unit": str(project.lead_unit or ""),
                "beneficiaries": describe_beneficiaries(project),
                "places": describe_places(project),
                "schedule": describe_schedule(project),
                "amounts": money.get(project.pk, {}),
            }
        )
    rows.sort(key=lambda row: row["code"])
    return {"items": rows, "sources": sources}


def state_total(data: dict) -> int:
    """State support (national and local funds) of a snapshot: what the decision approves."""
    return sum(
        amount
        for row in data["items"]
        for code, amount in row["amounts"].items()
        if code in ("national", "local")
    )


def save_version(
    plan: Plan, *, decision_number: str, decision_date: datetime.date, reason: str = ""
) -> PlanVersion:
    last = PlanVersion.objects.filter(plan=plan).aggregate(n=Max("number"))["n"] or 0
    data = snapshot(plan)
    return PlanVersion.objects.create(
        plan=plan,
        number=last + 1,
        decision_number=decision_number,
        decision_date=decision_date,
        reason=reason,
        total_vnd=state_total(data),
        data=data,
    )


def restore_latest(plan: Plan) -> None:
    """Put the plan's list of projects back as the latest version holds it."""
    version = PlanVersion.objects.filter(plan=plan).order_by("-number").first()
    if version is None:
        return
    kept = {row["project"] for row in version.data["items"]}
    for item in PlanItem.objects.filter(plan=plan):
        selected = item.project_id in kept
        if not selected and item.created_at > version.created_at:
            item.delete()  # added by the dropped amendment: the project is free again
            continue
        if item.is_selected != selected:
            item.is_selected = selected
            item.save()


@dataclass
class Difference:
    """One project compared between two versions: added, removed, changed or the same."""

    code: str
    title: str
    change: str  # added / removed / changed / same
    before: dict[str, int] = field(default_factory=dict)
    after: dict[str, int] = field(default_factory=dict)

    @property
    def before_total(self) -> int:
        return sum(self.before.values())

    @property
    def after_total(self) -> int:
        return sum(self.after.values())


def compare(old: PlanVersion, new: PlanVersion) -> list[Difference]:
    before = {row["project"]: row for row in old.data["items"]}
    after = {row["project"]: row for row in new.data["items"]}
    rows = []
    for pk in sorted(
        before.keys() | after.keys(), key=lambda k: (after.get(k) or before[k])["code"]
    ):
        a, b = before.get(pk), after.get(pk)
        row = b or a
        if a is None:
            change = "added"
        elif b is None:
            change = "removed"
        elif a["amounts"] != b["amounts"] or a["title"] != b["title"]:
            change = "changed"
        else:
            change = "same"
        rows.append(
            Difference(
                code=row["code"],
                title=row["title"],
                change=change,
                before=(a or {}).get("amounts", {}),
                after=(b or {}).get("amounts", {}),
            )
        )
    return rows
