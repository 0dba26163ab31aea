"""Who the regulator inspects: local authorities, registered providers and their past inspections.

Thin models: what a provider is due for is computed by `services` from `careinspect.rules` and kept in
`ProviderDue`, one row a provider, so the due list is one indexed query.
"""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from simple_history.models import HistoricalRecords

from careinspect.rules.calendar import day_text
from careinspect.rules.grades import Grade
from careinspect.rules.kinds import Kind
from careinspect.rules.scheduling import Window

three_digits = RegexValidator(r"^\d{3}$", "A DfE local authority code is 3 digits, for example 202.")


class Region(models.TextChoices):
    NORTH_EAST = "North East"
    NORTH_WEST = "North West"
    YORKSHIRE_HUMBER = "Yorkshire and the Humber"
    EAST_MIDLANDS = "East Midlands"
    WEST_MIDLANDS = "West Midlands"
    EAST_OF_ENGLAND = "East of England"
    LONDON = "London"
    SOUTH_EAST = "South East"
    SOUTH_WEST = "South West"


class LocalAuthority(models.Model):
    code = models.CharField("DfE code", max_length=3, unique=True, validators=[three_digits])
    name = models.CharField(max_length=100, unique=True)
    region = models.CharField(max_length=30, choices=Region.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class ProviderKind(models.TextChoices):
    ASA = "ASA", "Adoption support agency"
    VAA = "VAA", "Voluntary adoption agency"
    RAA = "RAA", "Regional adoption agency"
    IFA = "IFA", "Independent fostering agency"


class GradeChoice(models.TextChoices):
    OUTSTANDING = Grade.OUTSTANDING.value, Grade.OUTSTANDING.label
    GOOD = Grade.GOOD.value, Grade.GOOD.label
    REQUIRES_IMPROVEMENT = Grade.REQUIRES_IMPROVEMENT.value, Grade.REQUIRES_IMPROVEMENT.label
    INADEQUATE = Grade.INADEQUATE.value, Grade.INADEQUATE.label


class Provider(models.Model):
    """A registered agency (or an RAA, which the thematic programme inspects)."""

    kind = models.CharField(max_length=3, choices=ProviderKind.choices)
    urn = models.CharField(
        "URN", max_length=20, unique=True, help_text="The regulator's unique reference number"
    )
    name = models.CharField(max_length=200)
    registration_date = models.DateField()
    single_individual = models.BooleanField(
        default=False, help_text="An agency that is a single individual gets 20 working days' notice (NTC-1)"
    )
    serves_users = models.BooleanField(
        "children or adults receive services",
        default=True,
        help_text="No first inspection is due while nobody receives services (SCH-4)",
    )
    registered_manager = models.CharField(max_length=200, blank=True)
    responsible_individual = models.CharField(max_length=200, blank=True)
    local_authority = models.ForeignKey(
        LocalAuthority,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="providers_based_here",
        help_text="Where the agency is based",
    )
    member_las = models.ManyToManyField(
        LocalAuthority,
        blank=True,
        related_name="raas",
        verbose_name="member local authorities",
        help_text="For a regional adoption agency: the local authorities it works for",
    )
    registered_as_vaa = models.BooleanField(
        "registered as a voluntary adoption agency",
        default=False,
        help_text="An RAA registered as a VAA is inspected under the SCCIF, not thematically (THM-3)",
    )
    is_demo = models.BooleanField(default=False, help_text="Synthetic record made by `careinspect demo`")
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="RAA") | models.Q(registered_as_vaa=False),
                name="only_an_raa_registers_as_vaa",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.urn})"

    @property
    def on_inspection_cycle(self) -> bool:
        """RAAs meet the regulator through the thematic programme unless registered as VAAs (THM-3)."""
        return self.kind != ProviderKind.RAA or self.registered_as_vaa


class InspectionKind(models.TextChoices):
    """The kinds of inspection as database choices: `careinspect.rules.kinds.Kind`, spelt once there."""

    SCCIF_FULL = Kind.SCCIF_FULL.value, Kind.SCCIF_FULL.label
    RAA_THEMATIC = Kind.RAA_THEMATIC.value, Kind.RAA_THEMATIC.label
    IFA_ASSURANCE = Kind.IFA_ASSURANCE.value, Kind.IFA_ASSURANCE.label
    MONITORING = Kind.MONITORING.value, Kind.MONITORING.label


