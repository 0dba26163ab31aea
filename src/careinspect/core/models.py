"""Audit of who may sign in and in what role: every change to a user or their groups is kept."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from simple_history import register

# RULES: DPR-3 depends on roles being right, so changes to accounts and their roles are audited too.
register(get_user_model(), app=__package__, m2m_fields=["groups"], excluded_fields=["last_login", "password"])
