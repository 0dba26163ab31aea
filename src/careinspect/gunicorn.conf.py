"""gunicorn's settings for careinspect, for the demo and a deployment behind a reverse proxy.

    gunicorn --config src/careinspect/gunicorn.conf.py careinspect.wsgi:application

Command-line options and GUNICORN_CMD_ARGS override these; docs/operations.md has the whole deployment.
"""

from __future__ import annotations

import os
from typing import Any

# The reverse proxy (nginx) connects here; gunicorn itself is never exposed to the internet.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Processes, each with threads: a page mostly waits on the database, so threads are cheap concurrency,
# and separate processes keep one slow PDF or dataset from holding up everyone else.
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * (os.cpu_count() or 1) + 1, 9))))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
worker_class = "gthread"

# A request taking longer than this is stuck (the slowest real work, a 1M-row A1 dataset, takes about 5 s):
# its worker is killed and replaced so it cannot hold a slot for ever.
timeout = 60
# On a restart or deploy, requests in flight get this long to finish.
graceful_timeout = 30
# nginx keeps connections to gunicorn open between requests.
keepalive = 5
# Workers are replaced after this many requests (with jitter, so not all at once): a slow leak cannot grow.
max_requests = 1000
max_requests_jitter = 100
# The heartbeat file on tmpfs, so a slow disk cannot make the master think a busy worker hung.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

# X-Forwarded-Proto is believed only from the proxy on this host (gunicorn's default; FORWARDED_ALLOW_IPS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# No run-time control socket: nothing should reconfigure the server but a deploy.
control_socket_disable = True

proc_name = "careinspect"
accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The client as the proxy saw it (X-Forwarded-For) beside the proxy's own address, and the worker's process
# id; no query strings (they may carry search terms).
access_log_format = '%(h)s %({x-forwarded-for}i)s %(t)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms worker=%(p)s'


def on_starting(server: Any) -> None:
    """Checks the settings in the master, before any worker starts: a bad one stops gunicorn with one message.

    Each worker would refuse anyway when it loads the app (RequireSecretKeyMiddleware), and gunicorn stops
    when a worker cannot boot; this says why once, before anything forks.
    """
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careinspect.settings")
    from careinspect.core.middleware import require_secret_key

    require_secret_key()
