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
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
TEST_USER = ("canbo.thu", "Mat-khau-Thu-2026")
CREATE_USER = (
    "from khuyencong.accounts.services import user_create;"
    "from khuyencong.geo.models import Province;"
    f"user_create(by=None, username='{TEST_USER[0]}', password='{TEST_USER[1]}',"
    " role='provincial_officer', full_name='Nguyễn Thị Thu',"
    " province=Province.objects.current().get(name='Hưng Yên'))"
)


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
