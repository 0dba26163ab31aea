"""Walking the ids (issue 10 item 7, DPR-3): every page and API address that takes an id, tried as each
role with the ids of records that are not theirs, finds nothing and changes nothing.

The addresses come from the project itself, so a new one is walked without a change here: every URL
pattern with an id (`django.urls.get_resolver()`, the API and the admin aside) and every path of the
OpenAPI document. An address whose id this walk cannot tell the record of fails the test, naming it
(PAGE_RECORDS, API_RECORDS: by the start of the address and the id's name; PARENT for an address with two
ids; KEYS for an id written as a record's string field, an agency's URN or a survey's token).

- Each agency's staff, with the other agency's ids: never a 2xx (the public published reports, their
  child-friendly summaries and the programme reports aside), and exactly the answer an id that exists
  nowhere gets, so not even a record's existence shows.
- The quality assurance officer, who reads everything, with agency A's ids: every API write refused, and
  no page's form saved (a page shows an empty form again with its errors; a saved form redirects).
- A signed-out visitor: sent to sign in (pages) or 401 (API), or 405 for a method the address never takes.
- Nobody gets a 5xx, and afterwards every table holds exactly what it held before, and no file was stored.

Pages are asked with GET and with a POST of an empty form; API paths with GET and POST, PUT, PATCH and
DELETE with an empty JSON body (a method an operation does not declare, with one id: it is refused by the
routing, before any record is read).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import Max, Model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from careinspect.api import api
from careinspect.assurance.models import PostVisitSurvey
from careinspect.assurance.summary_models import AdaptationRequest
from careinspect.enforcement.models import CaseReview, DcsAlert, SafeguardingReferral
from careinspect.inspections.models import (
    Case,
    DeferralRequest,
    Evidence,
    Inspection,
    Judgement,
    ProviderResponse,
    PublishedReport,
    Requirement,
)
from careinspect.inspections.views.overview import ACTIONS
from careinspect.messaging.models import OutboxEmail
from careinspect.notifications.models import ManagerNotice, Nms25Report, Notification, QuestionnaireImport
from careinspect.planning.models import Placement, Plan
from careinspect.portal.models import InformationRequest, Upload
from careinspect.registry.models import Provider
from careinspect.rules.kinds import Kind
from careinspect.thematic.models import Programme, ProgrammeInspection
from tests.security.world import Agency, World

pytestmark = pytest.mark.django_db

# Beyond any id in the world: 1 past the highest of the record's kind, and past SQLite's integers.
NOWHERE = (1, 2**63)
# Where each kind of record belongs to an agency ("pk": the agency itself); None: the regulator's own, no
# agency's (its staff may read none of it, not even the national plan's placement of their own agency).
OWNER: dict[type[Model], str | None] = {
    Provider: "pk",
    Inspection: "provider",
    InformationRequest: "inspection__provider",
    Upload: "request__inspection__provider",
    PublishedReport: "inspection__provider",
    Case: "inspection__provider",
    Evidence: "inspection__provider",
    Judgement: "inspection__provider",
    DeferralRequest: "inspection__provider",
    ProviderResponse: "inspection__provider",
    Plan: None,
    Placement: None,
    OutboxEmail: None,  # every agency's mail: the regulator's staff only (DPR-3)
    Requirement: "inspection__provider",
    CaseReview: "provider",
    DcsAlert: "provider",
    SafeguardingReferral: "provider",
    Notification: "provider",
    Nms25Report: "provider",
    ManagerNotice: "provider",
    QuestionnaireImport: None,  # the national survey's responses, every agency's: the regulator's
    AdaptationRequest: "summary__inspection__provider",
    PostVisitSurvey: "inspection__provider",
    # A thematic programme and its visits are the regulator's plan, like the national plan's placements.
    Programme: None,
    ProgrammeInspection: None,
}
# The records a page's ids name, by the start of its address (the first that matches) and the id's name.
PAGE_RECORDS: list[tuple[str, dict[str, type[Model]]]] = [
    ("planning/", {"pk": Plan, "placement_pk": Placement}),
    ("thematic/", {"pk": Programme, "visit_pk": ProgrammeInspection}),
    ("fieldwork/programmes/", {"pk": Programme}),
    ("fieldwork/inspections/", {"pk": Inspection}),
    ("assurance/priority/", {"urn": Provider}),
    ("assurance/survey/", {"token": PostVisitSurvey}),
    ("assurance/", {"pk": Inspection}),  # visits and child-friendly summaries: the visit's inspection
    ("enforcement/inspections/", {"pk": Inspection}),
    ("enforcement/alerts/", {"pk": DcsAlert}),
    ("enforcement/case-reviews/", {"pk": CaseReview}),
    ("enforcement/referrals/", {"pk": SafeguardingReferral}),
    ("compliance/providers/", {"pk": Provider}),
    ("notifications/questionnaires/", {"pk": QuestionnaireImport}),
    ("notifications/nms25/", {"pk": Nms25Report}),
    ("notifications/agency/manager/", {"pk": ManagerNotice}),  # its sender's correction (NOT-3)
    ("notifications/", {"pk": Notification}),  # the regulator's review and the agency's own page
    ("outbox/inspections/", {"pk": Inspection}),
    ("outbox/", {"pk": OutboxEmail}),
    ("portal/requests/", {"pk": InformationRequest}),
    ("portal/uploads/", {"pk": Upload}),
    ("reports/programmes/", {"pk": Programme}),  # the programme's published report (public)
    ("reports/", {"pk": PublishedReport}),  # the report and its child-friendly summary (public)
    ("portal/", {"pk": Inspection}),
    ("inspections/", {"pk": Inspection}),
]
# An address with two ids names the second's record; the first is its parent's, read from it (the field).
PARENT = {
    Placement: "plan_id",
    ProgrammeInspection: "programme_id",
    AdaptationRequest: "summary__inspection_id",
}
# Ids that are written as another of the record's fields (a string), not its pk: the field.
KEYS: dict[str, str] = {"urn": "urn", "token": "token"}
# The record an API path's id names, by the start of its path (the first that matches) and the id's name.
API_RECORDS: list[tuple[str, dict[str, type[Model]]]] = [
    (
        "/api/inspections/",
        {
            "inspection_id": Inspection,
            "deferral_id": DeferralRequest,
            "case_id": Case,
            "evidence_id": Evidence,
            "judgement_id": Judgement,
            "response_id": ProviderResponse,
        },
    ),
    ("/api/thematic/programmes/", {"pk": Programme, "visit_pk": ProgrammeInspection}),
    ("/api/fieldwork/inspections/", {"pk": Inspection}),
    ("/api/fieldwork/programmes/", {"pk": Programme}),
    ("/api/assurance/inspections/", {"inspection_id": Inspection, "request_id": AdaptationRequest}),
    ("/api/assurance/priority/", {"urn": Provider}),
    ("/api/assurance/visits/", {"visit_id": Inspection}),
    ("/api/enforcement/case-reviews/", {"pk": CaseReview}),
    ("/api/enforcement/dcs-alerts/", {"pk": DcsAlert}),
    ("/api/enforcement/inspections/", {"pk": Inspection}),
    ("/api/enforcement/referrals/", {"pk": SafeguardingReferral}),
    ("/api/compliance/providers/", {"provider_id": Provider}),
    ("/api/compliance/requirements/", {"requirement_id": Requirement}),
    ("/api/compliance/visits/", {"inspection_id": Inspection}),
    ("/api/notifications/manager-notices/", {"notice_id": ManagerNotice}),
    ("/api/notifications/", {"notification_id": Notification}),
    ("/api/messages/inspections/", {"inspection_id": Inspection}),
]
# Values for an address's other parameters: every step a button can take, every letter, a judgement area.
WORDS = {
    "transition": sorted(ACTIONS),
    "letter": ["notice", "staff"],
    "area": ["helped_protected"],
    "team": ["1"],  # a thematic programme's team (its number)
}
# Published reports are public by design (RPT-3): anyone may read them, with their child-friendly
# summaries (RPT-5) and the thematic programmes' reports, all under /reports/.
PUBLIC = ("reports/",)
WRITES = ("POST", "PUT", "PATCH", "DELETE")
REFUSED = {401, 403, 404, 405, 422}


@dataclass(frozen=True)
class Address:
    """One address with `{id}` where the record's id goes and its other parameters filled in."""

    template: str
    record: type[Model]
    api: bool
    methods: tuple[str, ...]  # what the API declares for it; pages: ("GET", "POST")
    key: str = "pk"  # the record's field the id is written as (KEYS)

    @property
    def public(self) -> bool:
        return self.template.lstrip("/").startswith(PUBLIC)


