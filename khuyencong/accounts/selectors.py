"""Reads of organisations and users, always within the reader's scope."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from khuyencong.accounts.models import Organisation, User
from khuyencong.core.scope import get_in_scope, restrict

ORGANISATION_SORTS = {
    "name": "name",
    "kind": "kind",
    "province": "province__code",
    "users": "user_count",
}


def organisation_list(*, user: User, sort: str = "") -> QuerySet[Organisation]:
    organisations = restrict(Organisation.objects.all(), user).select_related("province", "commune")
    organisations = organisations.annotate(user_count=Count("users"))
    key = ORGANISATION_SORTS.get(sort.lstrip("-"))
    if key:
        return organisations.order_by(("-" if sort.startswith("-") else "") + key, "pk")
    return organisations.order_by("province__code", "name", "pk")


def organisation_get(*, user: User, pk: int, action: str = "view") -> Organisation:
    return get_in_scope(
        Organisation.objects.select_related("province", "commune"), user, action, pk=pk
    )


def organisation_users(*, user: User, organisation: Organisation) -> QuerySet[User]:
    return restrict(organisation.users.select_related("province"), user).order_by("username")


def organisation_in_scope(*, user: User, pk: int, action: str) -> bool:
    return restrict(Organisation.objects.filter(pk=pk), user, action).exists()
