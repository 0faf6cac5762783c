"""Which legal basis and which support rule a project falls under, and the cap check.

A project keeps the legal basis of its approval date. The cap on state support comes from the
support rule the project names (effective-dated, per content, programme, province, area class);
an approval above it needs a provincial manager's recorded legal justification.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from khuyencong.accounts.roles import Role
from khuyencong.core.formatting import vnd
from khuyencong.geo.models import AreaClass
from khuyencong.policy.selectors import legal_basis_for_projects_on, support_rules_for
from khuyencong.policy.support import support_cap_vnd
from khuyencong.projects import money
from khuyencong.projects.models import Project

# Who may approve state support above the cap, with a legal justification.
OVERRIDE_ROLES = frozenset({Role.ADMIN, Role.MINISTRY_OFFICER, Role.PROVINCIAL_MANAGER})


def rule_day(project: Project) -> datetime.date:
    """The day whose rules apply: the approval date, or today for a project not yet approved."""
    return project.approved_on or timezone.localdate()


def area_classes_of_project(project: Project, on: datetime.date) -> QuerySet[AreaClass]:
    if project.pk is None:
        return AreaClass.objects.none()
    in_force = (
        (
            Q(tags__commune__in=project.communes.all())
            | Q(tags__commune__isnull=True, tags__province_id=project.province_id)
        )
        & Q(tags__valid_from__lte=on)
        & (Q(tags__valid_to__isnull=True) | Q(tags__valid_to__gte=on))
    )
    return AreaClass.objects.filter(in_force).distinct()


def rules_for(project: Project, on: datetime.date | None = None):
    day = on or rule_day(project)
    return support_rules_for(
        activity_content=project.activity_content,
        programme=project.programme,
        province=project.province,
        area_classes=list(area_classes_of_project(project, day)),
        on=day,
    )


def cap_vnd(project: Project) -> int | None:
    if project.support_rule_id is None:
        return None
    return support_cap_vnd(
        project.support_rule,
        eligible_cost_vnd=project.eligible_cost_vnd,
        units=project.support_units or 1,
    )


def check_cap(project: Project, *, justification: str, user) -> None:
    """Refuse state support above the cap unless an allowed role gives a legal justification
    (kept on the project and so in its history)."""
    cap = cap_vnd(project)
    amount = money.state_support_vnd(project, stage="current")
    if cap is None or amount <= cap:
        return
    message = _("The state support of %(amount)s is above the cap of %(cap)s.") % {
        "amount": vnd(amount),
        "cap": vnd(cap),
    }
    justification = (justification or "").strip()
    if not justification:
        raise ValidationError(
            {"cap_justification": [message, _("Record the legal justification to go above it.")]}
        )
    role = Role.ADMIN if user.is_superuser else user.role
    if role not in OVERRIDE_ROLES:
        raise ValidationError(
            {"cap_justification": [message, _("Only a provincial manager may go above the cap.")]}
        )
    project.cap_justification = justification


def check_legal_basis(project: Project, day: datetime.date) -> None:
    """A project is approved under the legal basis in force on the approval date."""
    basis = legal_basis_for_projects_on(day)
    if basis is None:
        raise ValidationError(
            {"decision_date": _("No legal basis for projects was in force on that date.")}
        )
    if basis.pk != project.legal_basis_id:
        raise ValidationError(
            {
                "decision_date": _(
                    "On that date projects are approved under %(basis)s, not %(current)s. "
                    "Change the project's activity content to one of %(basis)s first."
                )
                % {"basis": basis.number, "current": project.legal_basis.number}
            }
        )
