"""`restrict(queryset, user, action)`: the one place that decides which rows a user may touch.

Every list, detail, export, report and API query goes through it. A model declares where its
province / commune / establishment are (`scope_paths`); the user's role decides how far they reach:

- system administrator, ministry officer: the whole country;
- provincial manager / officer: their province;
- collaborator: rows in their communes (and, read-only, province-level rows of their province);
- establishment account: rows of their own establishment;
- read-only viewer: their province, or the country when they have none; never a change.
Reference data (`ScopePaths.global_data()`) is read by everyone signed in, changed by admins.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Model, QuerySet
from django.http import Http404

from khuyencong.accounts.roles import Action, Role
from khuyencong.core.scoping import ScopePaths


def _paths(model: type[Model]) -> ScopePaths:
    paths = getattr(model, "scope_paths", None)
    if not isinstance(paths, ScopePaths):
        raise ImproperlyConfigured(
            f"{model.__name__} declares no scope_paths; restrict() needs it."
        )
    return paths


def restrict(queryset: QuerySet, user: Any, action: str = Action.VIEW) -> QuerySet:
    paths = _paths(queryset.model)
    if user is None or not user.is_authenticated or not user.may(action):
        return queryset.none()
    if user.is_superuser or user.role == Role.ADMIN:
        return queryset
    if paths.is_global:
        return queryset if action == Action.VIEW else queryset.none()

    role = user.role
    if role == Role.MINISTRY_OFFICER:
        return queryset
    if role == Role.VIEWER:
        if user.province_id is None:
            return queryset
        return _in_province(queryset, paths, user.province_id)
    if role in (Role.PROVINCIAL_MANAGER, Role.PROVINCIAL_OFFICER):
        return _in_province(queryset, paths, user.province_id)
    if role == Role.COLLABORATOR:
        if paths.commune:
            commune_ids = list(user.communes.values_list("pk", flat=True))
            return queryset.filter(**{f"{paths.commune}__in": commune_ids})
        if action == Action.VIEW:
            return _in_province(queryset, paths, user.province_id)
        return queryset.none()
    if role == Role.ESTABLISHMENT:
        establishment_id = getattr(user, "establishment_id", None)
        if paths.establishment and establishment_id:
            return queryset.filter(**{paths.establishment: establishment_id})
        return queryset.none()
    return queryset.none()


def _in_province(queryset: QuerySet, paths: ScopePaths, province_id: int | None) -> QuerySet:
    if not paths.province or province_id is None:
        return queryset.none()
    return queryset.filter(**{paths.province: province_id})


def get_in_scope(queryset: QuerySet, user: Any, action: str = Action.VIEW, **lookup) -> Model:
    """The one row matching `lookup` within the user's scope, or 404 (never another's data)."""
    try:
        return restrict(queryset, user, action).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc


def in_scope(user: Any, instance: Model, action: str = Action.VIEW) -> bool:
    """Whether `instance` is within what `user` may do `action` on (one EXISTS query)."""
    return restrict(type(instance)._default_manager.filter(pk=instance.pk), user, action).exists()
