"""Isolation: organisers never see another organiser's participants, families never see
another family's children - for every view and API endpoint that shows them."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking, Child, Invoice, Occasion
from familienrathaus.partners.models import Organisation
from familienrathaus.partners.services import add_member
from tests.conftest import english_client
from tests.factories import ChildFactory, OccasionFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Geheimkind"
SECRET_NOTE = "Erdnussallergie-Notfallspritze"


@pytest.fixture
def world() -> dict[str, object]:
    own_org = OrganisationFactory(name="Eigener Verein", slug="eigener-verein")
    other_org = OrganisationFactory(name="Anderer Verein", slug="anderer-verein")
    organiser = UserFactory(role=Role.PARTNER, email="orga@example.org")
    add_member(actor=None, organisation=own_org, user=organiser)
    other_organiser = UserFactory(role=Role.PARTNER, email="andere-orga@example.org")
    add_member(actor=None, organisation=other_org, user=other_organiser)
    foreign_occasion = OccasionFactory(activity__organisation=other_org)
    own_occasion = OccasionFactory(
        activity__organisation=own_org, activity__period=foreign_occasion.activity.period
    )
    family = UserFactory(email="familie-a@example.org")
    other_family = UserFactory(email="familie-b@example.org")
    secret = ChildFactory(family=other_family, first_name=SECRET_NAME)
    secret.health_notes = SECRET_NOTE
    services.save_child(actor=other_family, child=secret, consent=True)
    secret.refresh_from_db()
    booking = services.book(actor=other_family, child=secret, occasion=foreign_occasion)
    invoice = Invoice.objects.create(
        period=foreign_occasion.activity.period, family=other_family, number="FS-X-1", total=5
    )
    return {
        "organiser": organiser,
        "foreign_occasion": foreign_occasion,
        "own_occasion": own_occasion,
        "family": family,
        "secret": secret,
        "booking": booking,
        "invoice": invoice,
        "own_org": own_org,
    }


def _leaks(response: object) -> bool:
    content = getattr(response, "content", b"").decode(errors="replace")
    return SECRET_NAME in content or SECRET_NOTE in content


ORGANISER_URLS: list[Callable[[Occasion], str]] = [
    lambda o: f"/verwaltung/ferienspass/termine/{o.pk}/",
    lambda o: f"/verwaltung/ferienspass/termine/{o.pk}/teilnehmende.csv",
    lambda o: f"/verwaltung/ferienspass/termine/{o.pk}/teilnehmende.xlsx",
    lambda o: f"/verwaltung/ferienspass/termine/{o.pk}/teilnehmende.pdf",
    lambda o: f"/verwaltung/ferienspass/termine/{o.pk}/nachricht/",
    lambda o: f"/verwaltung/ferienspass/termine/{o.pk}/absagen/",
    lambda o: f"/verwaltung/ferienspass/angebote/{o.activity_id}/",
    lambda o: f"/verwaltung/ferienspass/angebote/{o.activity_id}/bearbeiten/",
    lambda o: f"/verwaltung/ferienspass/angebote/{o.activity_id}/termin/neu/",
    lambda o: f"/verwaltung/ferienspass/angebote/{o.activity_id}/termin/{o.pk}/",
    lambda o: f"/api/v1/holidays/occasions/{o.pk}/participants",
]


@pytest.mark.parametrize("url", ORGANISER_URLS)
def test_organisers_never_see_another_organisers_participants(
    world: dict[str, object], url: Callable[[Occasion], str]
) -> None:
    client = english_client(world["organiser"])  # type: ignore[arg-type]
    foreign = world["foreign_occasion"]
    response = client.get(url(foreign))  # type: ignore[arg-type]
    assert response.status_code == 404
    assert not _leaks(response)
    own = client.get(url(world["own_occasion"]))  # type: ignore[arg-type]
    assert own.status_code == 200  # the same page works for their own occasion


@pytest.mark.parametrize(
    "post",
    [
        lambda o: (f"/verwaltung/ferienspass/termine/{o.pk}/anwesenheit/", {"present": []}),
        lambda o: (
            f"/verwaltung/ferienspass/termine/{o.pk}/nachricht/",
            {"subject": "x", "body": "y"},
        ),
        lambda o: (f"/verwaltung/ferienspass/termine/{o.pk}/absagen/", {"reason": "x"}),
        lambda o: (
            f"/verwaltung/ferienspass/angebote/{o.activity_id}/status/",
            {"step": "archive"},
        ),
    ],
)
def test_organisers_cannot_act_on_another_organisers_occasions(
    world: dict[str, object], post: Callable[[Occasion], tuple[str, dict[str, object]]]
) -> None:
    client = english_client(world["organiser"])  # type: ignore[arg-type]
    url, data = post(world["foreign_occasion"])  # type: ignore[arg-type]
    assert client.post(url, data).status_code == 404
    occasion = Occasion.objects.get(pk=world["foreign_occasion"].pk)  # type: ignore[attr-defined]
    assert occasion.cancelled_at is None
    assert occasion.activity.status == "published"


def test_organiser_lists_show_only_their_own_occasions(world: dict[str, object]) -> None:
    client = english_client(world["organiser"])  # type: ignore[arg-type]
    page = client.get("/verwaltung/ferienspass/angebote/").content.decode()
    foreign = world["foreign_occasion"]
    assert foreign.activity.title not in page  # type: ignore[attr-defined]
    assert world["own_occasion"].activity.title in page  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    [
        lambda w: f"/ferienspass/familie/kind/{w['secret'].pk}/",
        lambda w: f"/ferienspass/familie/kind/{w['secret'].pk}/loeschen/",
        lambda w: f"/ferienspass/rechnung/{w['invoice'].pk}.pdf",
    ],
)
def test_families_never_see_another_familys_children(
    world: dict[str, object], url: Callable[[dict[str, object]], str]
) -> None:
    client = english_client(world["family"])  # type: ignore[arg-type]
    response = client.get(url(world))
    assert response.status_code == 404
    assert not _leaks(response)


@pytest.mark.parametrize(
    "url",
    [
        "/ferienspass/familie/",
        "/ferienspass/meine-buchungen/",
        "/ferienspass/meine-buchungen.pdf",
        "/ferienspass/familie/daten.json",
        "/api/v1/holidays/children",
        "/api/v1/holidays/bookings",
    ],
)
def test_family_lists_show_only_their_own_children(world: dict[str, object], url: str) -> None:
    client = english_client(world["family"])  # type: ignore[arg-type]
    response = client.get(url)
    assert response.status_code == 200
    assert not _leaks(response)
    if url.endswith(".pdf"):
        assert SECRET_NAME.encode() not in response.content


def test_families_cannot_act_for_another_familys_children(world: dict[str, object]) -> None:
    client = english_client(world["family"])  # type: ignore[arg-type]
    booking = world["booking"]
    secret = world["secret"]
    assert client.post(f"/ferienspass/buchung/{booking.pk}/stornieren/").status_code == 404  # type: ignore[attr-defined]
    assert client.post(f"/ferienspass/buchung/{booking.pk}/annehmen/").status_code == 404  # type: ignore[attr-defined]
    assert client.post(f"/ferienspass/familie/kind/{secret.pk}/loeschen/").status_code == 404  # type: ignore[attr-defined]
    own_occasion = world["own_occasion"]
    response = client.post(
        f"/ferienspass/buchen/{own_occasion.pk}/",
        {"child": secret.pk},
        follow=True,  # type: ignore[attr-defined]
    )
    assert "Please choose one of your children." in response.content.decode()
    api = client.post(
        "/api/v1/holidays/bookings",
        {"child": secret.pk, "occasion": own_occasion.pk},  # type: ignore[attr-defined]
        content_type="application/json",
    )
    assert api.status_code in {401, 403, 404}
    assert Booking.objects.filter(child=secret).count() == 1
    assert Child.objects.filter(pk=secret.pk).exists()  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "url",
    [
        "/verwaltung/ferienspass/",
        "/verwaltung/ferienspass/programme/",
        "/verwaltung/ferienspass/pruefung/",
        "/verwaltung/ferienspass/ermaessigungen/",
    ],
)
@pytest.mark.parametrize("who", ["family", "organiser"])
def test_coordinator_pages_are_closed_to_others(
    world: dict[str, object], url: str, who: str
) -> None:
    client = english_client(world[who])  # type: ignore[arg-type]
    assert client.get(url).status_code == 403


def test_sensitive_notes_only_for_the_childs_organisers_during_the_period(
    world: dict[str, object], client_for: Callable[[User | None], Client]
) -> None:
    other_org = Organisation.objects.get(slug="anderer-verein")
    member = other_org.memberships.first().user  # type: ignore[union-attr]
    occasion = world["foreign_occasion"]
    client = client_for(member)
    page = client.get(f"/verwaltung/ferienspass/termine/{occasion.pk}/")  # type: ignore[attr-defined]
    assert SECRET_NOTE in page.content.decode()
    period = occasion.activity.period  # type: ignore[attr-defined]
    period.booking_opens = period.booking_opens.replace(year=period.booking_opens.year + 5)
    period.save()
    page = client.get(f"/verwaltung/ferienspass/termine/{occasion.pk}/")  # type: ignore[attr-defined]
    assert SECRET_NAME in page.content.decode()
    assert SECRET_NOTE not in page.content.decode()
    csv = client.get(f"/verwaltung/ferienspass/termine/{occasion.pk}/teilnehmende.csv")  # type: ignore[attr-defined]
    assert SECRET_NOTE not in csv.content.decode()
