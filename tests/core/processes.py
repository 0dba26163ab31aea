"""Running careinspect in another process with a clean environment, as on a fresh clone or a server.

Only PATH, HOME and what a test gives are passed on: in particular not PYTEST_VERSION (under pytest the
settings use a test key), nor any DJANGO_* or CAREINSPECT_* variable of the developer's shell.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent
CAREINSPECT = str(BIN / "careinspect")
# Long enough for the slowest command here on a busy machine; a hung server fails the test, not the run.
TIMEOUT = 180


def clean_env(home: Path, **variables: str) -> dict[str, str]:
    env = {"PATH": os.environ["PATH"], "HOME": str(home), "LANG": "C.UTF-8"}
    # Kept when set, so the tests can run against a copy of the source tree.
    if "PYTHONPATH" in os.environ:
        env["PYTHONPATH"] = os.environ["PYTHONPATH"]
    return {**env, **variables}


def careinspect(cwd: Path, *args: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """`careinspect ARGS` in CWD (so its var/ is CWD/var, a fresh one) with only the given variables."""
    return subprocess.run(
        [CAREINSPECT, *args],
        cwd=cwd,
        env=clean_env(cwd, **variables),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def python(cwd: Path, code: str, **variables: str) -> subprocess.CompletedProcess[str]:
    """Python CODE with Django set up on careinspect's settings, in CWD, with only the given variables."""
    setup = "import django; django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", setup + code],
        cwd=cwd,
        env=clean_env(cwd, DJANGO_SETTINGS_MODULE="careinspect.settings", **variables),
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