class PastInspection(models.Model):
    """An inspection already carried out: the history the next inspection's window is computed from."""

    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="past_inspections")
    end_date = models.DateField(help_text="Last day of the inspection")
    kind = models.CharField(max_length=20, choices=InspectionKind.choices)
    judgement = models.CharField(
        "overall judgement",
        max_length=20,
        choices=GradeChoice.choices,
        blank=True,
        help_text="Blank for visits that make no graded judgement (JDG-9)",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-end_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "end_date", "kind"], name="one_inspection_of_a_kind_a_day"
            ),
            models.CheckConstraint(
                condition=models.Q(kind=Kind.SCCIF_FULL.value, judgement__in=[g.value for g in Grade])
                | ~models.Q(kind=Kind.SCCIF_FULL.value),
                name="full_inspection_has_a_grade",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.provider.name} ending {day_text(self.end_date)}"


class ProviderStaff(models.Model):
    """A sign-in that belongs to an agency's staff: they see only their own agency's work (DPR-3)."""

    user = models.OneToOneField("auth.User", on_delete=models.CASCADE, related_name="provider_staff")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="staff")
    job_title = models.CharField(max_length=100, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "provider staff"

    def __str__(self) -> str:
        return f"{self.user.get_username()} at {self.provider.name}"


class IntelligenceKind(models.TextChoices):
    """What the regulator holds about a provider between inspections (SCH-5, NOT-1, NOT-2, NOT-4)."""

    NOTIFICATION = "notification", "Notification of a Schedule 4 event"
    COMPLAINT = "complaint", "Complaint"
    CONCERN = "concern", "Concern or whistle-blowing"
    QUESTIONNAIRE = "questionnaire", "Questionnaire responses"
    NMS25 = "nms25", "NMS 25 report"
    MANAGER_CHANGE = "manager_change", "Manager absence or change"


class Intelligence(models.Model):
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="intelligence")
    kind = models.CharField(max_length=20, choices=IntelligenceKind.choices)
    received_on = models.DateField()
    summary = models.TextField(help_text="No names: initials or the agency's case record ID (EVD-2)")
    responses = models.PositiveIntegerField(
        null=True, blank=True, help_text="For questionnaires: how many responses came back"
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on"]
        verbose_name_plural = "intelligence"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} about {self.provider.name} on {day_text(self.received_on)}"


class DueStatus(models.TextChoices):
    """Where a provider stands against its next-inspection window (SCH-1 to SCH-4)."""

    OVERDUE = "overdue", "Overdue"
    THIS_QUARTER = "this_quarter", "Due this quarter"
    LATER = "later", "Later"
    NOT_ON_CYCLE = "not_on_cycle", "Not on a cycle"
    UNDER_WAY = "under_way", "Inspection under way"


class WindowRule(models.TextChoices):
    """The rule that set a window."""

    CYCLE = "SCH-1", "SCH-1: 3-year cycle"
    INADEQUATE = "SCH-2", "SCH-2: 6 to 12 months after inadequate"
    REQUIRES_IMPROVEMENT = "SCH-3", "SCH-3: 12 to 18 months after requires improvement"
    FIRST = "SCH-4", "SCH-4: 7 to 12 months after registration"


