"""The SCCIF full inspection's scenarios (KND-1).

`builder.SccifScenario` takes one inspection from state to state through the real services, each step at
the moment its caller gives. `careinspect demo` tells its stories with it (`stories`, `steps`, `texts`,
`agencies`; loaded and cleared by `demo`), and the tests build their inspections with it (the `Walk` of
`tests/inspections/conftest.py`).
"""

from careinspect.scenarios.sccif_full.builder import SccifScenario
from careinspect.scenarios.sccif_full.demo import (
    DemoInspections,
    clear_demo_inspections,
    load_demo_inspections,
)

__all__ = ["DemoInspections", "SccifScenario", "clear_demo_inspections", "load_demo_inspections"]
