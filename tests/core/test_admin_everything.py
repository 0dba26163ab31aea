"""The admin holds every record with its history (issue 15): records the services change are read-only
there, so nobody bypasses the rules or the story."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client

pytestmark = pytest.mark.django_db

OURS = ("core", "registry", "inspections", "portal")


def test_every_model_of_the_apps_is_in_the_admin() -> None:
    missing = [
        model._meta.label
        for app in OURS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical") and model not in admin.site._registry
    ]
    assert missing == []


def test_records_the_services_change_are_read_only_with_their_history() -> None:
    from careinspect.inspections.models import Evidence, Inspection

    superuser = User.objects.create_superuser("root", password="root-test-pass-123")
    client = Client()
    client.force_login(superuser)
    for model in (Inspection, Evidence):
        assert client.get(f"/admin/inspections/{model._meta.model_name}/").status_code == 200
        assert client.get(f"/admin/inspections/{model._meta.model_name}/add/").status_code == 403
