"""The main menu. Each module adds its entries here; a user sees the entries their role allows."""

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


MENU: tuple[NavItem, ...] = (
    NavItem(_("Home"), "home", "house", frozenset(Role)),
    NavItem(_("Projects"), "projects:list", "kanban", ALL_STAFF),
    NavItem(_("My projects"), "projects:mine", "person-check", PROJECT_OFFICERS),
    NavItem(_("Plans"), "plans:list", "calendar-check", ALL_STAFF),
    NavItem(_("Inspection plans"), "monitoring:plan_list", "calendar3", ALL_STAFF),
    NavItem(_("Inspections"), "monitoring:inspection_list", "clipboard-check", ALL_STAFF),
    NavItem(_("Follow-up actions"), "monitoring:follow_up_list", "list-task", ALL_STAFF),
    NavItem(_("Surveys due"), "monitoring:survey_due", "clipboard-data", ALL_STAFF),
    NavItem(_("Typical products"), "contests:round_list", "trophy", frozenset(Role)),
    NavItem(_("Product catalogue"), "contests:catalogue", "images", frozenset(Role)),
    NavItem(_("Establishments"), "registry:establishment_list", "shop", ALL_STAFF),
    NavItem(_("Craft villages"), "registry:craft_village_list", "houses", ALL_STAFF),
    NavItem(_("Artisans"), "registry:artisan_list", "award", ALL_STAFF),
    NavItem(_("Collaborators"), "registry:collaborator_list", "person-badge", ALL_STAFF),
    NavItem(_("Collaborator coverage"), "registry:coverage", "diagram-3", ALL_STAFF),
    NavItem(_("Organisations"), "accounts:organisation_list", "building", ALL_STAFF),
    NavItem(_("Administrative units"), "geo:province_list", "geo-alt", ALL_STAFF),
    NavItem(_("Reports"), "reports:catalogue", "bar-chart-line", ALL_STAFF),
    NavItem(_("Data quality"), "reports:data_quality", "clipboard-pulse", ALL_STAFF),
    NavItem(
        _("Change log"),
        "core:audit_list",
        "clock-history",
        AUDIT_ROLES,
    ),
)


def menu_for(user, current_path: str) -> list[dict]:
    if not user.is_authenticated:
        return []
    role = Role.ADMIN if user.is_superuser else user.role
    items = []
    for item in MENU:
        if role not in item.roles:
            continue
        url = reverse(item.url_name)
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": item.label, "url": url, "icon": item.icon, "active": active})
    return items
