"""Load benchmark (issue 10 item 7): three main pages served by gunicorn on loopback, with 5,000 providers.

    .venv/bin/python bench/load.py [--databases sqlite postgres] [--providers 5000] [--requests 200]
                                   [--users 50] [--seconds 20] [--workers N]

For each database (a new SQLite file; PostgreSQL on a server of its own made with initdb in a temporary
folder on a free port, never the shared one) it loads the demo (`careinspect demo`: its inspections and
sign-ins) and 5,000 more providers with their history (`bench/due_list.py`'s register), starts gunicorn with
the project's `gunicorn.conf.py` on a free loopback port (connections kept 60 s, as docs/operations.md
sets), signs in through the sign-in form, and asks for:

- the due list (`/inspections-due/`, as the inspector),
- an inspection overview (the demo walkthrough's, as the inspector),
- the portal's inspection page (the same inspection, as the agency's provider user),

first one user back to back (`--requests`, after 10 to warm up), then `--users` users each asking once a
second for `--seconds` (after 2 s untimed, so every gunicorn worker has answered once). It prints
p50/p95/p99 and requests per second for each, beside a baseline measured in the same run: the same
requests from one user through Django's test client in this process, which is the application's own time
without HTTP, gunicorn or a second process. Goals (2 cores): one user under 50 ms at p50; p95 under
150 ms for the 50 users.

Everything it starts it stops; it uses only 127.0.0.1 and its own temporary folders.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
WARM_UP = 10  # requests before one user is timed
WARM_UP_SECONDS = 2.0  # of the users asking, before they are timed
WAIT = 90  # seconds a server may take to start on a busy machine
CASES = [  # label, who asks, the address (with {walkthrough}: the demo walkthrough inspection's id)
    ("due list", "inspector", "/inspections-due/"),
    ("inspection overview", "inspector", "/inspections/{walkthrough}/"),
    ("portal inspection page", "provider", "/portal/inspections/{walkthrough}/"),
]


@dataclass(frozen=True)
class Figures:
    p50: float
    p95: float
    p99: float
    per_second: float
    requests: int
    errors: int


def figures(seconds: list[float], elapsed: float, errors: int = 0) -> Figures:
    cuts = statistics.quantiles([s * 1000 for s in seconds], n=100, method="inclusive")
    return Figures(cuts[49], cuts[94], cuts[98], len(seconds) / elapsed, len(seconds), errors)


# Servers of our own -------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def own_postgresql() -> Iterator[str]:
    """A PostgreSQL server made with initdb in a temporary folder on a free loopback port; its URL. As root
    (initdb refuses root) it runs as the postgres user, in a folder of that user's."""
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"), key=lambda p: int(p.parts[-3]))
    if not found:
        raise SystemExit("no PostgreSQL server programs under /usr/lib/postgresql/*/bin")
    binaries, prefix = found[-1].parent, []
    folder = Path(tempfile.mkdtemp(prefix="careinspect-load-pg-"))
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    ctl = [*prefix, str(binaries / "pg_ctl"), "-D", str(data), "-l", str(folder / "server.log")]
    initdb = [*prefix, str(binaries / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust"]
    try:
        subprocess.run([*initdb, "--no-instructions"], check=True, capture_output=True, timeout=WAIT)
        options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1"
        subprocess.run([*ctl, "-o", options, "-w", "-t", str(WAIT), "start"], check=True, capture_output=True)
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*ctl, "-m", "fast", "-w", "stop"], check=False, capture_output=True, timeout=WAIT)
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def gunicorn(port: int, environment: dict[str, str], log: Path) -> Iterator[None]:
    """gunicorn with the project's configuration on 127.0.0.1:`port`, until the block ends."""
    command = [
        str(BIN / "gunicorn"),
        "--config",
        str(ROOT / "src/careinspect/gunicorn.conf.py"),
        "careinspect.wsgi:application",
    ]
    env = {**environment, "GUNICORN_BIND": f"127.0.0.1:{port}", "GUNICORN_LOG_LEVEL": "warning"}
    with log.open("w") as out:
        server = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT)
        try:
            wait_until_serving(port, server)
            yield
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=45)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def wait_until_serving(port: int, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn stopped with {server.returncode}: see its log")
        with suppress(OSError):
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/accounts/login/")
            if connection.getresponse().status == 200:
                return
        time.sleep(0.2)
    raise SystemExit("gunicorn did not answer in time")


# The data -----------------------------------------------------------------------------------------------


def setup_django(environment: dict[str, str]) -> None:
    os.environ.update(environment)
    import django

    django.setup()


def load_data(providers: int) -> dict[str, Any]:
    """The demo (its inspections and sign-ins) and `providers` more providers; the demo's summary."""
    import io

    from django.core.management import call_command
    from django.db import connections
    from django.utils import timezone

    sys.path.insert(0, str(HERE))
    from due_list import fill_register  # the same register as the due list's benchmark

    out = io.StringIO()
    call_command("demo", "--json", stdout=out)
    fill_register(providers, timezone.localdate())
    connections.close_all()
    return dict(json.loads(out.getvalue()))


def passwords(demo: dict[str, Any]) -> dict[str, str]:
    return {s["username"]: s["password"] for s in demo["sign_ins"]}


# Asking -------------------------------------------------------------------------------------------------


class Browser:
    """One signed-in user over one kept-alive connection, as a browser would hold it."""

    def __init__(self, port: int, cookie: str) -> None:
        self.port, self.cookie = port, cookie
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def get(self, path: str) -> int:
        for attempt in (1, 2):  # a kept-alive connection the server closed is opened again once
            try:
                self.connection.request("GET", path, headers={"Cookie": self.cookie})
                response = self.connection.getresponse()
                response.read()
                return response.status
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    return 0
        return 0


def sign_in(port: int, username: str, password: str) -> str:
    """Through the sign-in form, as a person does: its CSRF token, then the form; the session cookie."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", "/accounts/login/")
    page = connection.getresponse()
    form = page.read().decode()
    csrf = _cookie(page, "csrftoken")
    token = form.split('name="csrfmiddlewaretoken" value="', 1)[1].split('"', 1)[0]
    body = urlencode({"username": username, "password": password, "csrfmiddlewaretoken": token})
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"csrftoken={csrf}"}
    connection.request("POST", "/accounts/login/", body=body, headers=headers)
    answer = connection.getresponse()
    answer.read()
    session = _cookie(answer, "sessionid")
    if answer.status != 302 or not session:
        raise SystemExit(f"could not sign in as {username}: {answer.status}")
    return f"sessionid={session}"


def _cookie(response: http.client.HTTPResponse, name: str) -> str:
    for header in response.headers.get_all("Set-Cookie") or []:
        found = SimpleCookie(header).get(name)
        if found is not None:
            return found.value
    return ""


def back_to_back(ask: Callable[[], int], count: int) -> Figures:
    for _ in range(WARM_UP):
        ask()
    seconds, errors = [], 0
    started = time.perf_counter()
    for _ in range(count):
        before = time.perf_counter()
        errors += ask() != 200
        seconds.append(time.perf_counter() - before)
    return figures(seconds, time.perf_counter() - started, errors)


def users_once_a_second(port: int, cookie: str, path: str, users: int, duration: float) -> Figures:
    """`users` users, each asking once a second (starts spread over the first second) for `duration`."""
    seconds: list[float] = []
    errors = [0]
    lock = threading.Lock()
    started = time.perf_counter() + 0.5
    ends = started + duration

    def user(n: int) -> None:
        browser = Browser(port, cookie)
        due = started + n / users
        while due < ends:
            time.sleep(max(0.0, due - time.perf_counter()))
            before = time.perf_counter()
            ok = browser.get(path) == 200
            took = time.perf_counter() - before
            with lock:
                seconds.append(took)
                errors[0] += not ok
            due += 1.0

    threads = [threading.Thread(target=user, args=(n,)) for n in range(users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return figures(seconds, time.perf_counter() - started, errors[0])


def baseline(path: str, username: str, count: int) -> Figures:
    """The same requests through Django's test client in this process: the application's own time."""
    from django.contrib.auth.models import User
    from django.db import connections
    from django.test import Client

    client = Client()
    client.force_login(User.objects.get(username=username))
    found = back_to_back(lambda: client.get(path).status_code, count)
    connections.close_all()
    return found


# One database -------------------------------------------------------------------------------------------


def run_one(database: str, args: argparse.Namespace) -> dict[str, Any]:
    folder = Path(tempfile.mkdtemp(prefix=f"careinspect-load-{database}-"))
    try:
        with own_postgresql() if database == "postgres" else _sqlite(folder) as url:
            return measure(url, folder, args) | {"database": database}
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def _sqlite(folder: Path) -> Iterator[str]:
    yield f"sqlite:///{folder / 'load.sqlite3'}"


def measure(url: str, folder: Path, args: argparse.Namespace) -> dict[str, Any]:
    environment = {
        "DATABASE_URL": url,
        # One key for this run, shared by gunicorn and this process; nothing it signs outlives the run.
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_SETTINGS_MODULE": "careinspect.settings",
        "DATABASE_CONN_MAX_AGE": "60",
        "CAREINSPECT_VAR_DIR": str(folder / "var"),
        "CAREINSPECT_MEDIA_ROOT": str(folder / "media"),
    }
    if args.workers:
        environment["WEB_CONCURRENCY"] = str(args.workers)
    setup_django(environment)
    loading = time.perf_counter()
    demo = load_data(args.providers)
    loaded = time.perf_counter() - loading
    known = passwords(demo)
    paths = {label: path.format(walkthrough=demo["walkthrough"]["inspection_id"]) for label, _, path in CASES}
    results = {
        label: {"baseline": asdict(baseline(paths[label], who, args.requests))} for label, who, _ in CASES
    }
    port = free_port()
    with gunicorn(port, {**os.environ, **environment}, folder / "gunicorn.log"):
        cookies = {who: sign_in(port, who, known[who]) for who in {w for _, w, _ in CASES}}
        for label, who, _ in CASES:
            browser = Browser(port, cookies[who])
            one = back_to_back(lambda: browser.get(paths[label]), args.requests)  # noqa: B023
            # Every worker process answers once before the users are timed: a first request loads
            # templates and opens the worker's database connection, which a running service has done.
            users_once_a_second(port, cookies[who], paths[label], args.users, WARM_UP_SECONDS)
            many = users_once_a_second(port, cookies[who], paths[label], args.users, args.seconds)
            results[label] |= {"one_user": asdict(one), "users": asdict(many)}
    return {"cases": results, "providers": _providers(), "loaded_seconds": loaded, "workers": _workers(args)}


def _providers() -> int:
    from careinspect.registry.models import Provider

    return Provider.objects.count()


def _workers(args: argparse.Namespace) -> int:
    return args.workers or min(2 * (os.cpu_count() or 1) + 1, 9)  # gunicorn.conf.py's default


# The report ---------------------------------------------------------------------------------------------


def report(runs: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(
        f"{args.requests} requests back to back (after {WARM_UP} to warm up); {args.users} users once a "
        f"second for {args.seconds} s; {os.cpu_count()} cores"
    )
    for run in runs:
        print(
            f"\n{run['database']}: {run['providers']:,} providers, loaded in {run['loaded_seconds']:.0f} s; "
            f"gunicorn {run['workers']} workers × 2 threads"
        )
        print(
            f"{'':24} {'baseline (test client)':>26} {'gunicorn, 1 user':>26} "
            f"{f'gunicorn, {args.users} users × 1/s':>34}   goals"
        )
        columns = "p50/p95/p99 ms   req/s"
        print(f"{'':24} {columns:>26} {columns:>26} {columns + ' err':>34}")
        for label, found in run["cases"].items():
            one, many = Figures(**found["one_user"]), Figures(**found["users"])
            goals = f"p50 {'met' if one.p50 < 50 else 'MISSED'}, p95 {'met' if many.p95 < 150 else 'MISSED'}"
            print(
                f"{label:24} {_cells(Figures(**found['baseline'])):>26} {_cells(one):>26} "
                f"{_cells(many) + f' {many.errors:3d}':>34}   {goals}"
            )


def _cells(f: Figures) -> str:
    return f"{f.p50:5.1f}/{f.p95:5.1f}/{f.p99:5.1f} {f.per_second:6.1f}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--databases", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"]
    )
    parser.add_argument("--providers", type=int, default=5000, help="providers added to the demo's")
    parser.add_argument(
        "--requests", type=int, default=200, help="one user's requests back to back, per case"
    )
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=20, help="how long the users ask, per case")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn processes (default: its config's)")
    parser.add_argument("--one", choices=["sqlite", "postgres"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.one:  # a child: one database, its figures as JSON (Django is set up once per process)
        print(json.dumps(run_one(args.one, args)))
        return
    runs = []
    for database in args.databases:
        child = [sys.executable, __file__, "--one", database, *(argv if argv is not None else sys.argv[1:])]
        done = subprocess.run(child, capture_output=True, text=True, check=False, timeout=3600)
        if done.returncode != 0:
            print(f"{database}: failed\n{done.stderr[-2000:]}", file=sys.stderr)
            continue
        runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
    report(runs, args)
    if len(runs) < len(args.databases):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
