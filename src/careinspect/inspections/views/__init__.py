"""The inspection team's pages. Each view reads through `access`, acts through `services`, and shows the
rules' own messages (with their IDs) against the field they are about.

Split along the kind seam: `common` (what every page shares), `overview` (the pages every kind has) and
one module per kind for its own pages (`sccif`: the SCCIF full inspection's).
"""

from careinspect.inspections.views.common import (
    SUBPAGES,
    _attempt,
    _kind_page,
    _now,
    _page,
    _regulator_inspection,
    _today,
    deadlines_of,
    subpages_for,
)
from careinspect.inspections.views.overview import (
    ACTIONS,
    act,
    dashboard_view,
    detail,
    inspection_list,
    notice,
    schedule,
)
from careinspect.inspections.views.sccif import (
    cases,
    evidence,
    judgements,
    preparation,
    report,
    requirements,
)

__all__ = [
    "ACTIONS",
    "SUBPAGES",
    "_attempt",
    "_kind_page",
    "_now",
    "_page",
    "_regulator_inspection",
    "_today",
    "act",
    "cases",
    "dashboard_view",
    "deadlines_of",
    "detail",
    "evidence",
    "inspection_list",
    "judgements",
    "notice",
    "preparation",
    "report",
    "requirements",
    "schedule",
    "subpages_for",
]
