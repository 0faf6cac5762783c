"""Production mode: gunicorn + whitenoise on a fresh PostgreSQL database serve the login page."""

import shutil
import sys
import uuid

import pytest

from khuyencong.core.tests.servers import (
    base_env,
    fetch,
    free_port,
    manage,
    prepare_database,
    running,
)

pytestmark = pytest.mark.server
PG_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres"


def _postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(PG_ADMIN_URL, connect_timeout=3):
            return True
    except Exception:
        return False


@pytest.fixture
def postgres_database():
    if not _postgres_available():
        pytest.skip("PostgreSQL is not reachable on 127.0.0.1:5432")
    import psycopg

    name = f"kc_gunicorn_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_gunicorn_serves_the_login_page_in_production_mode(postgres_database, tmp_path):
    env = base_env(
        DATABASE_URL=postgres_database,
        KC_ENV="production",
        SECRET_KEY=uuid.uuid4().hex * 2,
        ALLOWED_HOSTS="127.0.0.1",
        STATIC_ROOT=str(tmp_path / "static"),
    )
    prepare_database(env)
    manage("collectstatic", "--noinput", env=env)
    port = free_port()
    gunicorn = shutil.which("gunicorn", path=str(sys.executable.rsplit("/", 1)[0])) or "gunicorn"
    command = [
        gunicorn,
        "khuyencong.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
    ]
    url = f"http://127.0.0.1:{port}"
    with running(command, env, f"{url}/login/"):
        status, headers, _ = fetch(f"{url}/login/")
        assert status == 301 and headers["Location"].startswith("https://")
        https = {"X-Forwarded-Proto": "https"}
        status, headers, body = fetch(f"{url}/login/", https)
        assert status == 200, body[:500]
        assert "Đăng nhập" in body
        assert "Strict-Transport-Security" in headers
        assert "secure" in headers.get("Set-Cookie", "").lower()
        css = next(line for line in body.splitlines() if "css/app." in line)
        path = css.split('href="', 1)[1].split('"', 1)[0]
        assert path != "/static/css/app.css", "static files are not hashed by the manifest"
        status, _, _ = fetch(f"{url}{path}", https)
        assert status == 200
