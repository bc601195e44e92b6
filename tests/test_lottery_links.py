"""Families find the lottery from the holiday programme's pages: during the wish phase
the programme, "My children" and "My bookings" link to the wishes and the popularity;
after a confirmed run to the outcome; a programme without a wish phase links to neither."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.core.models import User
from familienrathaus.holidays.models import Period
from familienrathaus.lottery.models import Run
from tests.conftest import holiday_dashboard
from tests.factories import ChildFactory, PeriodFactory, occasion

pytestmark = pytest.mark.django_db

FAMILY_PAGES = ["/ferienspass/familie/", "/ferienspass/meine-buchungen/"]


def _links(page: str, period: Period) -> dict[str, bool]:
    slug = period.slug
    return {
        "wishes": f'href="{reverse("lottery:wishes", args=[slug])}"' in page,
        "popularity": f'href="{reverse("lottery:popularity", args=[slug])}"' in page,
        "outcome": f'href="{reverse("lottery:outcome", args=[slug])}"' in page,
    }


def test_the_wish_phase_is_linked_from_the_programme_and_family_pages(
    family_client: Client,
) -> None:
    period = PeriodFactory(wish_phase=True, name="Herbstferien 2031")
    page = family_client.get(period.get_absolute_url()).content.decode()
    assert "Enter wishes" in page
    assert _links(page, period) == {"wishes": True, "popularity": True, "outcome": False}
    for path in FAMILY_PAGES:
        page = family_client.get(path).content.decode()
        assert "Herbstferien 2031" in page, path
        assert _links(page, period) == {"wishes": True, "popularity": True, "outcome": False}


def test_another_programme_page_points_to_the_wish_phase(family_client: Client) -> None:
    summer = PeriodFactory(name="Sommerferien 2031")
    autumn = PeriodFactory(wish_phase=True, name="Herbstferien 2031")
    page = family_client.get(summer.get_absolute_url()).content.decode()
    assert f'href="{autumn.get_absolute_url()}"' in page
    assert _links(page, autumn)["wishes"]


def test_after_a_confirmed_run_the_outcome_is_linked(family_client: Client) -> None:
    period = PeriodFactory(
        wish_phase=True,
        wish_start=timezone.now() - timedelta(days=10),
        wish_end=timezone.now() - timedelta(days=3),
        booking_opens=timezone.now() - timedelta(days=1),
    )
    Run.objects.create(period=period, seed=1, status=Run.Status.CONFIRMED)
    for path in [period.get_absolute_url(), *FAMILY_PAGES]:
        page = family_client.get(path).content.decode()
        assert _links(page, period) == {"wishes": False, "popularity": False, "outcome": True}


def test_a_programme_without_a_wish_phase_has_no_lottery_links(family_client: Client) -> None:
    period = PeriodFactory()
    page = family_client.get(period.get_absolute_url()).content.decode()
    assert "/wuensche/" not in page and "/los-ergebnis/" not in page


def test_wish_form_problems_are_shown_at_their_field(
    family_client: Client, family_user: User
) -> None:
    period = PeriodFactory(wish_phase=True)
    canoe = occasion(period, title="Kanu", places=2)
    child = ChildFactory(family=family_user, first_name="Mia")
    url = reverse("lottery:wish_edit", kwargs={"slug": period.slug, "child_pk": child.pk})
    response = family_client.post(
        url, {"occasion_1": canoe.pk, "group_1": "ab", "occasion_2": canoe.pk}
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["group_1"] == [
        "A group code has 3 to 30 letters, digits or hyphens, e.g. K7QF-2MXA."
    ]
    with translation.override("en"):  # a lazy message: read it as the English page did
        assert form.errors["occasion_2"] == ["Each occasion can be wished only once."]
    assert not child.lottery_wishes.exists()


@pytest.mark.django_db
def test_the_dashboard_links_to_the_lottery_from_the_wish_phase_on(
    coordinator_client: Client,
) -> None:
    now = timezone.now()
    wishing = PeriodFactory(
        wish_start=now - timedelta(days=1),
        wish_end=now + timedelta(days=5),
        booking_opens=now + timedelta(days=10),
    )
    lottery = reverse("lottery:period", args=[wishing.slug])
    page = holiday_dashboard(coordinator_client, wishing)
    assert f'href="{lottery}"' in page and "Lottery of the wish phase" in page
    after = PeriodFactory(
        wish_start=now - timedelta(days=10),
        wish_end=now - timedelta(days=3),
        booking_opens=now + timedelta(days=1),
    )
    assert f'href="{reverse("lottery:period", args=[after.slug])}"' in holiday_dashboard(
        coordinator_client, after
    )
    without = PeriodFactory()  # no wish phase: no lottery
    assert "Lottery of the wish phase" not in holiday_dashboard(coordinator_client, without)
    later = PeriodFactory(
        wish_start=now + timedelta(days=3),
        wish_end=now + timedelta(days=8),
        booking_opens=now + timedelta(days=10),
    )
    assert "Lottery of the wish phase" not in holiday_dashboard(coordinator_client, later)
