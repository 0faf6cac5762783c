"""The new rows of a project list, created together: each checked as `services.project_create`
checks a project (`services.new_historical_project`), then, when every row passed, all saved with
a few bulk inserts — the projects with their codes, their beneficiaries and places, their budget
lines — and their change log written as the signals would have (a creation entry for each row and
the import event of each project), all attributed to the importing user."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError

from khuyencong.core.history import (
    actor_fields,
    change_record,
    creation_changes,
    event_data,
    save_records,
)
from khuyencong.core.models import ChangeRecord
from khuyencong.projects import services
from khuyencong.projects.importexport.errors import by_column
from khuyencong.projects.importexport.historical import (
    IMPORTED_EVENT,
    apply_record,
    imported_event_data,
)
from khuyencong.projects.importexport.rows import ProjectRow
from khuyencong.projects.models import BudgetLine, Project

BATCH = 500


def create_historical(rows: list[ProjectRow], *, user: Any) -> list[Project | Exception]:
    """For each row, in order, the project created or the error rejecting it. Nothing is written
    when a row is rejected (the import keeps nothing of such a file)."""
    outcomes: list[Project | Exception] = []
    prepared: list[tuple[Project, dict[str, list], ProjectRow]] = []
    for row in rows:
        try:
            project, m2m = services.new_historical_project(by=user, **row.fields)
        except ValidationError as error:
            outcomes.append(by_column(error))
            continue
        except PermissionDenied as error:
            outcomes.append(error)
            continue
        apply_record(project, row)
        prepared.append((project, m2m, row))
        outcomes.append(project)
    if len(prepared) == len(rows):
        _save(prepared)
    return outcomes


def _give_codes(projects: list[Project]) -> None:
    """The next codes of each province and year, in the order of the file."""
    groups: dict[tuple[int, int], list[Project]] = defaultdict(list)
    for project in projects:
        groups[(project.province_id, project.year)].append(project)
    for group in groups.values():
        codes = services.next_codes(
            province=group[0].province, year=group[0].year, programmes=[p.programme for p in group]
        )
        for project, code in zip(group, codes, strict=True):
            project.code = code
            project.set_search_key()


def _save(prepared: list[tuple[Project, dict[str, list], ProjectRow]]) -> None:
    projects = [project for project, _m2m, _row in prepared]
    _give_codes(projects)
    Project.objects.bulk_create(projects, batch_size=BATCH)

    links: dict[str, list] = defaultdict(list)
    lines: list[BudgetLine] = []
    for project, m2m, row in prepared:
        for name, related in m2m.items():
            field = Project._meta.get_field(name)
            through = field.remote_field.through
            source, target = field.m2m_field_name(), field.m2m_reverse_field_name()
            links[name] += [
                through(**{f"{source}_id": project.pk, f"{target}_id": obj.pk})
                for obj in related or []
            ]
        lines += [
            BudgetLine(project=project, source=source, proposed_vnd=amount, approved_vnd=amount)
            for source, amount in row.amounts.items()
            if amount
        ]
    for name, rows in links.items():
        Project._meta.get_field(name).remote_field.through.objects.bulk_create(
            rows, batch_size=BATCH
        )
    BudgetLine.objects.bulk_create(lines, batch_size=BATCH)

    actor = actor_fields()
    records = []
    for project, m2m, row in prepared:
        changes = creation_changes(project)
        for name, related in m2m.items():
            if related:
                changes[name] = [[], sorted(obj.pk for obj in related)]
        records.append(change_record(project, ChangeRecord.Action.CREATE, changes, actor=actor))
        records.append(
            change_record(
                project,
                ChangeRecord.Action.EVENT,
                event_data(imported_event_data(project, row, "created")),
                event=IMPORTED_EVENT,
                actor=actor,
            )
        )
    records += [
        change_record(line, ChangeRecord.Action.CREATE, creation_changes(line), actor=actor)
        for line in lines
    ]
    save_records(records)
