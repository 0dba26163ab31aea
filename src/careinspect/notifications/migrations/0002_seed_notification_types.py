"""Seed the notification types from `rules/data/notifications.toml` (NOT-1); the admin edits them after."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from careinspect.rules.notifications import load_settings

    NotificationType = apps.get_model("notifications", "NotificationType")
    for order, event in enumerate(load_settings().event_types, start=1):
        NotificationType.objects.get_or_create(
            code=event.code,
            defaults={"name": event.name, "required_fields": list(event.required), "order": order},
        )


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
