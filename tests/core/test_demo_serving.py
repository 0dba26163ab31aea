"""`careinspect demo` serves through gunicorn, not Django's development server, with one key for every worker
(this machine's, in var/secret_key); and gunicorn serves the app with none of the dev packages installed,
as `make demo` installs it."""

from __future__ import annotations

import os
import re
import secrets
import signal
import stat
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from django.conf import settings

from careinspect.core.management.commands.demo import gunicorn_command
from tests.core.processes import CAREINSPECT, clean_env, free_port

GUNICORN_CONF = str(Path(settings.BASE_DIR) / "gunicorn.conf.py")
DEV_PACKAGES = ("pytest", "_pytest", "pytest_django", "time_machine", "hypothesis", "playwright", "mypy")


@pytest.fixture
def servers() -> Iterator[list[subprocess.Popen[bytes]]]:
    """Servers a test starts, each in a session of its own; stopped (gunicorn and its workers) at the end."""
    started: list[subprocess.Popen[bytes]] = []
    yield started
    for server in started:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=60)


def start(servers: list[subprocess.Popen[bytes]], command: list[str], cwd: Path, **variables: str) -> Path:
    log = cwd / f"server-{len(servers)}.log"
    with log.open("wb") as output:
        servers.append(
            subprocess.Popen(
                command,
                cwd=cwd,
                env=clean_env(cwd, **variables),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        )
    return log


def wait_until_serving(url: str, server: subprocess.Popen[bytes], log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"the server stopped ({server.returncode}):\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        # Not listening yet, or listening with a worker still booting (a slow first answer on a machine
        # busy with the other test worker): ask again until the deadline.
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.5)
    pytest.fail(f"nothing served at {url} within {seconds} s:\n{log.read_text()[-3000:]}")


def sign_in(base: str, username: str, password: str) -> urllib.request.OpenerDirector:
    browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    with browser.open(f"{base}/accounts/login/") as form:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.read().decode())
    assert token is not None
    fields = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password}
    with browser.open(f"{base}/accounts/login/", urllib.parse.urlencode(fields).encode()) as signed_in:
        assert urllib.parse.urlparse(signed_in.url).path == "/dashboard/"
    return browser


def stop(server: subprocess.Popen[bytes]) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=60)


def still_signed_in(browser: urllib.request.OpenerDirector, base: str) -> bool:
    # A server whose key differs from the one the sign-in was made with sends us back to sign in.
    with browser.open(f"{base}/dashboard/") as page:
        assert page.headers["Cache-Control"] == "no-store"
        return urllib.parse.urlparse(page.url).path == "/dashboard/"


def test_the_demo_serves_through_gunicorn_and_a_sign_in_holds_on_every_worker_and_restart(
    tmp_path: Path, servers: list[subprocess.Popen[bytes]]
) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = start(servers, [CAREINSPECT, "demo", "--addrport", f"127.0.0.1:{port}"], tmp_path)
    wait_until_serving(f"{base}/accounts/login/", servers[0], log, seconds=300)
    with urllib.request.urlopen(f"{base}/accounts/login/") as page:
        assert page.headers["Server"] == "gunicorn"
    key = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key.stat().st_mode) == 0o600

    browser = sign_in(base, "inspector", "inspector-demo-pass")
    # Each request on a new connection, so the workers take turns.
    assert all(still_signed_in(browser, base) for _ in range(30))
    workers = set(re.findall(r'"GET /dashboard/" 200 .* worker=<(\d+)>', log.read_text()))
    assert len(workers) >= 2, log.read_text()[-3000:]

    # Restarted, gunicorn reads the same key from var/secret_key: nobody is signed out.
    stop(servers[0])
    restarted_log = start(servers, gunicorn_command(f"127.0.0.1:{port}"), tmp_path, CAREINSPECT_DEMO="1")
    wait_until_serving(f"{base}/accounts/login/", servers[1], restarted_log, seconds=120)
    assert still_signed_in(browser, base)


# What `make demo` installs: imports of the dev extras are refused, as if they were not installed.
WITHOUT_DEV_PACKAGES = f"""
import sys

class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in {DEV_PACKAGES!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}}")
        return None

sys.meta_path.insert(0, NotInstalled())
"""
GUNICORN = (
    WITHOUT_DEV_PACKAGES
    + """
from gunicorn.app.wsgiapp import run
sys.argv[0] = "gunicorn"
run()
"""
)
DEMO_DATA = (
    WITHOUT_DEV_PACKAGES
    + """
from careinspect.cli import main
main(["demo", "--no-serve"])
"""
)


def test_the_demo_loads_without_the_dev_packages(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-c", DEMO_DATA],
        cwd=tmp_path,
        env=clean_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Sign in at" in done.stdout


def test_gunicorn_serves_the_app_without_the_dev_packages(
    tmp_path: Path, servers: list[subprocess.Popen[bytes]]
) -> None:
    port = free_port()
    command = [sys.executable, "-c", GUNICORN, "--config", GUNICORN_CONF]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "careinspect.wsgi:application"]
    log = start(servers, command, tmp_path, DJANGO_SECRET_KEY=secrets.token_urlsafe(50))
    base = f"http://127.0.0.1:{port}"
    # Every URL pattern's view is imported to answer this, and the static files come through WhiteNoise.
    wait_until_serving(f"{base}/accounts/login/", servers[0], log, seconds=120)
    with urllib.request.urlopen(f"{base}/static/careinspect/frontend.js") as script:
        assert b"initAll" in script.read()
    assert "No module named" not in log.read_text()
