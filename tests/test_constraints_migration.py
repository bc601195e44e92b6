"""Rows saved before the constraints existed are made sane by the migration that adds
them, so that upgrading an install with a negative fee or an absurd date works."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

# Partner organisations as they were then too: without the alliance (core.tenancy).
BEFORE = [("holidays", "0005_private_reduction_proofs"), ("partners", "0005_translated_content")]
AFTER = [("holidays", "0006_sane_values")]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("latest_migrations_afterwards")
def test_migration_fixes_a_negative_fee_and_absurd_dates_before_adding_constraints() -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps = executor.loader.project_state(BEFORE).apps
    organisation = apps.get_model("partners", "Organisation").objects.create(
        name="Alter Verein", slug="alter-verein"
    )
    period = apps.get_model("holidays", "Period").objects.create(
        name="Sommer",
        slug="sommer",
        holiday_start=date(9999, 12, 31),
        holiday_end=date(1, 1, 1),
        booking_opens=datetime(2027, 5, 1, tzinfo=UTC),
        flat_fee=Decimal("-5"),
    )
    activity = apps.get_model("holidays", "Activity").objects.create(
        period=period, organisation=organisation, title="Alt", slug="alt", summary="Alt"
    )
    occasion = apps.get_model("holidays", "Occasion").objects.create(
        activity=activity, fee=Decimal("-100"), max_places=0, age_min=14, age_max=8
    )
    moment = datetime(2027, 7, 20, 9, tzinfo=UTC)
    apps.get_model("holidays", "OccasionDate").objects.create(
        occasion=occasion, starts=moment, ends=moment
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps

    period = apps.get_model("holidays", "Period").objects.get(slug="sommer")
    assert (period.holiday_start, period.holiday_end) == (date(2000, 1, 1), date(2099, 12, 31))
    assert period.flat_fee == 0
    occasion = apps.get_model("holidays", "Occasion").objects.get(pk=occasion.pk)
    assert (occasion.fee, occasion.max_places) == (0, 1)
    assert (occasion.age_min, occasion.age_max) == (8, 14)
    stretch = apps.get_model("holidays", "OccasionDate").objects.get(occasion_id=occasion.pk)
    assert stretch.ends > stretch.starts