# Collecting the addresses ------------------------------------------------------------------------------


def _patterns(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            if not route.startswith(("api/", "admin/")):  # the API by its schema; the admin is staff-only
                yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def _fill(template: str, marker: str) -> list[str]:
    """Every filling of the template's word parameters, `marker` showing how one is written ("{%s}")."""
    filled = [template]
    for name, values in WORDS.items():
        written = marker.replace("%s", name)
        if written in template:
            filled = [t.replace(written, value) for t in filled for value in values]
    return filled


def _address(
    where: str, names: list[str], table: list[tuple[str, dict[str, type[Model]]]], written: str
) -> tuple[str, type[Model], str]:
    """The template of an address whose ids are `names` (`written` shows how one is written: "<int:%s>"),
    the record it names and the field its id is written as."""
    records = next((named for start, named in table if where.startswith(start)), {})
    assert names and set(names) <= set(records), f"{where}: which records do {names} name? (table)"
    *parents, name = names
    record = records[name]
    assert len(parents) == (record in PARENT), f"{where}: how is {parents} found? (PARENT)"
    template = where
    for written_as in (written, written.replace("int", "str")):
        template = template.replace(written_as.replace("%s", name), "{id}")
        for parent in parents:
            template = template.replace(written_as.replace("%s", parent), "{parent}")
    return template, record, KEYS.get(name, "pk")


def page_addresses() -> list[Address]:
    found = []
    for route in _patterns(get_resolver()):
        names = re.findall(r"<int:(\w+)>", route)
        keys = [n for n in re.findall(r"<str:(\w+)>", route) if n in KEYS]
        others = set(re.findall(r"<str:(\w+)>", route)) - set(WORDS) - set(KEYS)
        assert not others, f"/{route}: what values do {others} take? (WORDS)"
        if not names + keys:
            continue
        assert len(keys) <= 1 and not (names and keys), f"/{route}: ids {names + keys}"
        try:
            template, record, key = _address(route, names + keys, PAGE_RECORDS, "<int:%s>")
        except AssertionError as error:
            raise AssertionError(f"/{error} (PAGE_RECORDS)") from None
        pages = _fill("/" + template, "<str:%s>")
        found += [Address(t, record, False, ("GET", "POST"), key) for t in pages]
    return found


def api_addresses() -> list[Address]:
    found = []
    for path, operations in api.get_openapi_schema()["paths"].items():
        ids = [name for name in re.findall(r"{(\w+)}", path) if name not in WORDS]
        if not ids:
            continue
        try:
            template, record, key = _address(path, ids, API_RECORDS, "{%s}")
        except AssertionError as error:
            raise AssertionError(f"{error} (API_RECORDS)") from None
        methods = tuple(m.upper() for m in operations)
        found += [Address(t, record, True, methods, key) for t in _fill(template, "{%s}")]
    return found


# The ids to try ----------------------------------------------------------------------------------------


def ids_of(record: type[Model], agency: Agency) -> list[int]:
    """The agency's records of the kind (its IFA's and RAA's with them); for the regulator's own records,
    all of them."""
    owner = OWNER[record]
    mine = [p.pk for p in agency.providers]
    found = (
        record._default_manager.all()
        if owner is None
        else record._default_manager.filter(**{f"{owner}__in": mine})
    )
    return sorted(found.values_list("pk", flat=True))


def nowhere(record: type[Model]) -> list[int]:
    highest = record._default_manager.aggregate(top=Max("pk"))["top"] or 0
    return [highest + NOWHERE[0], NOWHERE[1]]


def parent_of(record: type[Model], pk: int) -> int:
    """The id of the record's parent; for an id that exists nowhere, a real parent's (so that only the
    record itself is unknown)."""
    field = PARENT[record]
    found = record._default_manager.filter(pk=pk).values_list(field, flat=True).first()
    return int(found or record._default_manager.values_list(field, flat=True).first() or 0)


# Asking ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Answer:
    address: Address
    method: str
    url: str
    status: int
    location: str

    def __str__(self) -> str:
        return f"{self.method} {self.url} → {self.status}"

    @property
    def sent_to_sign_in(self) -> bool:
        return self.status == 302 and self.location.startswith(reverse("login"))

    @property
    def refused(self) -> bool:
        return self.status in REFUSED or self.sent_to_sign_in


def written(address: Address, pk: int) -> str:
    """The id as the address writes it: the pk, or the record's key (an id that exists nowhere: a key
    that no record has)."""
    if address.key == "pk":
        return str(pk)
    found = address.record._default_manager.filter(pk=pk).values_list(address.key, flat=True).first()
    return str(found) if found is not None else f"NOWHERE{pk}"


def ask(client: Client, method: str, address: Address, pk: int) -> Answer:
    url = address.template.replace("{id}", written(address, pk))
    if "{parent}" in url:
        url = url.replace("{parent}", str(parent_of(address.record, pk)))
    if address.api:
        response = client.generic(method, url, data=json.dumps({}), content_type="application/json")
    else:
        response = client.generic(method, url, data="", content_type="application/x-www-form-urlencoded")
    return Answer(address, method, url, response.status_code, response.get("Location", ""))


def walk(client: Client, addresses: list[Address], ids: dict[type[Model], list[int]]) -> list[Answer]:
    """Every address with every id of its record kind; undeclared API methods with the first id only."""
    answers = []
    for address in addresses:
        for method in ("GET", *WRITES) if address.api else address.methods:
            declared = method in address.methods
            for pk in ids[address.record] if declared else ids[address.record][:1]:
                answers.append(ask(client, method, address, pk))
    return answers


def client_for(user: User | None) -> Client:
    client = Client(raise_request_exception=False)  # a 500 is an answer to report, not a crash
    if user is not None:
        client.force_login(user)
    return client


# What must not change ----------------------------------------------------------------------------------


def everything() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (history and many-to-many tables included) and every stored file."""
    rows = {
        model._meta.db_table: list(model._default_manager.order_by("pk").values_list())
        for model in apps.get_models(include_auto_created=True)
    }
    media = Path(settings.MEDIA_ROOT)
    rows["files"] = sorted((str(p), p.stat().st_size) for p in media.rglob("*") if p.is_file())
    return rows


@pytest.fixture
def addresses() -> list[Address]:
    found = page_addresses() + api_addresses()
    # The walk covers what it must: every kind of record, pages and API, public and not.
    assert {a.record for a in found} == set(OWNER)
    assert any(a.public for a in found) and any(a.api for a in found)
    return found


def server_errors(answers: list[Answer]) -> list[str]:
    return [str(a) for a in answers if a.status >= 500]


# The walks ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("walker", "other"), [("a", "b"), ("b", "a")])
def test_dpr3_an_agencys_staff_find_nothing_of_the_other_agency(
    world: World, addresses: list[Address], walker: str, other: str
) -> None:
    mine: Agency = getattr(world, walker)
    theirs: Agency = getattr(world, other)
    client = client_for(mine.staff)
    before = everything()
    foreign = {record: ids_of(record, theirs) for record in OWNER}
    assert all(foreign.values()), "the other agency has a record of every kind"
    # …and a visit of every kind, so each kind's own pages are walked past their kind checks.
    visits = Inspection.objects.filter(pk__in=foreign[Inspection])
    assert set(visits.values_list("kind", flat=True)) == set(Kind)
    answers = walk(client, addresses, foreign)
    # An id 1 past the highest is one that could exist; one past the database's integers may also be
    # refused as invalid (422, the API's `RecordId`): it must be refused, and is not compared.
    unknown = walk(client, addresses, {record: nowhere(record)[:1] for record in OWNER})
    invalid = walk(client, addresses, {record: nowhere(record)[1:] for record in OWNER})

    assert server_errors(answers + unknown + invalid) == []
    assert [str(a) for a in answers if not a.refused and not a.address.public] == []
    assert [str(a) for a in unknown + invalid if not a.refused and not a.address.public] == []
    # An id of the other agency is answered as an id that exists nowhere: its existence does not show.
    nowhere_answer = {(a.method, a.address): a.status for a in unknown}
    differ = [
        f"{a}, an id that exists nowhere → {nowhere_answer[a.method, a.address]}"
        for a in answers
        if not a.address.public and a.status != nowhere_answer[a.method, a.address]
    ]
    assert differ == []
    assert everything() == before


def test_the_quality_assurance_officer_reads_but_every_write_is_refused(
    world: World, addresses: list[Address]
) -> None:
    client = client_for(world.qa)
    before = everything()
    ids = {record: ids_of(record, world.a) + nowhere(record)[:1] for record in OWNER}
    answers = walk(client, addresses, ids)
    assert server_errors(answers) == []
    written = [str(a) for a in answers if a.method in WRITES and a.address.api and not a.refused]
    assert written == []
    # A page shows an empty form again with its errors (200); only a saved form redirects elsewhere.
    saved = [
        f"{a} to {a.location}"
        for a in answers
        if a.method == "POST" and not a.address.api and a.status == 302 and not a.sent_to_sign_in
    ]
    assert saved == []
    read = [a for a in answers if a.method == "GET" and a.status == 200]
    assert len(read) > 40, "the officer does read agency A's records"
    # Each kind's own page is read, so the walk goes past its kind check (KND-3, KND-2, KND-4).
    others = world.a.others
    own_pages = {
        f"/assurance/visits/{others.assurance.pk}/",
        f"/fieldwork/inspections/{others.thematic.pk}/",
        f"/inspections/{others.monitoring.pk}/visit/",
    }
    assert own_pages <= {a.url for a in read}
    assert everything() == before


def test_a_signed_out_visitor_is_sent_to_sign_in(world: World, addresses: list[Address]) -> None:
    client = client_for(None)
    before = everything()
    ids = {record: ids_of(record, world.a) + nowhere(record)[:1] for record in OWNER}
    answers = walk(client, addresses, ids)
    assert server_errors(answers) == []
    # A method the address does not take is refused (405) before anything else is looked at.
    wrong = [
        str(a)
        for a in answers
        if not a.address.public
        and a.status != 405
        and not (a.status == 401 if a.address.api else a.sent_to_sign_in)
    ]
    assert wrong == []
    assert everything() == before
