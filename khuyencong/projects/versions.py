"""Versions of a project: version 1 as approved, one more for each approved amendment.

A version keeps what an amendment may change — schedule, beneficiaries, places and money — so
that earlier versions stay viewable and a refused amendment puts the project back as it was.
"""

from __future__ import annotations

import datetime

from django.db.models import Max

from khuyencong.projects.models import BudgetLine, Project, ProjectVersion


def snapshot(project: Project) -> dict:
    lines = BudgetLine.objects.filter(project=project).select_related("source")
    return {
        "title": project.title,
        "planned_start": project.planned_start.isoformat() if project.planned_start else None,
        "planned_end": project.planned_end.isoformat() if project.planned_end else None,
        "eligible_cost_vnd": project.eligible_cost_vnd,
        "support_units": project.support_units,
        "establishments": [[e.pk, e.name] for e in project.establishments.order_by("pk")],
        "craft_villages": [[v.pk, v.name] for v in project.craft_villages.order_by("pk")],
        "communes": [[c.pk, c.full_name] for c in project.communes.order_by("pk")],
        "budget": [
            {
                "source": line.source_id,
                "source_name": line.source.name,
                "approved_vnd": line.approved_vnd,
                "revised_vnd": line.revised_vnd,
                "current_vnd": line.current_vnd,
            }
            for line in lines
        ],
    }


def save_version(
    project: Project,
    *,
    decision_number: str,
    decision_date: datetime.date | None,
    reason: str = "",
) -> ProjectVersion:
    last = ProjectVersion.objects.filter(project=project).aggregate(n=Max("number"))["n"] or 0
    return ProjectVersion.objects.create(
        project=project,
        number=last + 1,
        decision_number=decision_number or "",
        decision_date=decision_date,
        reason=reason,
        data=snapshot(project),
    )


def restore_latest(project: Project) -> None:
    """Put back what the latest version holds (used when an amendment is refused)."""
    version = ProjectVersion.objects.filter(project=project).order_by("-number").first()
    if version is None:
        return
    data = version.data
    project.planned_start = _date(data.get("planned_start"))
    project.planned_end = _date(data.get("planned_end"))
    project.eligible_cost_vnd = data.get("eligible_cost_vnd")
    project.support_units = data.get("support_units") or 1
    project.establishments.set([pk for pk, _ in data.get("establishments", [])])
    project.craft_villages.set([pk for pk, _ in data.get("craft_villages", [])])
    project.communes.set([pk for pk, _ in data.get("communes", [])])
    kept = {row["source"]: row for row in data.get("budget", [])}
    for line in BudgetLine.objects.filter(project=project):
        row = kept.get(line.source_id)
        if row is None:
            line.delete()
            continue
        if (line.approved_vnd, line.revised_vnd) != (row["approved_vnd"], row["revised_vnd"]):
            line.approved_vnd = row["approved_vnd"]
            line.revised_vnd = row["revised_vnd"]
            line.save()


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None
