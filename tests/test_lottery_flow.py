"""The lottery through HTTP: families wish, coordinators run, preview and confirm;
bookings, waiting lists, mails and the explanations that follow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from familienrathaus.core import jobs
from familienrathaus.core.models import AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.tasks import recover_jobs
from familienrathaus.holidays import services as holiday_services
from familienrathaus.holidays.models import Booking, Child, Occasion, Period
from familienrathaus.lottery import services
from familienrathaus.lottery.models import Outcome, PriorityGroup, Run, Ticket, Wish
from tests.conftest import english_client
from tests.factories import (
    ChildFactory,
    OccasionFactory,
    PeriodFactory,
    UserFactory,
    occasion,
    wish,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def period() -> Period:
    return PeriodFactory(wish_phase=True, name="Sommerferien 2031", slug="sommer-2031")


@pytest.fixture
def child(family_user: User) -> Child:
    return ChildFactory(family=family_user, first_name="Mia", last_name="Muster")


def wishes_url(period: Period) -> str:
    return reverse("lottery:wishes", kwargs={"slug": period.slug})


def edit_url(period: Period, child: Child) -> str:
    return reverse("lottery:wish_edit", kwargs={"slug": period.slug, "child_pk": child.pk})


def end_wish_phase(period: Period) -> None:
    Period.objects.filter(pk=period.pk).update(
        wish_start=timezone.now() - timedelta(days=3),
        wish_end=timezone.now() - timedelta(minutes=1),
    )
    period.refresh_from_db()


# --------------------------------------------------------------------------- wishes


def test_a_family_ranks_wishes_and_changes_them(
    period: Period, child: Child, family_client: Client
) -> None:
    canoe = occasion(period, title="Kanu", places=2)
    zoo = occasion(period, title="Zoo", day=1)
    other = ChildFactory(first_name="Ben")  # another family's child wants the canoe too
    wish(other, canoe, 1)
    wish(other, zoo, 2)

    page = family_client.get(wishes_url(period))
    assert "Mia" in page.content.decode() and "No wishes yet." in page.content.decode()

    form = family_client.get(edit_url(period, child)).content.decode()
    assert "Kanu" in form and "0,5 wishes per place" in form  # 1 wish, 2 places

    response = family_client.post(
        edit_url(period, child),
        {"occasion_1": zoo.pk, "group_1": "", "occasion_2": canoe.pk, "group_2": "k7qf-2mxa"},
    )
    assert response.status_code == 302
    assert [(w.occasion_id, w.rank, w.group_code) for w in child.lottery_wishes.all()] == [
        (zoo.pk, 1, ""),
        (canoe.pk, 2, "K7QF-2MXA"),
    ]
    family_client.post(edit_url(period, child), {"occasion_1": canoe.pk})
    assert [(w.occasion_id, w.rank) for w in child.lottery_wishes.all()] == [(canoe.pk, 1)]
    overview = family_client.get(wishes_url(period)).content.decode()
    assert "Kanu" in overview and "Zoo" not in overview
    assert AuditEntry.objects.filter(action="lottery.wishes.save").count() == 2


def test_wishes_are_checked(period: Period, child: Child, family_client: Client) -> None:
    canoe = occasion(period, title="Kanu")
    teens = occasion(period, title="Jugendfahrt", age_min=14, day=2)
    response = family_client.post(
        edit_url(period, child), {"occasion_1": canoe.pk, "occasion_2": canoe.pk}
    )
    assert "Each occasion can be wished only once." in response.content.decode()
    response = family_client.post(edit_url(period, child), {"occasion_1": teens.pk})
    assert response.status_code == 200  # too young: not even a choice
    assert "Jugendfahrt" not in response.content.decode()
    response = family_client.post(
        edit_url(period, child), {"occasion_1": canoe.pk, "group_1": "a b!"}
    )
    assert "A group code has 3 to 30 letters" in response.content.decode()
    assert not Wish.objects.exists()


def test_no_wishes_outside_the_wish_phase(
    period: Period, child: Child, family_client: Client
) -> None:
    canoe = occasion(period, title="Kanu")
    end_wish_phase(period)
    response = family_client.post(edit_url(period, child), {"occasion_1": canoe.pk})
    assert response.status_code == 302
    assert not Wish.objects.exists()
    assert "not open" in family_client.get(wishes_url(period)).content.decode()


def test_families_see_only_their_own_children(
    period: Period, child: Child, client_for: Callable[[User | None], Client]
) -> None:
    canoe = occasion(period, title="Kanu")
    stranger = UserFactory(role=Role.FAMILY)
    client = client_for(stranger)
    assert client.get(edit_url(period, child)).status_code == 404
    assert client.post(edit_url(period, child), {"occasion_1": canoe.pk}).status_code == 404
    assert not Wish.objects.exists()
    assert "Mia" not in client.get(wishes_url(period)).content.decode()
    anonymous = client_for(None)
    assert anonymous.get(wishes_url(period)).status_code == 302
    assert client.get(reverse("lottery:home")).status_code == 403


def test_popularity_is_public(period: Period, child: Child, anon_client: Client) -> None:
    canoe = occasion(period, title="Kanu", places=5)
    wish(child, canoe, 1)
    page = anon_client.get(reverse("lottery:popularity", kwargs={"slug": period.slug}))
    assert page.status_code == 200
    assert "Kanu" in page.content.decode() and "0.2" in page.content.decode()


# --------------------------------------------------------------------------- runs


@pytest.fixture
def contested(period: Period) -> dict[str, Any]:
    """Canoe (2 places) wanted first by three children; the zoo has room."""
    canoe = occasion(period, title="Kanu", places=2)
    zoo = occasion(period, title="Zoo", places=10, day=1)
    families = [UserFactory(role=Role.FAMILY, email=f"familie{i}@example.org") for i in range(3)]
    kids = [ChildFactory(family=f, first_name=f"Kind{i}") for i, f in enumerate(families)]
    for kid in kids:
        wish(kid, canoe, 1)
        wish(kid, zoo, 2)
    return {"canoe": canoe, "zoo": zoo, "kids": kids, "families": families}


def start(client: Client, period: Period, **data: Any) -> Run:
    response = client.post(
        reverse("lottery:period", kwargs={"slug": period.slug}),
        {"method": "auto", "time_limit": 30, **data},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Run.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def test_a_run_shows_a_preview_and_explains_each_child(
    period: Period, contested: dict[str, Any], coordinator_client: Client
) -> None:
    run = start(coordinator_client, period, seed=4711)
    assert run.status == Run.Status.QUEUED and run.seed == 4711
    page = coordinator_client.get(reverse("lottery:run", kwargs={"pk": run.pk})).content.decode()
    assert "Progress" in page

    assert services.execute_run(run.pk) == Run.Status.DONE
    run.refresh_from_db()
    assert run.summary["method"] == "exact"
    assert run.summary["figures"]["placed"] == 3
    assert run.summary["figures"]["first_wish"] == 2
    page = coordinator_client.get(reverse("lottery:run", kwargs={"pk": run.pk})).content.decode()
    assert "Acceptance per rank" in page and "Kanu" in page and "Fill rate per occasion" in page
    # Nothing is booked by a preview.
    assert not Booking.objects.exists()

    loser = Outcome.objects.get(run=run, occasion=contested["canoe"], accepted=False).child
    child_page = coordinator_client.get(
        reverse("lottery:child", kwargs={"slug": period.slug, "child_pk": loser.pk})
    ).content.decode()
    assert "Wish 1, Kanu" in child_page and "was fully booked" in child_page
    assert "is number 1 on the waiting list" in child_page
    assert "got 1 place; the best is wish 2" in child_page

    csv = coordinator_client.get(reverse("lottery:run", kwargs={"pk": run.pk}) + "?format=csv")
    assert csv.status_code == 200 and "Kanu" in csv.content.decode("utf-8-sig")
    wishes_csv = coordinator_client.get(
        reverse("lottery:run", kwargs={"pk": run.pk}) + "?format=csv&table=wishes"
    ).content.decode("utf-8-sig")
    assert len(wishes_csv.strip().splitlines()) == 1 + 6
    assert f"{loser.family.email};" in wishes_csv and "fully booked;1" in wishes_csv


def test_the_same_seed_reproduces_a_run(
    period: Period, contested: dict[str, Any], coordinator_client: Client
) -> None:
    runs = [start(coordinator_client, period, seed=s) for s in (7, 7)]
    for run in runs:
        services.execute_run(run.pk)

    def winners(run: Run) -> set[int]:
        return set(
            Outcome.objects.filter(run=run, accepted=True, occasion=contested["canoe"]).values_list(
                "child_id", flat=True
            )
        )

    first, second = (Run.objects.get(pk=r.pk) for r in runs)
    assert winners(first) == winners(second)
    assert first.summary["fingerprint"] == second.summary["fingerprint"]
    outcomes = {frozenset(winners(Run.objects.get(pk=r.pk))) for r in runs}
    for seed in range(20, 30):  # other seeds: other winners, sometimes
        run = start(coordinator_client, period, seed=seed)
        services.execute_run(run.pk)
        outcomes.add(frozenset(winners(run)))
    assert len(outcomes) > 1


def test_priority_group_children_are_placed_first(
    period: Period, contested: dict[str, Any], coordinator_client: Client
) -> None:
    response = coordinator_client.post(
        reverse("lottery:group_create", kwargs={"slug": period.slug}),
        {"name": "Leer ausgegangen", "kind": "manual"},
    )
    assert response.status_code == 302
    group = PriorityGroup.objects.get(period=period)
    favourite = contested["kids"][2]
    coordinator_client.post(
        reverse("lottery:child", kwargs={"slug": period.slug, "child_pk": favourite.pk}),
        {"groups": [group.pk]},
    )
    assert list(group.children.all()) == [favourite]
    for seed in (1, 2, 3):
        run = start(coordinator_client, period, seed=seed, groups=[group.pk])
        services.execute_run(run.pk)
        assert Outcome.objects.get(run=run, child=favourite, occasion=contested["canoe"]).accepted
        run.refresh_from_db()
        assert run.summary["figures"]["groups"]["Leer ausgegangen"]["first_wish"] == 1
    page = coordinator_client.get(reverse("lottery:run", kwargs={"pk": run.pk})).content.decode()
    assert "Leer ausgegangen" in page
    assert "Share in “Leer ausgegangen”" in page and "100 % (1/1)" in page


def test_confirming_books_waitlists_mails_and_opens_booking(
    period: Period,
    contested: dict[str, Any],
    coordinator_client: Client,
    client_for: Callable[[User | None], Client],
) -> None:
    run = start(coordinator_client, period, seed=99)
    services.execute_run(run.pk)
    confirm = reverse("lottery:run_confirm", kwargs={"pk": run.pk})

    # Not while families may still change their wishes.
    coordinator_client.post(confirm, {"open_booking": "on"})
    assert Run.objects.get(pk=run.pk).status == Run.Status.DONE

    end_wish_phase(period)
    response = coordinator_client.post(confirm, {"open_booking": "on"})
    assert response.status_code == 302
    assert Run.objects.get(pk=run.pk).status == Run.Status.CONFIRMING
    assert services.confirm_in_background(run.pk, None, True) == Run.Status.CONFIRMED

    canoe, zoo = contested["canoe"], contested["zoo"]
    assert Booking.objects.filter(occasion=canoe, status="confirmed").count() == 2
    assert Booking.objects.filter(occasion=zoo, status="confirmed").count() == 3
    waiting = Booking.objects.get(occasion=canoe, status="waitlisted")
    assert waiting.source == Booking.Source.LOTTERY
    assert OutboxMessage.objects.filter(purpose="lottery.outcome").count() == 3
    period.refresh_from_db()
    assert period.booking_opens <= timezone.now()
    assert AuditEntry.objects.filter(action="lottery.run.confirm").exists()

    # The family of the child on the waiting list reads why, and its position.
    family = waiting.child.family
    page = (
        client_for(family)
        .get(reverse("lottery:outcome", kwargs={"slug": period.slug}))
        .content.decode()
    )
    assert "Wish 1, Kanu" in page and "is number 1 on the waiting list" in page
    assert "Wish 2, Zoo" in page and "got a place" in page
    other = next(k for k in contested["kids"] if k.family_id != family.pk)
    assert other.first_name not in page
    mail = OutboxMessage.objects.get(purpose="lottery.outcome", to=[family.email])
    assert "Warteliste" in mail.body_text or "waiting list" in mail.body_text

    # A second run cannot be confirmed any more.
    second = start(coordinator_client, period, seed=100)
    services.execute_run(second.pk)
    coordinator_client.post(reverse("lottery:run_confirm", kwargs={"pk": second.pk}))
    assert Run.objects.get(pk=second.pk).status == Run.Status.DONE
    assert Booking.objects.filter(occasion=canoe).count() == 3


def test_places_taken_since_the_run_stop_the_confirmation(
    period: Period, contested: dict[str, Any], coordinator_client: Client
) -> None:
    run = start(coordinator_client, period, seed=5)
    services.execute_run(run.pk)
    end_wish_phase(period)
    canoe: Occasion = contested["canoe"]
    outsider = ChildFactory(first_name="Zoe")
    Booking.objects.create(child=outsider, occasion=canoe, status="confirmed", source="coordinator")
    coordinator_client.post(reverse("lottery:run_confirm", kwargs={"pk": run.pk}))
    with translation.override("en"):  # the worker, here in English
        assert services.confirm_in_background(run.pk, None, False) == Run.Status.DONE
    run.refresh_from_db()
    assert "could not be written" in run.error
    assert Booking.objects.filter(source="lottery").count() == 0
    assert Ticket.objects.filter(run=run).count() == 3


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_lottery(
    period: Period, contested: dict[str, Any], coordinator: User, run_worker: Callable[[], str]
) -> None:

    run = start(english_client(coordinator), period, seed=1)
    run_worker()
    run.refresh_from_db()
    assert run.status == Run.Status.DONE and run.progress == 100
    assert Outcome.objects.filter(run=run).count() == 6


def test_a_run_left_by_a_stopped_worker_ends_as_failed(
    period: Period, contested: dict[str, Any], coordinator_client: Client
) -> None:
    run = start(coordinator_client, period, seed=1)
    long_ago = timezone.now() - timedelta(hours=2)
    Run.objects.filter(pk=run.pk).update(status=Run.Status.RUNNING, heartbeat_at=long_ago)
    fresh = start(coordinator_client, period, seed=2)
    Run.objects.filter(pk=fresh.pk).update(status=Run.Status.RUNNING, heartbeat_at=timezone.now())
    coordinator_client.get(reverse("lottery:run", kwargs={"pk": run.pk}))
    assert Run.objects.get(pk=run.pk).status == Run.Status.RUNNING  # a page view changes nothing

    recover_jobs.call()  # the worker's periodic recovery (core.jobs)

    page = coordinator_client.get(reverse("lottery:run", kwargs={"pk": run.pk})).content.decode()
    with translation.override(settings.LANGUAGE_CODE):  # written by the worker
        assert gettext("The worker stopped during the run. Please start a new run.") in page
    assert Run.objects.get(pk=run.pk).status == Run.Status.FAILED
    assert Run.objects.get(pk=fresh.pk).status == Run.Status.RUNNING
    Run.objects.filter(pk=fresh.pk).update(status=Run.Status.CONFIRMING, heartbeat_at=long_ago)
    assert jobs.recover(services.RUNS) == 1
    fresh.refresh_from_db()
    assert fresh.status == Run.Status.DONE
    with translation.override(settings.LANGUAGE_CODE):
        assert fresh.error == gettext(
            "The confirmation was interrupted; nothing was written. Please confirm again."
        )


def test_priority_groups_by_reduction_and_by_the_last_lottery(
    period: Period, contested: dict[str, Any], coordinator: User
) -> None:
    from familienrathaus.holidays.models import ReductionClaim, ReductionKind

    kid_with_pass, kid_left_out, other = contested["kids"]
    kind = ReductionKind.objects.create(period=period, name="Familienpass")
    ReductionClaim.objects.create(
        period=period, family=kid_with_pass.family, kind=kind, status="approved"
    )
    ReductionClaim.objects.create(period=period, family=other.family, kind=kind)  # pending
    by_pass = PriorityGroup.objects.create(period=period, name="Pass", kind="reduction")
    assert services.group_members(by_pass) == {kid_with_pass.pk}

    earlier = PeriodFactory(
        wish_phase=True,
        holiday_start=period.holiday_start - timedelta(days=120),
        holiday_end=period.holiday_start - timedelta(days=100),
    )
    last = Run.objects.create(period=earlier, seed=1, status=Run.Status.CONFIRMED)
    Ticket.objects.create(run=last, child=kid_left_out, number=1, places=0)
    Ticket.objects.create(run=last, child=other, number=2, places=1)
    left_out = PriorityGroup.objects.create(
        period=period, name="Leer ausgegangen", kind="nothing_last_time"
    )
    assert services.group_members(left_out) == {kid_left_out.pk}

    run = services.start_run(actor=coordinator, period=period, seed=3, groups=[by_pass, left_out])
    services.execute_run(run.pk)
    winners = set(
        Outcome.objects.filter(run=run, occasion=contested["canoe"], accepted=True).values_list(
            "child_id", flat=True
        )
    )
    assert winners == {kid_with_pass.pk, kid_left_out.pk}


def test_a_fallback_run_says_so_and_how_far_from_the_bound(
    period: Period, contested: dict[str, Any], coordinator_client: Client
) -> None:
    run = start(coordinator_client, period, seed=8, method="fallback")
    services.execute_run(run.pk)
    page = coordinator_client.get(reverse("lottery:run", kwargs={"pk": run.pk})).content.decode()
    assert "Greedy fallback, as chosen for this run" in page
    assert "% below the bound" in page
    assert "Children with at least one place: 3" in page


@pytest.mark.django_db
def test_place_children_errors_are_translatable_and_name_the_occasion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(holiday_services.booking, "_", lambda text: f"[translated] {text}")
    period = PeriodFactory()
    small = OccasionFactory(activity__period=period, max_places=1, activity__title="Zirkus")
    kids = [ChildFactory(), ChildFactory()]
    with pytest.raises(ValidationError) as too_many:
        holiday_services.place_children(
            period=period, placements=[(k, small) for k in kids], waitlist=[], actor=None
        )
    message = " ".join(too_many.value.messages)
    assert message.startswith("[translated]") and "Zirkus" in message
    assert f"occasion {small.pk}" not in message
    elsewhere = OccasionFactory(activity__title="Töpfern")
    with pytest.raises(ValidationError) as foreign:
        holiday_services.place_children(
            period=period, placements=[(kids[0], elsewhere)], waitlist=[], actor=None
        )
    message = " ".join(foreign.value.messages)
    assert message.startswith("[translated]") and "Töpfern" in message and period.name in message
    assert not Booking.objects.exists()


def test_the_popularity_table_counts_places_not_map_places(client: Client) -> None:
    """The seats column has its own word: "Places" is also the map's word for locations."""

    period = PeriodFactory(wish_phase=True)
    occasion(period, title="Kanu", places=6)
    page = client.get(f"/en/ferienspass/{period.slug}/beliebtheit/")
    assert "Number of places" in page.content.decode()
