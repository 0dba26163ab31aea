"""`careinspect rules …`: the regime's answers on the command line, as text or JSON.

Scripts rely on this contract (issues 2 and 12): bad input exits with code 2 and one line naming the field
or rule; for a providers file, the row and column.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError, CommandParser

from careinspect.core.regime import current_calendar, current_policy
from careinspect.rules.calendar import day_text
from careinspect.rules.errors import RuleViolation
from careinspect.rules.frameworks import FRAMEWORK_NAMES
from careinspect.rules.grades import Grade
from careinspect.rules.judgements import Judgements, RecruitmentEvidence, check_judgements
from careinspect.rules.next_steps import inadequate, serious_concerns
from careinspect.rules.priority import (
    PriorityWeights,
    default_weights,
    load_weights,
    rank,
    read_providers_csv,
)
from careinspect.rules.readability import check_readability
from careinspect.rules.sampling import tracked_minimum
from careinspect.rules.scheduling import first_inspection_window, monitoring_visits, next_inspection_window
from careinspect.rules.timelines import compute_timeline

BAD_INPUT = 2
FLAG_FOR_FIELD = {"compliance_date": "--compliance-dates", "compliance_dates": "--compliance-dates"}


class _OneLineErrorParser(CommandParser):
    """argparse prints a usage block on error; the contract is one line and exit code 2."""

    def error(self, message: str) -> NoReturn:
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        sys.exit(BAD_INPUT)


def iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write it as YYYY-MM-DD") from None


def grade(text: str) -> Grade:
    try:
        return Grade.parse(text)
    except RuleViolation as exc:
        raise argparse.ArgumentTypeError(f"{exc.message} ({exc.rule})") from None


def whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} cannot be negative")
    return value


def weeks(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of weeks") from None
    if value < 0 or value != value:
        raise argparse.ArgumentTypeError(f"{text} is not a number of weeks: it cannot be negative")
    return value


class Command(BaseCommand):
    help = "Answers of the inspection regime (RULES.md): timelines, windows, judgement checks, sample sizes."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(
            dest="question",
            required=True,
            parser_class=_OneLineErrorParser,
            metavar=(
                "{timeline,next-inspection,first-inspection,judge,sample-size,monitoring-visits,"
                "priority,readability,next-steps}"
            ),
        )

        p = sub.add_parser(
            "timeline", help="notice, information and report deadlines (NTC, INF, RPT-3, RPT-4)"
        )
        p.add_argument("kind", choices=FRAMEWORK_NAMES)
        p.add_argument("--start", type=iso_date, required=True, help="first on-site day")
        p.add_argument("--end", type=iso_date, required=True, help="last on-site day (the day of feedback)")
        p.add_argument(
            "--single-individual", action="store_true", help="ASA run by a single individual (NTC-1)"
        )
        _json_flag(p)

        p = sub.add_parser("next-inspection", help="window for the next inspection (SCH-1, SCH-2, SCH-3)")
        p.add_argument("--last", type=iso_date, required=True, help="date of the previous inspection")
        p.add_argument("--judgement", type=grade, required=True, help="its overall judgement")
        _json_flag(p)

        p = sub.add_parser("first-inspection", help="window for a first inspection (SCH-4)")
        p.add_argument("--registered", type=iso_date, required=True, help="date of registration")
        _json_flag(p)

        p = sub.add_parser("judge", help="check a set of SCCIF judgements (JDG-3 to JDG-7)")
        p.add_argument("--helped-protected", type=grade, required=True)
        p.add_argument(
            "--leadership", type=grade, required=True, help="effectiveness of leaders and managers"
        )
        p.add_argument("--overall", type=grade, required=True, help="overall experiences and progress")
        p.add_argument(
            "--manager-vacancy-weeks", type=weeks, help="weeks since the manager's post fell vacant"
        )
        p.add_argument(
            "--recruitment-evidence",
            choices=[e.value for e in RecruitmentEvidence],
            help="evidence of attempts to recruit a manager (JDG-5)",
        )
        p.add_argument(
            "--unregistered-manager-weeks",
            type=weeks,
            help="weeks a manager has been in post without applying to register (JDG-6)",
        )
        _json_flag(p)

        p = sub.add_parser("sample-size", help="fewest cases to track (CAS-1)")
        p.add_argument(
            "--service-users",
            type=whole_number,
            required=True,
            help="children and other service users in the last 12 months",
        )
        _json_flag(p)

        p = sub.add_parser("monitoring-visits", help="fewest visits to check compliance notices (SCH-8)")
        p.add_argument("--compliance-dates", type=iso_date, nargs="+", required=True)
        _json_flag(p)

        p = sub.add_parser("priority", help="which independent fostering agencies to visit first (SCH-7)")
        p.add_argument(
            "--providers",
            type=Path,
            required=True,
            metavar="FILE.csv",
            help="urn, registered, last_inspection, last_judgement, concerns, notifications[, enforcement]",
        )
        p.add_argument("--today", type=iso_date, default=None, help="the date to rank on (default: today)")
        p.add_argument("--weights", type=Path, metavar="FILE.toml", help="the factors' weights (SCH-7)")
        _json_flag(p)

        p = sub.add_parser("readability", help="reading age of a child-friendly summary (RPT-5)")
        p.add_argument("--text-file", type=Path, required=True, metavar="FILE", help="UTF-8 plain text")
        _json_flag(p)

        p = sub.add_parser("next-steps", help="deadlines after serious concerns or an inadequate judgement")
        situations = p.add_subparsers(
            dest="situation",
            required=True,
            parser_class=_OneLineErrorParser,
            metavar="{serious-concerns,inadequate}",
        )
        for name, help_text, end_help in (
            ("serious-concerns", "IFA visit with serious or widespread concerns (ENF-4, SCH-9)", "visit"),
            ("inadequate", "SCCIF full inspection judged inadequate (ENF-2, SCH-2)", "inspection"),
        ):
            q = situations.add_parser(name, help=help_text)
            q.add_argument("--end", type=iso_date, required=True, help=f"last day of the {end_help}")
            _json_flag(q)

    def handle(self, *args: Any, **options: Any) -> None:
        question: str = options["question"]
        answer, text = self._answer(question, options)
        if options["json"]:
            self.stdout.write(json.dumps(answer, indent=2))
        else:
            self.stdout.write(text)

    def _answer(self, question: str, options: dict[str, Any]) -> tuple[Any, str]:
        handlers: dict[str, Callable[[dict[str, Any]], tuple[Any, str]]] = {
            "timeline": _timeline,
            "next-inspection": _next_inspection,
            "first-inspection": _first_inspection,
            "judge": _judge,
            "sample-size": _sample_size,
            "monitoring-visits": _monitoring_visits,
            "priority": _priority,
            "readability": _readability,
            "next-steps": _next_steps,
        }
        try:
            return handlers[question](options)
        except RuleViolation as exc:
            flag = FLAG_FOR_FIELD.get(exc.field or "", "--" + (exc.field or "").replace("_", "-"))
            raise CommandError(str(exc.for_field(flag) if exc.field else exc), returncode=BAD_INPUT) from None


def _json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def _long(day: date) -> str:
    return f"{day:%a} {day_text(day)}"


def _timeline(o: dict[str, Any]) -> tuple[Any, str]:
    timeline = compute_timeline(
        o["kind"],
        o["start"],
        o["end"],
        calendar=current_calendar(),
        policy=current_policy(),
        single_individual=o["single_individual"],
    )
    lines = [f"{o['kind']} inspection on site {_long(timeline.start)} to {_long(timeline.end)}"]
    for d in timeline.deadlines:
        when = _long(d.day) + (f" at {d.at:%H:%M}" if d.at else f" ({d.hint})" if d.hint else "")
        lines.append(f"  {d.label:<38} {when:<40} {d.rule}")
    return timeline.as_dict(), "\n".join(lines)


def _window_text(kind: str, window: Any) -> str:
    return f"{kind} between {_long(window.earliest)} and {_long(window.latest)} ({window.rule})"


def _next_inspection(o: dict[str, Any]) -> tuple[Any, str]:
    window = next_inspection_window(o["last"], o["judgement"])
    return window.as_dict(), _window_text("Next inspection", window)


def _first_inspection(o: dict[str, Any]) -> tuple[Any, str]:
    window = first_inspection_window(o["registered"])
    return window.as_dict(), _window_text("First inspection", window)


def _judge(o: dict[str, Any]) -> tuple[Any, str]:
    evidence = o["recruitment_evidence"]
    check = check_judgements(
        Judgements(
            helped_protected=o["helped_protected"],
            leaders_managers=o["leadership"],
            overall=o["overall"],
            manager_vacancy_weeks=o["manager_vacancy_weeks"],
            recruitment_evidence=RecruitmentEvidence(evidence) if evidence else None,
            unregistered_manager_weeks=o["unregistered_manager_weeks"],
        )
    )
    lines = ["Valid: no rule is broken." if check.valid else "Not valid: a rule is broken."]
    lines += [f"  error   {f.rule}: {f.message}" for f in check.errors]
    lines += [f"  warning {f.rule}: {f.message}" for f in check.warnings]
    return check.as_dict(), "\n".join(lines)


def _sample_size(o: dict[str, Any]) -> tuple[Any, str]:
    n = tracked_minimum(o["service_users"], current_policy())
    return {"tracked_min": n}, f"Track at least {n} cases for {o['service_users']} service users (CAS-1)"


def _monitoring_visits(o: dict[str, Any]) -> tuple[Any, str]:
    visits = monitoring_visits(o["compliance_dates"], current_calendar())
    lines = [f"{len(visits)} monitoring visit{'s' if len(visits) != 1 else ''} (SCH-8)"]
    for n, v in enumerate(visits, 1):
        covered = ", ".join(_long(d) for d in v.covers)
        lines.append(f"  visit {n}: between {_long(v.earliest)} and {_long(v.latest)}, for {covered}")
    return [v.as_dict() for v in visits], "\n".join(lines)


def _priority(o: dict[str, Any]) -> tuple[Any, str]:
    today = o["today"] or date.today()
    weights = _priority_weights(o["weights"])
    try:
        providers = read_providers_csv(o["providers"], today=today)
    except RuleViolation as exc:
        # The row and column are the field here, not a flag's name.
        raise RuleViolation(str(exc), field="providers") from None
    ranked = rank(providers, today, weights)
    lines = [f"Assurance visits in priority order on {_long(today)} (SCH-7)"]
    lines += [f"  {r.rank:>3}. {r.urn:<10} {r.score:>4}  {r.explanation()}" for r in ranked]
    return [r.as_dict() for r in ranked], "\n".join(lines)


def _priority_weights(path: Path | None) -> PriorityWeights:
    if path is None:
        return default_weights()
    try:
        return load_weights(path)
    except RuleViolation as exc:  # the message names the file and the key
        raise RuleViolation(exc.message, rule=exc.rule, field="weights") from None


def _readability(o: dict[str, Any]) -> tuple[Any, str]:
    path: Path = o["text_file"]
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = "it is not UTF-8 text" if isinstance(exc, UnicodeDecodeError) else exc.strerror or str(exc)
        raise RuleViolation(f"cannot read {path}: {reason}", field="text_file") from None
    result = check_readability(text)
    verdict = "Passes" if result.passes else "Does not pass: " + "; ".join(result.reasons)
    lines = [f"{verdict} (RPT-5)"]
    if result.reading_age is not None:
        lines.append(f"  reading age {result.reading_age:g}")
        lines += [f"  {name.replace('_', ' ')}: {value:g}" for name, value in result.measures.items()]
    lines += [f"  long sentence {s.index} ({s.words} words): {s.text}" for s in result.long_sentences]
    if result.long_words:
        lines.append("  long words: " + ", ".join(result.long_words))
    return result.as_dict(), "\n".join(lines)


def _next_steps(o: dict[str, Any]) -> tuple[Any, str]:
    end: date = o["end"]
    if o["situation"] == "serious-concerns":
        steps = serious_concerns(end, current_calendar())
        lines = [
            f"Serious or widespread concerns at the visit ending {_long(end)}",
            f"  case review by {_long(steps.case_review_due)} (ENF-4)",
            f"  email to each DCS by the end of {_long(steps.dcs_email_due)} (ENF-4)",
            "  " + _window_text("monitoring visit", steps.monitoring_visit),
        ]
        return steps.as_dict(), "\n".join(lines)
    judged = inadequate(end, current_calendar())
    lines = [
        f"Inadequate at the inspection ending {_long(end)}",
        f"  case review by {_long(judged.case_review_due)} (ENF-2)",
        "  " + _window_text("reinspection", judged.reinspection),
    ]
    return judged.as_dict(), "\n".join(lines)
