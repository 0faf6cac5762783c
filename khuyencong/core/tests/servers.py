"""Start the application in a subprocess with its own database, for browser and server tests."""

from __future__ import annotations

import contextlib
import http.client
import os
import socket
import subprocess
import sys
import time
import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TEST_USER = ("canbo.thu", "Mat-khau-Thu-2026")


def create_user_code(
    user: tuple[str, str], role: str, full_name: str, province: str | None = "Hưng Yên"
) -> str:
    """Code for `manage.py shell -c` creating a user (of a province unless province is None)."""
    username, password = user
    code = (
        "from khuyencong.accounts.services import user_create;"
        "from khuyencong.geo.models import Province;"
        f"user_create(by=None, username={username!r}, password={password!r},"
        f" role={role!r}, full_name={full_name!r}"
    )
    if province is not None:
        code += f", province=Province.objects.current().get(name={province!r})"
    return code + ")"


CREATE_USER = create_user_code(TEST_USER, "provincial_officer", "Nguyễn Thị Thu")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def manage(*args: str, env: dict) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )


def prepare_database(env: dict) -> None:
    manage("migrate", "--noinput", env=env)
    manage("setup", "--no-demo", env=env)
    manage("shell", "-c", CREATE_USER, env=env)


def fetch(url: str, headers: dict | None = None) -> tuple[int, dict, str]:
    """One GET without following redirects: (status, headers, body)."""
    parts = urllib.parse.urlsplit(url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        conn.request("GET", parts.path or "/", headers=headers or {})
        response = conn.getresponse()
        return (
            response.status,
            dict(response.getheaders()),
            response.read().decode("utf-8", "replace"),
        )
    finally:
        conn.close()


def wait_until_up(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited: {process.stdout.read() if process.stdout else ''}")
        try:
            status, _headers, _body = fetch(url)
            if status < 500:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise TimeoutError(url)


@contextlib.contextmanager
def running(command: list[str], env: dict, probe_url: str) -> Iterator[subprocess.Popen]:
    process = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    try:
        wait_until_up(probe_url, process)
        yield process
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


def base_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))}
    env.update(extra)
    return env


@contextlib.contextmanager
def start_server(
    tmp_path_factory,
    name: str,
    setup_code: Iterable[str] = (),
    env_extra: dict[str, str] | None = None,
) -> Iterator[str]:
    """The development server on a fresh SQLite database in a temporary folder of its own.

    The database is migrated and set up with the reference data and the test user, then each
    piece of setup_code is run with `manage.py shell -c`. Yields the base URL (no trailing
    slash); the server is stopped on exit. For a module-scoped fixture of a test module:

        @pytest.fixture(scope="module")
        def server(tmp_path_factory):
            with start_server(tmp_path_factory, "browser-plans", [CREATE_MANAGER]) as url:
                yield url
    """
    folder = tmp_path_factory.mktemp(name)
    settings = {
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),
        "KC_ENV": "development",
        "DEBUG": "0",
    }
    env = base_env(**{**settings, **(env_extra or {})})
    prepare_database(env)
    for code in setup_code:
        manage("shell", "-c", code, env=env)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "manage.py", "runserver", "--noreload", "--insecure"]
    with running([*command, f"127.0.0.1:{port}"], env, f"{url}/login/"):
        yield url