class ProviderDue(models.Model):
    """A provider's next-inspection window and status as `services.refresh_due` last worked them out.

    A stored copy of what the rules say, so the due list filters, sorts and pages in the database rather
    than computing every provider's window on every request (issue 10). Whatever changes a window or a
    status refreshes the row: a provider saved, a past inspection added or removed, an inspection
    scheduled, moved on or deleted (the inspections app's receivers), `careinspect due refresh` after a
    change of rule, and the nightly `refresh_due_list` task for the date rolling on. No history is kept:
    every value can be worked out again from the records that do keep one.
    """

    provider = models.OneToOneField(Provider, on_delete=models.CASCADE, primary_key=True, related_name="due")
    # Copies of the provider's kind and lower-cased name, so every filter and sort of the list is served
    # by an index on this one table.
    kind = models.CharField(max_length=3, choices=ProviderKind.choices)
    name_key = models.CharField(max_length=400)
    earliest = models.DateField(null=True, blank=True, help_text="The window opens")
    latest = models.DateField(null=True, blank=True, help_text="The window closes")
    rule = models.CharField(max_length=5, choices=WindowRule.choices, blank=True)
    status = models.CharField(max_length=12, choices=DueStatus.choices)
    reason = models.CharField(max_length=200, help_text="Why this window, or why none")
    # The inspection under way, as the inspections app describes it: an id and words, not a foreign key,
    # so the registry never depends on the inspections app.
    under_way_inspection = models.PositiveIntegerField(
        "id of the inspection under way", null=True, blank=True
    )
    under_way_reference = models.CharField(max_length=20, blank=True)
    under_way_status = models.CharField(max_length=100, blank=True)
    computed_on = models.DateField(help_text="The day the status was worked out for")

    class Meta:
        verbose_name = "provider's due inspection"
        indexes = [
            # One index for each sort the list offers, in its full order (`services.SORTS`, then the
            # provider), and one for the status filter with the default sort.
            models.Index(fields=["latest", "name_key", "provider"], name="due_by_latest"),
            models.Index(fields=["earliest", "name_key", "provider"], name="due_by_earliest"),
            models.Index(fields=["name_key", "provider"], name="due_by_name"),
            models.Index(fields=["kind", "name_key", "provider"], name="due_by_kind"),
            models.Index(fields=["status", "latest", "name_key", "provider"], name="due_status_by_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id}: {self.get_status_display()}"

    @property
    def window(self) -> Window | None:
        """The stored window as the rules give it, or None when the provider has none."""
        if self.earliest is None or self.latest is None:
            return None
        return Window(self.earliest, self.latest, self.rule)

    @property
    def under_way_text(self) -> str:
        """ "INS-00009, draft report sent" (issue 15)."""
        if self.under_way_inspection is None:
            return ""
        return f"{self.under_way_reference}, {self.under_way_status[:1].lower()}{self.under_way_status[1:]}"


class OperatingModel(models.TextChoices):
    """RULES: THM-2 — the DfE's operating models of an RAA (as `rules/data/thematic_selection.toml`)."""

    HOSTED_CENTRALISED = "hosted centralised", "Hosted centralised"
    HOSTED_HUB_AND_SPOKE = "hosted hub and spoke", "Hosted hub and spoke"
    DECENTRALISED = "decentralised", "Decentralised"
    JOINT_VENTURE = "joint venture", "Joint venture"
    LA_COMPANY = "local authority company", "Local authority company"


class RaaFacts(models.Model):
    """What THM-2 weighs about a regional adoption agency besides its region and member LAs."""

    provider = models.OneToOneField(
        Provider,
        on_delete=models.CASCADE,
        related_name="raa_facts",
        limit_choices_to={"kind": ProviderKind.RAA},
        verbose_name="regional adoption agency",
    )
    operating_model = models.CharField(max_length=30, choices=OperatingModel.choices)
    started = models.DateField("began operating")
    adoptions_a_year = models.PositiveIntegerField("size (adoptions a year)")
    dfe_funding = models.DecimalField(
        "DfE development funding (£)",
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Development funding the DfE gave the RAA; blank if none is recorded",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = "RAA facts"
        verbose_name_plural = "RAA facts"

    def __str__(self) -> str:
        return f"Facts of {self.provider}"


class LaInspectionKind(models.TextChoices):
    """The local-area inspections THM-3 keeps apart from a thematic visit."""

    ILACS = "ILACS", "ILACS (inspection of local authority children's services)"
    SEND = "SEND", "SEND (area special educational needs and disabilities)"


class LaInspection(models.Model):
    """An ILACS or SEND inspection of a local authority: held (with its judgement) or scheduled."""

    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.CASCADE, related_name="inspections")
    kind = models.CharField(max_length=5, choices=LaInspectionKind.choices)
    day = models.DateField("date", help_text="The day it was held or is scheduled to start")
    judgement = models.CharField(
        max_length=20,
        choices=GradeChoice.choices,
        blank=True,
        help_text="The ILACS overall judgement once published; blank for a scheduled or SEND inspection",
    )
    is_demo = models.BooleanField(default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["local_authority__name", "-day"]
        verbose_name = "LA inspection (ILACS or SEND)"
        verbose_name_plural = "LA inspections (ILACS or SEND)"
        indexes = [models.Index(fields=["local_authority", "kind", "day"])]

    def __str__(self) -> str:
        return f"{self.kind} of {self.local_authority.name} on {day_text(self.day)}"
