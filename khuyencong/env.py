"""Reading settings from the environment, with clear messages when a value is wrong."""

from __future__ import annotations

import os

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use 1/0, true/false).")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


SUPPORTED_ENGINES = {"django.db.backends.sqlite3", "django.db.backends.postgresql"}


def database_from_url(url: str) -> dict:
    """Parse DATABASE_URL, refusing anything we do not support with a message that says why."""
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception as exc:  # dj-database-url raises several exception types
        raise ImproperlyConfigured(
            f"DATABASE_URL cannot be read ({exc}). Expected e.g. "
            "postgres://user:password@host:5432/dbname or sqlite:///path/to/db.sqlite3"
        ) from exc
    engine = config.get("ENGINE", "")
    if engine not in SUPPORTED_ENGINES:
        raise ImproperlyConfigured(
            f"DATABASE_URL uses an unsupported database ({engine or 'unknown'}); "
            "use postgres://… or sqlite:///…"
        )
    if engine == "django.db.backends.postgresql" and not config.get("NAME"):
        raise ImproperlyConfigured("DATABASE_URL has no database name (postgres://…/dbname).")
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
    return config
