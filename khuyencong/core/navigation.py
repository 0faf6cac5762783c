"""The main menu, in groups. Each module adds its entries here; a user sees the entries their role
allows, and a group's heading only when one of its entries is shown."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from khuyencong.accounts.roles import Role

ALL_STAFF = frozenset(Role) - {Role.ESTABLISHMENT}
PROJECT_OFFICERS = frozenset({Role.PROVINCIAL_OFFICER, Role.PROVINCIAL_MANAGER})
AUDIT_ROLES = frozenset({Role.ADMIN, Role.MINISTRY_OFFICER, Role.PROVINCIAL_MANAGER})


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    icon: str
    roles: frozenset[str]
    group: str | Promise = ""
    national_only: bool = False  # shown only to users who see the whole country


WORK = _("Projects and plans")
MONITORING = _("Monitoring")
PRODUCTS = _("Typical products")
REGISTRY = _("Registry")
REPORTING = _("Reports")
SYSTEM = _("System")


MENU: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home", "house", frozenset(Role)),
    NavItem(_("Projects"), "projects:list", "kanban", ALL_STAFF, WORK),
    NavItem(_("My projects"), "projects:mine", "person-check", PROJECT_OFFICERS, WORK),
    NavItem(_("Plans"), "plans:list", "calendar-check", ALL_STAFF, WORK),
    NavItem(_("Inspection plans"), "monitoring:plan_list", "calendar3", ALL_STAFF, MONITORING),
    NavItem(
        _("Inspections"), "monitoring:inspection_list", "clipboard-check", ALL_STAFF, MONITORING
    ),
    NavItem(
        _("Follow-up actions"), "monitoring:follow_up_list", "list-task", ALL_STAFF, MONITORING
    ),
    NavItem(_("Surveys due"), "monitoring:survey_due", "clipboard-data", ALL_STAFF, MONITORING),
    NavItem(_("Selection rounds"), "contests:round_list", "trophy", frozenset(Role), PRODUCTS),
    NavItem(_("Product catalogue"), "contests:catalogue", "images", frozenset(Role), PRODUCTS),
    NavItem(_("Establishments"), "registry:establishment_list", "shop", ALL_STAFF, REGISTRY),
    NavItem(_("Craft villages"), "registry:craft_village_list", "houses", ALL_STAFF, REGISTRY),
    NavItem(_("Artisans"), "registry:artisan_list", "award", ALL_STAFF, REGISTRY),
    NavItem(_("Collaborators"), "registry:collaborator_list", "person-badge", ALL_STAFF, REGISTRY),
    NavItem(_("Collaborator coverage"), "registry:coverage", "diagram-3", ALL_STAFF, REGISTRY),
    NavItem(_("Reports"), "reports:catalogue", "bar-chart-line", ALL_STAFF, REPORTING),
    NavItem(_("Province dashboard"), "dashboards:province", "speedometer2", ALL_STAFF, REPORTING),
    NavItem(
        _("National dashboard"),
        "dashboards:national",
        "map",
        ALL_STAFF,
        REPORTING,
        national_only=True,
    ),
    NavItem(_("Report submissions"), "submissions:overview", "send-check", ALL_STAFF, REPORTING),
    NavItem(_("Data quality"), "reports:data_quality", "clipboard-pulse", ALL_STAFF, REPORTING),
    NavItem(_("Organisations"), "accounts:organisation_list", "building", ALL_STAFF, SYSTEM),
    NavItem(_("Administrative units"), "geo:province_list", "geo-alt", ALL_STAFF, SYSTEM),
    NavItem(
        _("Change log"),
        "core:audit_list",
        "clock-history",
        AUDIT_ROLES,
        SYSTEM,
    ),
)


def menu_for(user, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    items = [
        {"label": item.label, "url": reverse(item.url_name), "icon": item.icon, "group": item.group}
        for item in MENU
        if role in item.roles and (user.is_national or not item.national_only)
    ]
    # The active entry is the one whose address is the longest prefix of the page's, so that
    # "/reports/submissions/" lights up its own entry and not "/reports/".
    matches = [
        item
        for item in items
        if (
            current_path == item["url"]
            if item["url"] == "/"
            else current_path.startswith(item["url"])
        )
    ]
    active = max(matches, key=lambda item: len(item["url"]), default=None)
    for item in items:
        item["active"] = item is active
    return items
