"""Candidate RAAs and candidate files for the thematic tests, built in a line each."""

from __future__ import annotations

from datetime import date
from itertools import count

from careinspect.rules.grades import Grade
from careinspect.rules.thematic.candidates import CandidateRaa, LaInspection, LaInspectionKind
from careinspect.rules.thematic.generate import candidates_csv
from careinspect.rules.thematic.window import ProgrammeWindow

WINDOW_2023 = ProgrammeWindow(date(2023, 10, 1), date(2023, 12, 31))
HEADER = "urn,name,region,operating_model,started,member_las,ilacs,la_inspections,size,registered_as_vaa"
GOOD_ROW = "RA000001,Adopt North East,North East,hosted centralised,2018-12-01,392;390,good;outstanding,,95,N"

_codes = count(100)


def raa(
    urn: str,
    *,
    region: str = "London",
    model: str = "hosted centralised",
    started: date = date(2018, 4, 1),
    las: int = 5,
    ilacs: tuple[Grade, ...] | None = None,
    inspections: tuple[tuple[str, str], ...] = (),
    size: int = 100,
    vaa: bool = False,
) -> CandidateRaa:
    """An RAA with `las` member LAs of fresh codes, all judged good unless `ilacs` says otherwise;
    `inspections` are (KIND, ISO date) pairs of its first member LA."""
    codes = tuple(str(next(_codes) % 900 + 100) for _ in range(las))  # always 3 digits
    return CandidateRaa(
        urn=urn,
        name=f"Adopt {urn}",
        region=region,
        operating_model=model,
        started=started,
        member_las=codes,
        ilacs=ilacs if ilacs is not None else (Grade.GOOD,) * las,
        la_inspections=tuple(
            LaInspection(codes[0], LaInspectionKind(kind), date.fromisoformat(day))
            for kind, day in inspections
        ),
        size=size,
        registered_as_vaa=vaa,
    )


def as_csv(*raas: CandidateRaa) -> str:
    return candidates_csv(raas)
