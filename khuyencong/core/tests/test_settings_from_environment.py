import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from khuyencong.env import database_from_url

ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.parametrize(
    "url",
    [
        "not a url",
        "mysql://u@localhost/db",
        "postgres://u@localhost:5432/",
        "postgres://u@host:notaport/db",
    ],
)
def test_a_broken_database_url_is_refused_with_a_clear_message(url):
    with pytest.raises(ImproperlyConfigured, match="DATABASE_URL"):
        database_from_url(url)


def _run(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={"PATH": os.environ.get("PATH", ""), **env},
        timeout=60,
    )


def test_start_up_stops_on_a_broken_database_url():
    result = _run({"DATABASE_URL": "mysql://root@localhost/x"})
    assert result.returncode != 0
    assert "DATABASE_URL uses an unsupported database" in result.stderr


def test_production_mode_requires_a_secret_key_and_hosts():
    result = _run({"KC_ENV": "production"})
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr
    result = _run({"KC_ENV": "production", "SECRET_KEY": "x" * 60})
    assert result.returncode != 0 and "ALLOWED_HOSTS must be set" in result.stderr


def test_production_mode_is_secure():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0,"
        " s.SECURE_SSL_REDIRECT)"
    )
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
            "KC_ENV": "production",
            "SECRET_KEY": "k" * 60,
            "ALLOWED_HOSTS": "kc.example.vn",
        },
    )
    assert result.stdout.split() == ["False", "True", "True", "True", "True"], result.stderr


@pytest.mark.parametrize("value", ["15/6", "31/6,15/12", "15-6,15-12", "15/6,15/12,1/1"])
def test_report_due_dates_must_be_two_real_dates(value):
    result = _run({"KC_REPORT_DUE_DATES": value})
    assert result.returncode != 0
    assert "KC_REPORT_DUE_DATES must be two day/month dates" in result.stderr


def test_report_due_dates_are_read_as_month_and_day():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; import django; "
            "django.setup(); print(settings.KC_REPORT_DUE_DATES)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env={
            "PATH": os.environ.get("PATH", ""),
            "DJANGO_SETTINGS_MODULE": "khuyencong.settings",
            "KC_REPORT_DUE_DATES": "20/7, 10/12",
        },
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "{'half': (7, 20), 'year': (12, 10)}"
