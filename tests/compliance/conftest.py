"""A SCCIF inspection with requirements, compliance notices and a regional director for the compliance tests.

Dates run over Christmas 2023 so the SCH-8 windows cross 25 and 26 December and 1 January:

    requirement due Wed 20 Dec 2023        outcome due Thu 21 Dec 2023 (REQ-3, the next working day)
    notice due Wed 20 Dec 2023             visit window Thu 21 Dec to Fri 29 Dec 2023 (SCH-8)
    notice due Fri 22 Dec 2023             visit window Wed 27 Dec 2023 to Wed 3 Jan 2024
    notice due Wed 10 Jan 2024             visit window Thu 11 Jan to Wed 17 Jan 2024
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User

from careinspect.compliance import services
from careinspect.compliance.models import ComplianceNotice
from careinspect.core.roles import REGIONAL_DIRECTOR
from careinspect.inspections.models import Inspection, Requirement
from careinspect.registry.models import Provider
from careinspect.rules.lifecycle import Status
from careinspect.rules.monitoring import RPT6_SECTIONS
from careinspect.scenarios.monitoring import MonitoringScenario
from tests.clock import at
from tests.conftest import d
from tests.people import _user

ISSUED_ON = d("2023-12-01")
SECTIONS = {key: f"{title}: written." for key, title in RPT6_SECTIONS}
# Two notices a visit on Thu 28 Dec 2023 can check together (SCH-8): (regulation, compliance date).
BOTH_NOTICES = (("Regulation 12", "2023-12-20"), ("Regulation 16", "2023-12-22"))


@pytest.fixture
def director(people: dict[str, User]) -> User:
    return _user("director", REGIONAL_DIRECTOR)


@pytest.fixture
def sccif(people: dict[str, User], agency_a: Provider) -> Inspection:
    """agency_a's full inspection, its report sent, with two requirements."""
    inspection = Inspection.objects.create(
        provider=agency_a,
        kind="sccif-full",
        status=Status.FINAL_SENT.value,
        lead_inspector=people["inspector"],
        manager=people["manager"],
        start_date=d("2023-10-09"),
        end_date=d("2023-10-10"),
        notified_on=d("2023-09-25"),
    )
    for regulation, due in (("Regulation 12", "2023-12-20"), ("Regulation 16", "2024-01-10")):
        Requirement.objects.create(
            inspection=inspection,
            regulation=regulation,
            action="Obtain two written references before anyone starts work.",
            impact="Staff may not be suitable.",
            compliance_date=d(due),
        )
    return inspection


def notice(provider: Provider, by: User, compliance_date: str, **kwargs: Any) -> ComplianceNotice:
    return services.issue_compliance_notice(
        provider,
        regulation=kwargs.pop("regulation", f"Regulation {compliance_date}"),
        action=kwargs.pop("action", "Make every recruitment check before anyone starts work."),
        compliance_date=d(compliance_date),
        by=by,
        now=at(kwargs.pop("issued_on", ISSUED_ON)),
        concern=kwargs.pop("concern", "Recruitment checks missing"),
        **kwargs,
    )


def visit(
    provider: Provider, people: dict[str, User], notices: list[ComplianceNotice], start: str, **kwargs: Any
) -> Inspection:
    return services.schedule_monitoring_visit(
        provider,
        reason=kwargs.pop("reason", "compliance_notice"),
        purpose=kwargs.pop("purpose", "To check the agency has met its compliance notices."),
        start=d(start),
        end=d(kwargs.pop("end", start)),
        lead_inspector=people["inspector"],
        manager=people["manager"],
        announced=kwargs.pop("announced", False),
        notices=notices,
        by=people["manager"],
        now=at(kwargs.pop("now", ISSUED_ON)),
        **kwargs,
    )


def day(text: str) -> date:
    return d(text)


def monitoring(provider: Provider, people: dict[str, User], *notices: tuple[str, str]) -> MonitoringScenario:
    """`provider`'s unannounced monitoring visit on Thu 28 Dec 2023 (the scenario builder), with a notice
    issued on ISSUED_ON for each (regulation, compliance date); nothing scheduled yet."""
    scenario = MonitoringScenario(provider, people, d("2023-12-28"))
    for regulation, due in notices:
        scenario.issue_notice(regulation=regulation, due=d(due), now=at(ISSUED_ON))
    return scenario


def to_draft(scenario: MonitoringScenario) -> MonitoringScenario:
    """Feedback at the end of the visit, then every RPT-6 section written, checked and sent as the draft on
    Tue 2 Jan 2024 (the agency's comments due on 9 January)."""
    scenario.feedback().write_report(SECTIONS, now=at("2024-01-02", 10))
    return scenario.check(now=at("2024-01-02", 11)).send_draft(now=at("2024-01-02", 12))
