"""What a new alliance's concern desk starts with (registered with core.tenancy.on_create)."""

from __future__ import annotations

from importlib import import_module

from django.apps import apps as django_apps

# The migration's seed function, for a new alliance too (core.tenancy.on_create).
_SEEDING = import_module("familienrathaus.concerns.migrations.0002_seed_topics_and_settings")


def seed_alliance() -> None:
    """The topics (from the alliance's Themenfelder) and the settings row, as the
    migration seeded them for the first alliance; runs inside the new alliance."""
    _SEEDING.seed(django_apps, None)
