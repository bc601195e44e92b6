"""The lottery's demo data: a programme whose wish phase ended yesterday, so that on the
day the demo is loaded a coordinator can run, preview and confirm the lottery, as README
describes; and the lottery page says why a run cannot be confirmed and what to change."""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familienrathaus.holidays import demo as holiday_demo
from familienrathaus.holidays.models import Booking, Period
from familienrathaus.lottery import demo, services
from familienrathaus.lottery.models import PriorityGroup, Run, Wish
from familienrathaus.partners import demo as partners_demo
from tests.factories import TOTP_SECRET, UserFactory

pytestmark = pytest.mark.django_db


def test_demo_wish_phase_loads_once_and_runs() -> None:
    call_command("load_demo", stdout=io.StringIO())
    period = Period.objects.get(slug=demo.PERIOD_SLUG)
    assert not services.wish_phase_open(period)  # ended yesterday: ready for the lottery
    assert period.wish_end < timezone.now() < period.booking_opens
    assert Wish.objects.filter(period=period).count() > 20
    assert PriorityGroup.objects.filter(period=period).count() == 2
    assert demo.load() == 0
    coordinator = UserFactory(role="coordinator")
    TOTP.activate(coordinator, TOTP_SECRET)
    run = services.start_run(actor=coordinator, period=period, seed=1)
    assert services.execute_run(run.pk) == Run.Status.DONE
    run.refresh_from_db()
    assert run.summary["violations"] == []
    assert run.summary["figures"]["placed"] > 0


@pytest.mark.parametrize(
    "today",
    [date(2026, 11, 21), date(2027, 1, 1), date(2027, 3, 31), date(2027, 6, 30), date(2027, 9, 1)],
)
def test_on_the_day_of_loading_the_lottery_runs_and_is_confirmed(
    today: date, monkeypatch: pytest.MonkeyPatch
) -> None:
    """README's path on the day the demo is loaded: the coordinator starts a run, the
    page offers the confirmation (no refusal), confirming writes bookings; the family
    still sees the wishes it named."""
    now = timezone.make_aware(datetime.combine(today, time(10, 30)))
    monkeypatch.setattr(timezone, "now", lambda: now)
    partners_demo.load()
    holiday_demo.load()
    assert demo.load() > 0
    period = Period.objects.get(slug=demo.PERIOD_SLUG)
    assert timezone.localtime(period.wish_end).date() == today - timedelta(days=1)

    coordinator = UserFactory(role="coordinator")
    TOTP.activate(coordinator, TOTP_SECRET)
    run = services.start_run(actor=coordinator, period=period, seed=1)
    assert services.execute_run(run.pk) == Run.Status.DONE
    client = Client(headers={"accept-language": "de"})
    client.force_login(coordinator)
    page = client.get(reverse("lottery:run", kwargs={"pk": run.pk})).content.decode()
    assert "kann noch nicht bestätigt werden" not in page
    assert reverse("lottery:run_confirm", kwargs={"pk": run.pk}) in page

    # Families still see the wishes they named, and what happens now.
    wish = Wish.objects.filter(period=period).select_related("child__family").first()
    assert wish is not None
    family = Client(headers={"accept-language": "de"})
    family.force_login(wish.child.family)
    wishes = family.get(reverse("lottery:wishes", kwargs={"slug": period.slug}))
    assert wishes.status_code == 200
    assert wish.child.first_name in wishes.content.decode()
    assert "Die Wunschphase ist beendet" in wishes.content.decode()

    services.check_confirmable(Run.objects.get(pk=run.pk))
    result = services.confirm_run(actor=None, run=Run.objects.get(pk=run.pk), open_booking=True)
    assert result["confirmed"] > 0
    assert Booking.objects.filter(occasion__activity__period=period, source="lottery").exists()


def test_the_run_page_explains_a_refused_confirmation() -> None:
    """While the wish phase runs, the page says until when, from when confirming works,
    and links to the setting that changes it."""
    partners_demo.load()
    holiday_demo.load()
    demo.load()
    period = Period.objects.get(slug=demo.PERIOD_SLUG)
    coordinator = UserFactory(role="coordinator")
    TOTP.activate(coordinator, TOTP_SECRET)
    run = services.start_run(actor=coordinator, period=period, seed=1)
    services.execute_run(run.pk)
    period.wish_end = timezone.make_aware(
        datetime.combine(timezone.localdate() + timedelta(days=3), time(18, 0))
    )
    period.save(update_fields=["wish_end"])
    client = Client(headers={"accept-language": "de"})
    client.force_login(coordinator)
    page = client.get(reverse("lottery:run", kwargs={"pk": run.pk})).content.decode()
    assert "kann noch nicht bestätigt werden" in page
    day = timezone.localtime(period.wish_end)
    assert f"Die Wunschphase endet am {day.day}." in page and f"{day.year} 18:00" in page
    assert "bestätigen können Sie ab" in page
    assert reverse("holidays:period_edit", kwargs={"pk": period.pk}) in page
    assert "„Wunschphase bis“" in page or "“Wunschphase bis”" in page
    assert reverse("lottery:run_confirm", kwargs={"pk": run.pk}) not in page
