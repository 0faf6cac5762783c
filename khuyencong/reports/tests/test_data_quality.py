"""The data-quality page lists what weakens the reports, with links."""

import datetime

from khuyencong.projects.models import Project, ProjectOutput
from khuyencong.reports import quality
from khuyencong.reports.tests.conftest import money


def _problems(user):
    return {problem.key: problem for problem in quality.problems(user)}


def test_a_clean_fixture_lists_only_the_historical_problems(data, world):
    problems = _problems(world.users["officer"])
    assert problems["no_actuals"].count == 0
    assert problems["zero_lines"].count == 0
    assert problems["legal_basis"].count == 0
    # D: closed with a settled amount but no settlement decision number; no today's commune.
    assert [p for p, _ in problems["settled_no_number"].rows] == [data.d]
    assert problems["unmapped"].rows == [(data.d, "Thái Bình → Hưng Yên")]


def test_each_problem_is_found(data, world, en_client):
    ProjectOutput.objects.filter(project=data.a).update(actual=None)
    money(data.b, "other", approved=0)
    Project.objects.filter(pk=data.a.pk).update(approved_on=datetime.date(2010, 1, 1))
    problems = _problems(world.users["officer"])
    assert [p for p, _ in problems["no_actuals"].rows] == [data.a]
    assert problems["zero_lines"].rows == [(data.b, "Nguồn khác")]
    assert [p for p, _ in problems["legal_basis"].rows] == [data.a]

    en_client.force_login(world.users["officer"])
    response = en_client.get("/reports/data-quality/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'href="{data.a.get_absolute_url()}"' in page
    assert 'id="problem-zero_lines"' in page and 'data-count="1"' in page
