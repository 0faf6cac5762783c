"""A bounded load run: simultaneous signed-in users against gunicorn on loopback.

Starts gunicorn (DEBUG off) on 127.0.0.1 against the database of DATABASE_URL (filled by
`manage.py generate_national_dataset`), signs in `--users` accounts through the login page
(bench accounts, created if missing: one national officer in five, the others provincial
officers of the provinces in turn), then each user requests for `--duration` seconds a mix of
pages — the project list (first page, filtered, searched), a project's detail, the
establishment search and list, the API lists — waiting `--think` seconds (a random time in that
range) between two requests, as a person reading the page would. Reports the number of requests,
the errors (any status other than 200, or no answer within 30 s), the median, p95 and maximum
time, overall and per kind of page; `--write` appends them to bench/RESULTS.md. Exits with 1
when a request failed (or, with `--strict`, when the p95 is above the 1 s target).

    DATABASE_URL=postgres://… python bench/load_run.py [--users 50] [--duration 60] [--write]
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "khuyencong.settings")
os.environ.setdefault("KC_ENV", "development")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from khuyencong.accounts.models import User  # noqa: E402
from khuyencong.accounts.roles import Role  # noqa: E402
from khuyencong.geo.models import Province  # noqa: E402
from khuyencong.projects.models import Project  # noqa: E402

PASSWORD = "bench-load-password-1"
TIMEOUT = 30
SEARCH_WORDS = ["dao tao", "may moc", "hoi cho", "gom", "det", "che bien", "co khi", "son mai"]
# (kind, weight): how often a user asks for each page.
MIX = [
    ("project list", 20),
    ("project list, filtered", 15),
    ("project list, searched", 10),
    ("project detail", 25),
    ("establishment search", 10),
    ("establishment list, searched", 5),
    ("API projects", 10),
    ("API establishments", 5),
]


@dataclass
class Account:
    username: str
    national: bool
    province_id: int | None
    project_ids: list[int] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    api_pages: int = 1


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    samples: list[str] = field(default_factory=list)

    def add(self, kind: str, ms: float, error: str | None) -> None:
        with self.lock:
            self.times[kind].append(ms)
            if error:
                self.errors[kind] += 1
                if len(self.samples) < 10:
                    self.samples.append(f"{kind}: {error}")


def accounts(n: int) -> list[Account]:
    """The bench accounts (created with one password hash if missing) and what each may open."""
    provinces = list(Province.objects.current().order_by("code"))
    hashed = make_password(PASSWORD)
    found = []
    for index in range(n):
        national = index % 5 == 0
        province = None if national else provinces[index % len(provinces)]
        username = f"bench.load.{index:02d}"
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "role": Role.MINISTRY_OFFICER if national else Role.PROVINCIAL_OFFICER,
                "province": province,
                "is_active": True,
                "password": hashed,
            },
        )
        if not created and not user.check_password(PASSWORD):
            user.password = hashed
            user.save(update_fields=["password"])
        rows = Project.objects.all() if national else Project.objects.filter(province=province)
        ids = list(rows.order_by("?").values_list("pk", flat=True)[:200])
        years = sorted(set(rows.values_list("year", flat=True).distinct()))
        pages = max(1, min(5, rows.count() // settings.REST_FRAMEWORK["PAGE_SIZE"]))
        found.append(Account(username, national, getattr(province, "pk", None), ids, years, pages))
    return found


class Session:
    """One user's cookies over fresh loopback connections (gunicorn's sync workers close each)."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None, headers=None):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=TIMEOUT)
        sent = {"Host": f"127.0.0.1:{self.port}", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
            for header in response.msg.get_all("Set-Cookie") or []:
                cookie = SimpleCookie()
                cookie.load(header)
                for key, morsel in cookie.items():
                    self.cookies[key] = morsel.value
            return response.status, response.getheader("Location", ""), data
        finally:
            conn.close()

    def login(self, username: str) -> None:
        status, _, page = self.request("GET", "/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise RuntimeError(f"login page: {status}")
        body = urllib.parse.urlencode(
            {
                "username": username,
                "password": PASSWORD,
                "csrfmiddlewaretoken": token.group(1).decode(),
            }
        )
        status, _, _ = self.request(
            "POST",
            "/login/",
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Referer": f"http://127.0.0.1:{self.port}/login/",
            },
        )
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {username}: {status}")


def _path(kind: str, account: Account, rng: random.Random) -> str:
    word = urllib.parse.quote_plus(rng.choice(SEARCH_WORDS))
    if kind == "project list":
        return "/projects/"
    if kind == "project list, filtered":
        year = rng.choice(account.years) if account.years else 2020
        programme = rng.choice(["local", "national"])
        return f"/projects/?year={year}&programme={programme}"
    if kind == "project list, searched":
        return f"/projects/?q={word}"
    if kind == "project detail":
        return f"/projects/{rng.choice(account.project_ids)}/" if account.project_ids else "/"
    if kind == "establishment search":
        return f"/registry/search/establishments/?q={word}"
    if kind == "establishment list, searched":
        return f"/registry/establishments/?q={word}"
    if kind == "API projects":
        return f"/api/v1/projects/?page={rng.randint(1, account.api_pages)}"
    return "/api/v1/establishments/"


def user_loop(
    session: Session,
    account: Account,
    until: float,
    think: tuple[float, float],
    tally: Tally,
    seed: int,
) -> None:
    rng = random.Random(seed)
    kinds, weights = zip(*MIX, strict=True)
    time.sleep(rng.uniform(0, think[1]))  # users do not all start on the same second
    while time.monotonic() < until:
        kind = rng.choices(kinds, weights)[0]
        path = _path(kind, account, rng)
        started = time.perf_counter()
        error = None
        try:
            status, location, _ = session.request("GET", path)
            if status != 200:
                error = f"{path}: {status} {location}"
        except (OSError, http.client.HTTPException) as problem:
            error = f"{path}: {problem!r}"
        tally.add(kind, (time.perf_counter() - started) * 1000, error)
        time.sleep(rng.uniform(*think))


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {**os.environ, "KC_ENV": "development", "DEBUG": "false"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "khuyencong.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--timeout",
            "120",
            "--backlog",
            "256",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    for _ in range(60):
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.stderr.read()[-2000:]}")
        try:
            status, _, _ = Session(port).request("GET", "/login/")
            if status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 30 s")


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(share * len(ordered)) - 1)] if ordered else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--duration", type=float, default=60, help="seconds of load")
    parser.add_argument("--think", default="1,5", help="seconds between requests: min,max")
    parser.add_argument("--workers", type=int, default=5, help="gunicorn workers (as deployed)")
    parser.add_argument("--write", action="store_true", help="append to bench/RESULTS.md")
    parser.add_argument("--note", default="", help="a line written under the figures")
    parser.add_argument(
        "--strict", action="store_true", help="also fail when the p95 is above 1 s (the target)"
    )
    args = parser.parse_args()
    think = tuple(float(x) for x in args.think.split(","))
    users = accounts(args.users)
    connection.close()  # the server's workers open their own
    port = _free_port()
    server = start_gunicorn(port, args.workers)
    tally = Tally()
    try:
        started = time.monotonic()
        sessions = [Session(port) for _ in users]
        failures = []

        def sign_in(session: Session, account: Account) -> None:
            try:
                session.login(account.username)
            except (OSError, RuntimeError, http.client.HTTPException) as problem:
                failures.append(repr(problem))

        signing = [
            threading.Thread(target=sign_in, args=pair)
            for pair in zip(sessions, users, strict=True)
        ]
        for thread in signing:
            thread.start()
        for thread in signing:
            thread.join()
        if failures:
            raise RuntimeError(f"{len(failures)} users could not sign in: {failures[:3]}")
        print(f"{len(sessions)} users signed in in {time.monotonic() - started:.1f} s", flush=True)
        until = time.monotonic() + args.duration
        threads = [
            threading.Thread(
                target=user_loop, args=(session, account, until, think, tally, index), daemon=True
            )
            for index, (session, account) in enumerate(zip(sessions, users, strict=True))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(args.duration + TIMEOUT + think[1] + 5)
        elapsed = time.monotonic() - (until - args.duration)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(20)
        except subprocess.TimeoutExpired:
            server.kill()
    everything = [t for times in tally.times.values() for t in times]
    errors = sum(tally.errors.values())
    rows = [("All requests", everything, errors)] + [
        (kind, tally.times[kind], tally.errors[kind]) for kind, _ in MIX if tally.times[kind]
    ]
    for name, times, n_errors in rows:
        print(
            f"{name:32} {len(times):6d} requests  {n_errors:4d} errors  median "
            f"{statistics.median(times) if times else 0:7.1f} ms  p95 "
            f"{percentile(times, 0.95):7.1f} ms  max {max(times, default=0):7.1f} ms"
        )
    for sample in tally.samples:
        print("  error:", sample)
    if args.write:
        _write(args, rows, elapsed, think)
    too_slow = args.strict and percentile(everything, 0.95) > 1000
    return 0 if everything and errors == 0 and not too_slow else 1


def _write(args, rows, elapsed: float, think: tuple[float, float]) -> None:
    total = len(rows[0][1])
    lines = [
        "",
        f"### Load run {timezone.localtime():%d/%m/%Y %H:%M} "
        f"({timezone.get_current_timezone_name()}) — {connection.vendor}, "
        f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "",
        f"`bench/load_run.py`: {args.users} simultaneous signed-in users on loopback, "
        f"{args.duration:.0f} s, gunicorn with {args.workers} sync workers (DEBUG off), "
        f"{think[0]:g} to {think[1]:g} s between a user's requests; {total:,} requests "
        f"({total / elapsed:.1f} per second), {Project.objects.count():,} projects.",
        "",
        "| Requests | Count | Errors | Median (ms) | p95 (ms) | Max (ms) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, times, n_errors in rows:
        lines.append(
            f"| {name} | {len(times):,} | {n_errors} | "
            f"{statistics.median(times) if times else 0:.1f} | "
            f"{percentile(times, 0.95):.1f} | {max(times, default=0):.1f} |"
        )
    if args.note:
        lines += ["", args.note]
    with open(ROOT / "bench" / "RESULTS.md", "a", encoding="utf-8") as results:
        results.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    sys.exit(main())
