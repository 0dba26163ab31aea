"""The due list's table, filled for the providers already registered (issue 10).

The rows are worked out with the same functions as `services.refresh_due`, from this migration's models.
Inspections under way are not known here (the registry does not depend on the inspections app): a deploy
runs `careinspect due refresh` after migrating, and the nightly job would fill them the next night anyway.
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery
from django.utils import timezone

SCCIF_FULL = "sccif-full"


def fill(apps: Any, schema_editor: Any) -> None:
    from careinspect.registry.due import ProviderFacts, status_of, window_for

    Provider = apps.get_model("registry", "Provider")
    PastInspection = apps.get_model("registry", "PastInspection")
    ProviderDue = apps.get_model("registry", "ProviderDue")
    today = timezone.localdate()  # a migration is an edge: it reads the clock
    graded = (
        PastInspection.objects.filter(provider=OuterRef("pk"), kind=SCCIF_FULL)
        .exclude(judgement="")
        .order_by("-end_date")
    )
    providers = Provider.objects.order_by("pk").annotate(
        last_end=Subquery(graded.values("end_date")[:1]),
        last_judgement=Subquery(graded.values("judgement")[:1]),
    )
    rows = []
    for p in providers.iterator(chunk_size=1000):
        facts = ProviderFacts(
            p.pk,
            p.kind,
            p.name,
            p.registration_date,
            p.serves_users,
            p.registered_as_vaa,
            p.last_end,
            p.last_judgement or "",
        )
        window, reason = window_for(facts)
        rows.append(
            ProviderDue(
                provider_id=p.pk,
                kind=p.kind,
                name_key=p.name.lower(),
                earliest=window.earliest if window else None,
                latest=window.latest if window else None,
                rule=window.rule if window else "",
                status=status_of(window, today).value,
                reason=reason,
                computed_on=today,
            )
        )
    ProviderDue.objects.bulk_create(rows, batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_kinds"),
    ]

    operations = [
        migrations.CreateModel(
            name="ProviderDue",
            fields=[
                (
                    "provider",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="due",
                        serialize=False,
                        to="registry.provider",
                    ),
                ),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("ASA", "Adoption support agency"),
                            ("VAA", "Voluntary adoption agency"),
                            ("RAA", "Regional adoption agency"),
                            ("IFA", "Independent fostering agency"),
                        ],
                        max_length=3,
                    ),
                ),
                ("name_key", models.CharField(max_length=400)),
                ("earliest", models.DateField(blank=True, help_text="The window opens", null=True)),
                ("latest", models.DateField(blank=True, help_text="The window closes", null=True)),
                (
                    "rule",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("SCH-1", "SCH-1: 3-year cycle"),
                            ("SCH-2", "SCH-2: 6 to 12 months after inadequate"),
                            ("SCH-3", "SCH-3: 12 to 18 months after requires improvement"),
                            ("SCH-4", "SCH-4: 7 to 12 months after registration"),
                        ],
                        max_length=5,
                    ),
                ),
                (
                    "status",
                    models.CharField(
                        choices=[
                            ("overdue", "Overdue"),
                            ("this_quarter", "Due this quarter"),
                            ("later", "Later"),
                            ("not_on_cycle", "Not on a cycle"),
                            ("under_way", "Inspection under way"),
                        ],
                        max_length=12,
                    ),
                ),
                ("reason", models.CharField(help_text="Why this window, or why none", max_length=200)),
                (
                    "under_way_inspection",
                    models.PositiveIntegerField(
                        blank=True, null=True, verbose_name="id of the inspection under way"
                    ),
                ),
                ("under_way_reference", models.CharField(blank=True, max_length=20)),
                ("under_way_status", models.CharField(blank=True, max_length=100)),
                ("computed_on", models.DateField(help_text="The day the status was worked out for")),
            ],
            options={
                "verbose_name": "provider's due inspection",
                "indexes": [
                    models.Index(fields=["latest", "name_key", "provider"], name="due_by_latest"),
                    models.Index(fields=["earliest", "name_key", "provider"], name="due_by_earliest"),
                    models.Index(fields=["name_key", "provider"], name="due_by_name"),
                    models.Index(fields=["kind", "name_key", "provider"], name="due_by_kind"),
                    models.Index(
                        fields=["status", "latest", "name_key", "provider"], name="due_status_by_latest"
                    ),
                ],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
