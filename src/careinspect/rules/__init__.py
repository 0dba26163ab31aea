"""The inspection regime as pure Python: no Django imports here.

Each module enforces or computes rules of ../shared/spec/RULES.md and cites their IDs.
Callers pass in a `Policy` (the administrator's settings) and a `WorkingDayCalendar`.
"""
