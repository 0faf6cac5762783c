"""Reports check themselves and list any difference in their Checks section."""

import datetime

from khuyencong.plans.models import PlanVersion
from khuyencong.projects.models import BudgetLine
from khuyencong.reports import queries
from khuyencong.reports.params import Period
from khuyencong.reports.tests.conftest import M, make_plan
from khuyencong.reports.tests.helpers import run


def _plan_checks(result):
    return [c for c in result.checks if c.url]


def test_a_plan_that_agrees_with_its_projects(data, world):
    make_plan(world, [data.a], total_vnd=100 * M)
    result = run("provincial", world.users["officer"], province=world.hung_yen)
    checks = _plan_checks(result)
    assert len(checks) == 2 and all(c.ok for c in checks)
    assert not result.failed_checks


def test_a_planted_difference_in_a_plan_version_is_listed(data, world, en_client):
    plan = make_plan(world, [data.a], total_vnd=100 * M)
    PlanVersion.objects.filter(plan=plan).update(total_vnd=120 * M)
    result = run("provincial", world.users["officer"], province=world.hung_yen)
    failed = result.failed_checks
    assert len(failed) == 2
    version_check = next(c for c in failed if "version 1" in c.label)
    assert (version_check.expected, version_check.actual) == (120 * M, 100 * M)
    assert version_check.difference == -20 * M
    assert version_check.url == plan.get_absolute_url()

    client = en_client
    client.force_login(world.users["officer"])
    response = client.get("/reports/provincial/", {"period": "year", "year": 2024})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="checks-warning"' in page
    assert page.count('class="check-failed table-warning"') == 2
    assert "-20,0" in page and "Does not agree" in page


def test_the_phase_summary_mentions_a_failed_check(data, world):
    plan = make_plan(world, [data.a], total_vnd=100 * M)
    PlanVersion.objects.filter(plan=plan).update(total_vnd=99 * M)
    result = run(
        "phase", world.users["officer"], province=world.hung_yen, period=Period.phase(2016, 2024)
    )
    assert result.section("summary").paragraphs[-1].startswith("Note: 2 checks of these figures")


def test_a_source_total_that_does_not_reconcile_is_shown(data, world, monkeypatch):
    # The Đắk Lắk case: the sources add up to 89.216 while the report's total says 99.216.
    real = queries.money_total

    def inflated(projects, end):
        totals = real(projects, end)
        totals["approved"] += 10_000 * M
        return totals

    monkeypatch.setattr(queries, "money_total", inflated)
    result = run("provincial", world.users["officer"], province=world.hung_yen)
    labels = [c.label for c in result.failed_checks]
    assert "Approved money by source adds up to the total approved" in labels
    check = next(c for c in result.failed_checks if c.label.startswith("Approved money by source"))
    assert check.difference == -10_000 * M


def test_disbursed_money_of_a_line_edited_directly_still_reconciles(data, world):
    BudgetLine.objects.filter(project=data.a, source__code="local").update(revised_vnd=90 * M)
    result = run("provincial", world.users["officer"], province=world.hung_yen)
    assert result.table("money").total["approved"] == 620 * M
    assert not result.failed_checks
    assert datetime.date(2024, 12, 31) == Period.year(2024).end
