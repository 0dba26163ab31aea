"""The A1 form's three sheets, column by column (docs: /work/shared/spec/A1_DATA.md). Rules: INF-1, EVD-2."""

from __future__ import annotations

from careinspect.datasets.columns import choice, date, la_code, money, text, whole_number, year_month, yes_no
from careinspect.datasets.reference import ETHNICITY_CODES
from careinspect.datasets.schema import Column, Sheet

PLACEMENT_ROUTES = ("in_raa", "other_raa", "vaa", "inter_agency_la", "none")
INTER_AGENCY_ROUTES = ("other_raa", "vaa", "inter_agency_la")
REQUESTERS = ("adoptive_family", "adopted_adult", "birth_relative", "special_guardian")
SUPPORT_TYPES = (
    "therapy_asgsf", "parenting", "training", "peer_support", "records_access",
    "intermediary", "letterbox", "birth_family", "other",
)  # fmt: skip
SUPPORT_STATUSES = ("waiting_assessment", "waiting_support", "receiving", "closed", "withdrawn")

CHILDREN = Sheet(
    "children",
    (
        Column("child_id", text(), required=True, unique=True),
        Column("la_code", la_code(), required=True),
        Column("sex", choice(("M", "F", "X", "U")), required=True),
        Column("birth_month", year_month(), required=True),
        Column("ethnicity", choice(ETHNICITY_CODES), required=True),
        Column("disability", yes_no(), required=True),
        Column("complex_needs", yes_no(), required=True),
        Column("sibling_group_size", whole_number(minimum=1), required=True),
        Column("decision_date", date(), required=True),
        Column("placement_order_date", date()),
        Column("matched_date", date()),
        Column("placed_date", date()),
        Column("adoption_order_date", date()),
        Column("placement_route", choice(PLACEMENT_ROUTES)),
        Column("early_permanence", yes_no(), required=True),
        Column("placed_with_siblings", yes_no()),
        Column("plan_changed_date", date()),
        Column("disruption_date", date()),
    ),
)

ADOPTERS = Sheet(
    "adopters",
    (
        Column("adopter_id", text(), required=True, unique=True),
        Column("assessing_la_code", la_code()),
        Column("household", choice(("single", "couple")), required=True),
        Column("ethnicity", choice(ETHNICITY_CODES), required=True),
        Column("lgbtq", choice(("Y", "N", "U")), required=True),
        Column("interest_date", date(), required=True),
        Column("stage1_start", date()),
        Column("stage1_end", date()),
        Column("stage2_start", date()),
        Column("approval_date", date()),
        Column("paused_days", whole_number(minimum=0), required=True),
        Column("withdrawn_date", date()),
        Column("withdrawal_reason", text(), free_text=True),
        Column("early_permanence_approved", yes_no(), required=True),
        Column("sibling_group_considered", yes_no(), required=True),
        Column("matched_date", date()),
        Column("placed_date", date()),
    ),
)

SUPPORT = Sheet(
    "support",
    (
        Column("request_id", text(), required=True, unique=True),
        Column("family_id", text(), required=True),
        Column("requester", choice(REQUESTERS), required=True),
        Column("la_code", la_code(), required=True),
        Column("request_date", date(), required=True),
        Column("assessment_start", date()),
        Column("assessment_end", date()),
        Column("support_start", date()),
        Column("support_end", date()),
        Column("support_type", choice(SUPPORT_TYPES), required=True),
        Column("asgsf_amount", money()),
        Column("status", choice(SUPPORT_STATUSES), required=True),
        Column("child_became_cin_or_lac", yes_no(), required=True),
    ),
)

SHEETS = (CHILDREN, ADOPTERS, SUPPORT)
