"""Benchmark: the Inspections due page and API with 5,000 providers, before and after issue 10 item 4.

    .venv/bin/python bench/due_list.py [--providers 5000] [--repeat 7] [--database-url URL]

*Before* is the old code path, kept here as the baseline: every request loads every provider with its
full inspections and works each window out in Python (`careinspect.registry.due`, the same rules), sorts
and pages the list in Python; the API answered the whole list unpaged. *After* is the real page and API:
one indexed query on the stored rows (`ProviderDue`), filtered, sorted and paged in the database. Both run
as real requests through the test client (middleware, session, permission checks, template or JSON), on
the same generated register, in one run. Also timed: the nightly full refresh and one provider's refresh
(what a receiver does when an inspection moves on).

The database is a fresh SQLite file in a temporary folder unless --database-url names another (an empty
database: the benchmark migrates it and fills it).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import statistics
import sys
import tempfile
import time
import types
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

GRADES = ("outstanding", "good", "good", "good", "requires_improvement", "inadequate")
KINDS = ("ASA", "ASA", "IFA", "IFA", "VAA", "RAA")


def setup_django(database_url: str | None) -> None:
    if database_url is None:
        folder = Path(tempfile.mkdtemp(prefix="careinspect-bench-"))
        database_url = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ["DATABASE_URL"] = database_url
    # A key for this process alone: the benchmark serves nothing and keeps no session beyond its run.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "careinspect.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host and an in-memory mail outbox
    call_command("migrate", verbosity=0)


# The register ------------------------------------------------------------------------------------------


def fill_register(count: int, today: date) -> None:
    """`count` providers with one to three graded full inspections each (fixed seed), then their rows."""
    from careinspect.registry.models import InspectionKind, PastInspection, Provider
    from careinspect.registry.services import refresh_due

    rng = random.Random(1)
    providers = Provider.objects.bulk_create(
        (
            Provider(
                urn=f"SC{n:06d}",
                kind=KINDS[n % len(KINDS)],
                name=f"{rng.choice(['Harbour', 'Kestrel', 'Lantern', 'Willow', 'Cedar'])} agency {n}",
                registration_date=today - timedelta(days=rng.randint(200, 4000)),
                serves_users=n % 50 != 0,
            )
            for n in range(count)
        ),
        batch_size=500,
    )
    past = []
    for p in providers:
        if p.pk % 12 == 0:
            continue  # newly registered, not yet inspected (SCH-4)
        end = today - timedelta(days=rng.randint(60, 4 * 365))
        for _ in range(rng.randint(1, 3)):
            past.append(
                PastInspection(
                    provider=p, end_date=end, kind=InspectionKind.SCCIF_FULL, judgement=rng.choice(GRADES)
                )
            )
            end -= timedelta(days=rng.randint(300, 1100))
    PastInspection.objects.bulk_create(past, batch_size=500)
    refresh_due(None, today)


def inspector() -> Any:
    from django.contrib.auth.models import User

    from careinspect.core.roles import INSPECTOR, ensure_roles

    user = User.objects.create_user("bench-inspector", password="bench-inspector-pass")
    user.groups.add(ensure_roles()[INSPECTOR])
    return user


# Before: the old code path, as the baseline ------------------------------------------------------------


@dataclass(frozen=True)
class OldEntry:
    """What the old service gave the template for each provider (worked out on every request)."""

    provider: Any
    earliest: date | None
    latest: date | None
    rule: str
    status: str
    reason: str
    under_way_text: str = ""
    stale: bool = False


OLD_SORT_KEYS: dict[str, Callable[[OldEntry], tuple[Any, ...]]] = {
    "latest": lambda e: (e.latest is None, e.latest or date.max, e.provider.name),
    "earliest": lambda e: (e.earliest is None, e.earliest or date.max, e.provider.name),
    "name": lambda e: (e.provider.name.lower(),),
    "kind": lambda e: (e.provider.kind, e.provider.name.lower()),
}


def old_inspections_due(
    today: date, kinds: Iterable[str], statuses: Iterable[str], sort: str, descending: bool
) -> list[OldEntry]:
    """The due list as it was: every provider and its inspections loaded, each window worked out."""
    from django.db.models import Prefetch

    from careinspect.registry.due import ProviderFacts, status_of, window_for
    from careinspect.registry.models import InspectionKind, PastInspection, Provider

    providers = Provider.objects.all()
    if kind_set := set(kinds):
        providers = providers.filter(kind__in=kind_set)
    providers = providers.prefetch_related(
        Prefetch("past_inspections", queryset=PastInspection.objects.filter(kind=InspectionKind.SCCIF_FULL))
    )
    entries = []
    for p in providers:
        graded = [i for i in p.past_inspections.all() if i.judgement]
        last = max(graded, key=lambda i: i.end_date, default=None)
        facts = ProviderFacts(
            p.pk,
            p.kind,
            p.name,
            p.registration_date,
            p.serves_users,
            p.registered_as_vaa,
            last.end_date if last else None,
            last.judgement if last else "",
        )
        window, reason = window_for(facts)
        entries.append(
            OldEntry(
                provider=p,
                earliest=window.earliest if window else None,
                latest=window.latest if window else None,
                rule=window.rule if window else "",
                status=status_of(window, today).value,
                reason=reason,
            )
        )
    if status_set := set(statuses):
        entries = [e for e in entries if e.status in status_set]
    entries.sort(key=OLD_SORT_KEYS.get(sort, OLD_SORT_KEYS["latest"]), reverse=descending)
    return entries


def old_page(request: Any) -> Any:
    """The old view: the same form, template and context, over the list worked out in Python."""
    from django.core.paginator import Paginator
    from django.shortcuts import render
    from django.utils import timezone

    from careinspect.registry import views
    from careinspect.registry.forms import DueFilterForm
    from careinspect.registry.models import DueStatus, ProviderKind

    form = DueFilterForm(request.GET)
    form.is_valid()
    params = form.cleaned_data
    kinds, statuses = params.get("kind", []), params.get("status", [])
    sort, order = params.get("sort") or "latest", params.get("order") or "asc"
    today = timezone.localdate()
    entries = old_inspections_due(today, kinds, statuses, sort, order == "desc")
    page = Paginator(entries, views.PAGE_SIZE).get_page(request.GET.get("page"))
    filters = [("kind", k) for k in kinds] + [("status", s) for s in statuses]
    context = {
        "form": form,
        "filter_errors": [],
        "page": page,
        "today": today,
        "total": len(entries),
        "kinds": ProviderKind.choices,
        "statuses": DueStatus.choices,
        "selected_kinds": kinds,
        "selected_statuses": statuses,
        "columns": [views._column(key, label, sort, order, filters) for key, label in views.COLUMNS],
        "page_query": "",
        "selected_tags": [],
    }
    return render(request, "registry/inspections_due.html", context)


def old_api(request: Any) -> Any:
    """The old API: every provider, unpaged, through the same response schema."""
    from django.http import HttpResponse, HttpResponseForbidden
    from django.utils import timezone

    from careinspect.registry.api import DueOut

    if not request.user.has_perm("registry.view_provider"):
        return HttpResponseForbidden()
    entries = old_inspections_due(timezone.localdate(), [], request.GET.getlist("status"), "latest", False)
    rows = [
        DueOut(
            urn=e.provider.urn,
            name=e.provider.name,
            kind=e.provider.kind,
            earliest=e.earliest,
            latest=e.latest,
            rule=e.rule or None,
            status=e.status,
            reason=e.reason,
            under_way=None,
            computed_on=timezone.localdate(),
        ).model_dump_json()
        for e in entries
    ]
    return HttpResponse("[" + ",".join(rows) + "]", content_type="application/json")


def bench_urlconf() -> types.ModuleType:
    """The project's URLs with the baseline's two beside them."""
    from django.contrib.auth.decorators import login_required, permission_required
    from django.urls import include, path

    urls = types.ModuleType("bench_urls")
    urls.urlpatterns = [  # type: ignore[attr-defined]
        path(
            "before/inspections-due/",
            login_required(permission_required("registry.view_provider", raise_exception=True)(old_page)),
        ),
        path("before/api/inspections-due", login_required(old_api)),
        path("", include("careinspect.urls")),
    ]
    return urls


# Measuring ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    median_ms: float
    best_ms: float
    queries: int
    size_kib: float


def measure(client: Any, url: str, repeat: int) -> Figures:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as counted:  # also the warm-up run
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    # Read now: the captured queries are a slice of a log the next request empties.
    queries = len(counted)
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        seconds.append(time.perf_counter() - started)
    return Figures(
        median_ms=statistics.median(seconds) * 1000,
        best_ms=min(seconds) * 1000,
        queries=queries,
        size_kib=len(response.content) / 1024,
    )


def timed(work: Callable[[], object]) -> float:
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


CASES = [  # label, before, after
    ("page, default sort", "/before/inspections-due/", "/inspections-due/"),
    (
        "page, overdue by name desc, page 3",
        "/before/inspections-due/?status=overdue&sort=name&order=desc&page=3",
        "/inspections-due/?status=overdue&sort=name&order=desc&page=3",
    ),
    ("API, everything (before) / limit 50", "/before/api/inspections-due", "/api/registry/inspections-due"),
    (
        "API, overdue (before) / limit 500",
        "/before/api/inspections-due?status=overdue",
        "/api/registry/inspections-due?status=overdue&limit=500",
    ),
]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=5000)
    parser.add_argument("--repeat", type=int, default=7, help="timed requests per case (after one warm-up)")
    parser.add_argument("--database-url", default=None, help="an empty database (default: a new SQLite file)")
    args = parser.parse_args(argv)
    setup_django(args.database_url)

    from django.test import Client, override_settings
    from django.utils import timezone

    from careinspect.registry.models import Provider, ProviderDue
    from careinspect.registry.services import inspections_due, refresh_due

    today = timezone.localdate()
    filled = timed(lambda: fill_register(args.providers, today))
    print(f"{Provider.objects.count():,} providers on {today:%d %b %Y}, made in {filled:.1f} s\n")
    client = Client()
    client.force_login(inspector())
    print(f"{'':38} {'before (Python)':>26}   {'after (indexed query)':>26}")
    print(f"{'':38} {'ms median/best  q  KiB':>26}   {'ms median/best  q  KiB':>26}")
    with override_settings(ROOT_URLCONF=bench_urlconf()):
        for label, before_url, after_url in CASES:
            before = measure(client, before_url, args.repeat)
            after = measure(client, after_url, args.repeat)
            faster = before.median_ms / after.median_ms
            print(f"{label:38} {_cells(before):>26}   {_cells(after):>26}   x{faster:.0f}")

    one = Provider.objects.order_by("pk").first()
    unchanged = timed(lambda: refresh_due(None, today))
    ProviderDue.objects.update(reason="", computed_on=today - timedelta(days=1))  # every row out of date
    changed = timed(lambda: refresh_due(None, today))
    single = timed(lambda: refresh_due([one], today))
    print(f"\nnightly full refresh of {args.providers:,} providers: {unchanged:.2f} s with nothing changed,")
    print(f"{changed:.2f} s with every row changed; one provider's refresh (receiver): {single * 1e3:.1f} ms")
    plan = inspections_due(today, statuses=["overdue"])[:25].explain()
    print(f"\nquery plan, overdue by window closing, first page:\n  {plan.replace(chr(10), chr(10) + '  ')}")


def _cells(f: Figures) -> str:
    return f"{f.median_ms:7.1f}/{f.best_ms:7.1f} {f.queries:2d} {f.size_kib:6.0f}"


if __name__ == "__main__":
    sys.exit(main())
