"""JSON API of assurance (django-ninja), added to the project's API under `/assurance`."""

from ninja import Router

router = Router(tags=["assurance"])

# The child-friendly summary (RPT-5): its own module, on this router.
from careinspect.assurance.summary_api import router as summary_router  # noqa: E402

router.add_router("", summary_router)

# The priority list and the visit (SCH-7, NTC-4, KND-3, JDG-9).
from careinspect.assurance.visit_api import router as visit_router  # noqa: E402

router.add_router("", visit_router)
