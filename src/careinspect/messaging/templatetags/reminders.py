"""`{% your_reminders %}`: the "Your reminders" panel on the dashboards (issue 13, item 7): the deadlines the
signed-in person owns, due in the next 10 working days, from every app's registered source."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from careinspect.core import deadlines
from careinspect.core.regime import current_calendar
from careinspect.messaging.reminders import AHEAD, where_to_act

register = template.Library()


@register.inclusion_tag("messaging/_your_reminders.html", takes_context=True)
def your_reminders(context: Any) -> dict[str, Any]:
    user = context["request"].user
    today = timezone.localdate()
    last = current_calendar().add_working_days(today, AHEAD)
    agency = hasattr(user, "provider_staff")
    rows = []
    for d in deadlines.owned_by(user, today, last):
        rows.append({"deadline": d, "url": where_to_act(d, agency=agency), "today": d.due == today})
    return {"rows": rows, "ahead": AHEAD, "today": today}
