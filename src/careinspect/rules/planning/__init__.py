"""The national inspection plan (issue 14): every due inspection given a lead inspector and its days.

Pure Python, no Django. `read_scenario` reads the CSV scenario; `greedy_plan` is the baseline and the
first solution; `cpsat_plan` improves on it with OR-Tools CP-SAT, decomposed by region.
"""

from careinspect.rules.planning.cpsat import cpsat_plan
from careinspect.rules.planning.greedy import greedy_plan
from careinspect.rules.planning.plan import Assignment, Figures, Plan, Unassigned
from careinspect.rules.planning.reading import ScenarioError, read_scenario
from careinspect.rules.planning.scenario import Inspector, Lock, ProviderDue, Scenario
from careinspect.rules.planning.timeline import Horizon

__all__ = [
    "Assignment",
    "Figures",
    "Horizon",
    "Inspector",
    "Lock",
    "Plan",
    "ProviderDue",
    "Scenario",
    "ScenarioError",
    "Unassigned",
    "cpsat_plan",
    "greedy_plan",
    "read_scenario",
]
