"""Benchmark: the national plan (issue 14) for 5,000 agencies and 300 inspectors over one inspection year.

The greedy baseline and the CP-SAT planner run on the same generated scenario (fixed seed), each in a
fresh process so that its peak memory (the process's peak resident set: Python, OR-Tools and all) is its
own. The CP-SAT process also makes its greedy hint, and its seconds are shown with and without it.

    .venv/bin/python bench/plan.py [--providers 5000] [--inspectors 300] [--seed 1] [--time-limit 50]

Goal (README): a complete plan in under 60 s on 2 cores, no inspection left unplaced where the greedy
places it, and at least 20% fewer out-of-region placements than the greedy.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from datetime import date
from typing import Any

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.planning import Horizon, Plan, cpsat_plan, greedy_plan
from careinspect.rules.planning.generate import DEFAULT_INSPECTION_YEAR, generate_scenario

YEAR = Horizon(date(DEFAULT_INSPECTION_YEAR, 4, 1), date(DEFAULT_INSPECTION_YEAR + 1, 3, 31))
GOAL_SECONDS = 60.0
GOAL_FEWER_OUT_OF_REGION = 0.20


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def _figures(plan: Plan, seconds: float) -> dict[str, Any]:
    f = plan.figures
    return {
        "seconds": seconds,
        "placed": f.placed,
        "unplaced": f.unplaced,
        "out_of_region": f.out_of_region,
        "sch6_exceptions": f.sch6_exceptions,
        "weighted_mean_delay": f.weighted_mean_delay,
        "cost": f.cost,
        "status": f.status,
    }


def child(planner: str, o: argparse.Namespace) -> dict[str, Any]:
    """One planner's run, in this (fresh) process."""
    scenario = generate_scenario(o.providers, o.inspectors, seed=o.seed)
    calendar = WorkingDayCalendar()
    started = time.perf_counter()
    greedy = greedy_plan(scenario, YEAR, calendar)
    greedy_seconds = time.perf_counter() - started
    if planner == "greedy":
        return _figures(greedy, greedy_seconds) | {"peak_mib": _peak_mib()}
    started = time.perf_counter()
    plan = cpsat_plan(scenario, YEAR, calendar, time_limit=o.time_limit, hint=greedy, workers=o.workers)
    seconds = time.perf_counter() - started
    lost = sorted({a.urn for a in greedy.assignments} - {a.urn for a in plan.assignments})
    return _figures(plan, seconds) | {
        "peak_mib": _peak_mib(),
        "with_hint_seconds": greedy_seconds + seconds,
        "lost_to_greedy": lost,
        "models": list(plan.figures.passes),
    }


def run_child(planner: str, argv: list[str]) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, __file__, *argv, "--child", planner], capture_output=True, text=True, check=True
    )
    return dict(json.loads(done.stdout))


def _ratio(cpsat: float, greedy: float) -> str:
    return f"{cpsat / greedy:.2f}" if greedy else "-"


def report(o: argparse.Namespace, greedy: dict[str, Any], cpsat: dict[str, Any]) -> None:
    print(
        f"{o.providers:,} agencies, {o.inspectors} inspectors, inspection year {YEAR.first} to {YEAR.last}, "
        f"seed {o.seed}, CP-SAT time limit {o.time_limit:g} s, {o.workers} workers"
    )
    rows = [
        ("seconds", "seconds", "{:.1f}"),
        ("peak memory (MiB)", "peak_mib", "{:.0f}"),
        ("placed", "placed", "{:,}"),
        ("unplaced", "unplaced", "{:,}"),
        ("out-of-region placements", "out_of_region", "{:,}"),
        ("SCH-6 exceptions", "sch6_exceptions", "{:,}"),
        ("mean wait, working days (priority-weighted)", "weighted_mean_delay", "{:.2f}"),
        ("objective (shared cost)", "cost", "{:,}"),
    ]
    print(f"| {'figure':<44} | {'greedy':>10} | {'CP-SAT':>10} | {'CP-SAT / greedy':>15} |")
    print(f"| {'-' * 44} | {'-' * 9}: | {'-' * 9}: | {'-' * 14}: |")
    for label, key, fmt in rows:
        g, c = greedy[key], cpsat[key]
        print(f"| {label:<44} | {fmt.format(g):>10} | {fmt.format(c):>10} | {_ratio(c, g):>15} |")
    print(f"CP-SAT status {cpsat['status']}; models: {cpsat['models']}")
    total = cpsat["with_hint_seconds"]
    fewer = 1 - cpsat["out_of_region"] / greedy["out_of_region"] if greedy["out_of_region"] else 0.0
    print(f"goal: complete plan under {GOAL_SECONDS:g} s (greedy hint + CP-SAT): {total:.1f} s")
    print(f"goal: no inspection unplaced that the greedy places: {len(cpsat['lost_to_greedy'])} such")
    print(f"goal: at least {GOAL_FEWER_OUT_OF_REGION:.0%} fewer out-of-region placements: {fewer:.0%} fewer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--providers", type=int, default=5000)
    parser.add_argument("--inspectors", type=int, default=300)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--time-limit", type=float, default=50.0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--child", choices=("greedy", "cpsat"), help=argparse.SUPPRESS)
    o = parser.parse_args()
    if o.child:
        print(json.dumps(child(o.child, o)))
        return
    argv = [a for a in sys.argv[1:]]
    report(o, run_child("greedy", argv), run_child("cpsat", argv))


if __name__ == "__main__":
    main()
