"""The plan tests reuse the project world (Hưng Yên and Bắc Ninh, one user per role) and add
helpers that drive a plan through registration, approval, amendments and allocation."""

from __future__ import annotations

import datetime

import pytest

from khuyencong.plans import services
from khuyencong.plans.models import Plan
from khuyencong.projects.tests import conftest as project_fixtures
from khuyencong.projects.tests.conftest import TODAY, World

# The project world's fixtures, shared.
world = project_fixtures.world
_english = project_fixtures._english
_media = project_fixtures._media
_fast_password_hashing = project_fixtures._fast_password_hashing


class Planner:
    def __init__(self, world: World):
        self.world = world

    def plan(self, kind: str = "local", by: str = "manager", **values) -> Plan:
        province = values.pop("province", self.world.hung_yen)
        return services.plan_create(
            by=self.world.users[by], kind=kind, year=TODAY.year, province=province, **values
        )

    def act(self, plan: Plan, name: str, by: str, **data) -> Plan:
        plan.refresh_from_db()
        return services.plan_transition(
            plan=plan, by=self.world.users[by], name=name, expected_version=plan.version, data=data
        )

    def approved(self, plan: Plan, projects: list, by: str = "manager") -> Plan:
        for project in projects:
            services.plan_propose(plan=plan, project=project, by=self.world.users["officer"])
        self.act(plan, "close_registration", "manager")
        self.act(plan, "submit", "manager")
        name = "approve_national" if plan.is_national else "approve"
        approver = "ministry" if plan.is_national else by
        return self.act(
            plan,
            name,
            approver,
            decision_number="341/UBND-CN",
            decision_date=TODAY - datetime.timedelta(days=30),
            approved_by="UBND tỉnh Hưng Yên",
        )


@pytest.fixture
def planner(world) -> Planner:
    return Planner(world)
