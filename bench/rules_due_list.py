"""Benchmark: working-day arithmetic and next-inspection windows at the scale of the whole register.

Prints seconds and peak memory for each size; run with `.venv/bin/python bench/rules_due_list.py`.
Targets (README): 10k report timelines under 1 s; windows for 100k providers under 1 s.
"""

from __future__ import annotations

import random
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, timedelta

from careinspect.rules.calendar import WorkingDayCalendar
from careinspect.rules.grades import Grade
from careinspect.rules.policy import default_policy
from careinspect.rules.scheduling import next_inspection_window
from careinspect.rules.timelines import compute_timeline


def measure(label: str, work: Callable[[], object]) -> None:
    """Time one untraced run (tracing slows Python several times over), then trace a second for memory."""
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    tracemalloc.start()
    work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<45} {seconds:8.3f} s   peak {peak / 2**20:7.1f} MiB")


def main() -> None:
    rng = random.Random(1)
    calendar, policy = WorkingDayCalendar(), default_policy()
    starts = [
        calendar.next_working_day(date(2020, 1, 1) + timedelta(days=rng.randint(0, 3000)))
        for _ in range(100_000)
    ]
    grades = list(Grade)
    for n in (1_000, 10_000):
        measure(
            f"asa-full timelines x {n:,}",
            lambda n=n: [
                compute_timeline(
                    "asa-full", s, calendar.add_working_days(s, 1), calendar=calendar, policy=policy
                )
                for s in starts[:n]
            ],
        )
    for n in (10_000, 100_000):
        measure(
            f"next-inspection windows x {n:,}",
            lambda n=n: [next_inspection_window(s, grades[i % 4]) for i, s in enumerate(starts[:n])],
        )


if __name__ == "__main__":
    main()
