"""Hooks other apps attach to, so that inspections never imports them (portal → inspections, never back).

`information_due` is sent, with `inspection` and `by`, whenever an inspection's information date is set or
moved: on notice (NTC-1), on an announcement (NTC-2, NTC-4) and when a date is agreed (INF-2). The portal
answers it by opening or re-dating the kind's information requests (INF-1, INF-2, INF-3).

`judged_inadequate` is sent when a SCCIF full inspection is judged inadequate overall (see below).

`management_facts_wanted` is sent with `inspection` and `on` (a date) when the facts about the manager are
about to be asked for and none are recorded yet (JDG-5, JDG-6). A receiver answers with a mapping of the
facts it knows (`manager_vacancy_weeks`, `unregistered_manager_weeks`), so the inspector confirms them
instead of retyping what the agency told the regulator; the notifications app answers from the agency's
notices about its manager.
"""

from __future__ import annotations

from django.dispatch import Signal

information_due = Signal()
management_facts_wanted = Signal()

# Sent inside the publishing transaction, with `inspection`, `published` (the frozen PublishedReport), `by`
# and `now`, once the report is frozen and before the step is done. A receiver that raises (a RuleViolation)
# refuses the publication and nothing is published: the assurance app publishes an assurance visit's
# child-friendly summary beside its report, and refuses a report whose summary is not checked (RPT-5).
report_published = Signal()

# Sent, with `inspection`, `by` and `now`, inside the transaction of the step, when a SCCIF full inspection
# gives feedback with an overall judgement of inadequate, or its overall judgement is changed to inadequate
# after feedback. Enforcement answers it by opening the inadequate next steps (ENF-2, ENF-3, SCH-2).
judged_inadequate = Signal()

# Sent, with `inspection`, `by` and `now`, inside the transaction of the step, when the final report is sent
# to the provider. The assurance app answers it by sending the post-visit survey with it (RPT-8).
final_report_sent = Signal()
