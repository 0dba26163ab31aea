"""JSON API of inspections: the same service calls and the same access checks as the pages.

Every endpoint finds its inspection through `access.inspection_for`, so an inspection the user may not see
answers 404 whatever the path (DPR-3: nobody learns that another agency's inspection exists). Evidence
answers 404 to every provider user, even for their own agency. State changes go through
`careinspect.inspections.services` only; a rule broken there answers 422 with its rule and field, the
wrong person 403.

Split along the kind seam: `common` (what every operation shares), `lifecycle` (every kind's inspection
and its lifecycle) and one module per kind for its own records (`sccif`: the SCCIF full inspection's).
"""

from ninja import Router

from careinspect.inspections.api import lifecycle, sccif
from careinspect.inspections.api.common import answer_errors

router = Router(tags=["inspections"])
# On this router, so every kind's operations answer the services' errors alike (see `answer_errors`).
router.add_decorator(answer_errors)
router.add_router("", lifecycle.router)
router.add_router("", sccif.router)

__all__ = ["router"]
