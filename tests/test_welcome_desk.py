"""The coordinators' desk of the Babybegrüßung through HTTP: the list with its filters
(possible duplicates first), a registration's page, and the workflow registered →
checked → package prepared → done, or declined; every step in the history."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from familienrathaus.core.models import AuditEntry
from familienrathaus.welcome.models import Registration, StockItem
from tests.factories import district
from tests.factories.welcome import RegistrationFactory, StockItemFactory, welcome_settings

pytestmark = pytest.mark.django_db

DESK = "/verwaltung/babybegruessung/"


def page(registration: Registration) -> str:
    return f"{DESK}{registration.pk}/"


def html(response: Any) -> str:
    return response.content.decode()


def fresh(registration: Registration) -> Registration:
    return Registration.objects.get(pk=registration.pk)


# --------------------------------------------------------------------------- the list


def test_the_list_shows_possible_duplicates_first_and_marked(coordinator_client: Client):
    first = RegistrationFactory(parent_names="Ayşe Yılmaz", reference="BB-2026-0001")
    RegistrationFactory(parent_names="Jonas Becker", reference="BB-2026-0002")
    twin = RegistrationFactory(
        parent_names="Ayşe Yılmaz", reference="BB-2026-0003", possible_duplicate_of=first
    )
    RegistrationFactory(parent_names="Lea Schulz", reference="BB-2026-0004")

    body = html(coordinator_client.get(DESK))
    assert body.index("BB-2026-0003") < body.index("BB-2026-0004") < body.index("BB-2026-0002")
    assert "possible duplicate of BB-2026-0001" in body
    assert "4 registrations" in body
    assert "1</strong> possible duplicates" in body

    only = html(coordinator_client.get(DESK, {"duplicates": "on"}))
    assert twin.reference in only and "BB-2026-0004" not in only


def test_the_list_filters_and_searches(coordinator_client: Client):
    altstadt, sued = district("Altstadt"), district("Südstadt")
    march = RegistrationFactory(
        reference="BB-2026-0011",
        parent_names="Familie März",
        birth_date=dt.date(2026, 3, 14),
        district=altstadt,
    )
    april = RegistrationFactory(
        reference="BB-2026-0012",
        parent_names="Familie April",
        birth_date=dt.date(2026, 4, 2),
        district=sued,
        channel=Registration.Channel.PHONE,
        status=Registration.Status.CHECKED,
        eligibility=Registration.Eligibility.ELIGIBLE,
    )

    def refs(**query: Any) -> set[str]:
        body = html(coordinator_client.get(DESK, query))
        return {r.reference for r in (march, april) if r.reference in body}

    assert refs(month="2026-03") == {"BB-2026-0011"}
    assert refs(month="04.2026") == {"BB-2026-0012"}
    assert refs(district=sued.pk) == {"BB-2026-0012"}
    assert refs(channel="phone") == {"BB-2026-0012"}
    assert refs(status="registered") == {"BB-2026-0011"}
    assert refs(eligibility="eligible") == {"BB-2026-0012"}
    assert refs(q="märz") == {"BB-2026-0011"}
    assert refs(q="0012") == {"BB-2026-0012"}

    wrong = coordinator_client.get(DESK, {"month": "März", "district": sued.pk})
    assert "Enter the month as 2026-03 or 03.2026." in html(wrong)
    assert 'value="März"' in html(wrong)  # nothing typed is lost
    assert refs(month="März", district=sued.pk) == {"BB-2026-0012"}  # the rest still filters


def test_the_filtered_list_downloads_for_excel(coordinator_client: Client):
    RegistrationFactory(reference="BB-2026-0301", parent_names="Familie Öztürk")
    RegistrationFactory(reference="BB-2026-0302", status=Registration.Status.DONE)
    response = coordinator_client.get(DESK, {"status": "registered", "format": "csv"})
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    assert "BB-2026-0301" in text and "Familie Öztürk" in text
    assert "BB-2026-0302" not in text
    assert "format=xlsx" in html(coordinator_client.get(DESK, {"status": "registered"}))


def test_the_list_is_paginated(coordinator_client: Client):
    RegistrationFactory.create_batch(27)
    first = html(coordinator_client.get(DESK))
    assert "Page 1 of 2" in first
    assert "27 registrations" in first
    second = html(coordinator_client.get(DESK, {"page": 2}))
    assert second.count('class="frh-wd-list__item') == 2


def test_only_coordinators_see_the_desk(
    anon_client: Client, partner_client: Client, family_client: Client
):
    registration = RegistrationFactory()
    assert anon_client.get(DESK).status_code == 302
    for client in (partner_client, family_client):
        assert client.get(DESK).status_code == 404
        assert client.get(page(registration)).status_code == 404
        response = client.post(
            f"{page(registration)}pruefen/", {"decision": "eligible", "proof_seen": "on"}
        )
        assert response.status_code == 404
    assert fresh(registration).status == Registration.Status.REGISTERED


# --------------------------------------------------------------------------- the workflow


def test_a_registration_goes_through_every_step_and_each_is_in_the_history(
    coordinator_client: Client,
):
    welcome_settings(proof_required="Geburtsurkunde im Rathaus vorgelegt")
    guide = StockItemFactory(name="Elternbegleitbuch", quantity=20)
    bib = StockItemFactory(name="Lätzchen", quantity=5, per_package=2)
    registration = RegistrationFactory(
        delivery=Registration.Delivery.PICKUP,
        last_step_at=timezone.now() - dt.timedelta(days=3),
    )
    url = page(registration)
    body = html(coordinator_client.get(url))
    assert "Proof seen: Geburtsurkunde im Rathaus vorgelegt" in body
    assert registration.parent_names in body and registration.street in body
    # A coordinator on the phone with the family can choose the appointment for it.
    assert f'href="/babybegruessung/termin/{registration.guide_token}/"' in body

    # Eligible without the proof: the message next to the field, the reason kept.
    response = coordinator_client.post(
        f"{url}pruefen/", {"decision": "eligible", "reason": "Urkunde fehlt noch"}
    )
    assert response.status_code == 400
    assert "Confirm that you have seen the proof before you decide." in html(response)
    assert "Urkunde fehlt noch" in html(response)
    assert fresh(registration).status == Registration.Status.REGISTERED

    response = coordinator_client.post(
        f"{url}pruefen/", {"decision": "eligible", "proof_seen": "on"}, follow=True
    )
    checked = fresh(registration)
    assert (checked.status, checked.eligibility) == ("checked", "eligible")
    assert checked.proof_seen and checked.decided_at
    assert checked.last_step_at > registration.last_step_at
    assert "The decision was saved." in html(response)
    assert "Prepare the package" in html(response)

    response = coordinator_client.post(
        f"{url}packen/", {"version": "first", "language": "de"}, follow=True
    )
    assert "The package is prepared" in html(response)
    assert fresh(registration).status == Registration.Status.PREPARED
    guide.refresh_from_db()
    bib.refresh_from_db()
    assert (guide.quantity, bib.quantity) == (19, 3)

    response = coordinator_client.post(f"{url}erledigt/", {"handover": "handed"}, follow=True)
    done = fresh(registration)
    assert (done.status, done.handover) == ("done", "handed")
    assert done.done_at is not None
    body = html(response)
    assert "Nothing left to do" in body
    for step in ("Checked", "Package prepared", "Done"):
        assert f"<strong>{step}</strong>" in body
    assert "handed over" in body
    actions = list(
        AuditEntry.objects.filter(
            object_type="welcome.registration", object_id=str(registration.pk)
        ).values_list("action", flat=True)
    )
    assert sorted(actions) == ["welcome.check", "welcome.complete", "welcome.prepare"]

    # A step that no longer follows: a message, nothing changes.
    again = coordinator_client.post(f"{url}packen/", {"version": "first", "language": "de"})
    assert again.status_code == 302
    guide.refresh_from_db()
    assert guide.quantity == 19


def test_not_eligible_needs_a_reason_and_declines(coordinator_client: Client):
    registration = RegistrationFactory()
    url = f"{page(registration)}pruefen/"
    response = coordinator_client.post(url, {"decision": "not_eligible"})
    assert response.status_code == 400
    assert "Say why the family is not eligible." in html(response)

    coordinator_client.post(
        url, {"decision": "not_eligible", "reason": "Zugezogen 9 Monate nach der Geburt"}
    )
    declined = fresh(registration)
    assert (declined.status, declined.eligibility) == ("declined", "not_eligible")
    body = html(coordinator_client.get(page(registration)))
    assert "Zugezogen 9 Monate nach der Geburt" in body
    assert "This registration was declined." in body


def test_preparing_refuses_clearly_when_an_item_is_out(coordinator_client: Client):
    guide = StockItemFactory(name="Elternbegleitbuch", quantity=10)
    StockItemFactory(name="Schnuller", quantity=0, version=StockItem.For.FIRST)
    registration = RegistrationFactory(
        status=Registration.Status.CHECKED, eligibility=Registration.Eligibility.ELIGIBLE
    )
    response = coordinator_client.post(
        f"{page(registration)}packen/", {"version": "first", "language": "de"}
    )
    assert response.status_code == 400
    assert "Not enough in stock for this package: Schnuller (0)." in html(response)
    assert fresh(registration).status == Registration.Status.CHECKED
    guide.refresh_from_db()
    assert guide.quantity == 10  # all or nothing

    # The sibling package has no pacifier: it can be prepared.
    coordinator_client.post(
        f"{page(registration)}packen/", {"version": "sibling", "language": "de"}
    )
    assert fresh(registration).status == Registration.Status.PREPARED


def test_a_package_takes_the_items_of_its_version_and_language(coordinator_client: Client):
    both = StockItemFactory(name="Elternbegleitbuch", quantity=10)
    sibling = StockItemFactory(name="Geschwister-Buch", quantity=10, version="sibling")
    first = StockItemFactory(name="Erstlingsmütze", quantity=10, version="first")
    turkish = StockItemFactory(name="Broschüre (Türkçe)", quantity=10, language="tr")
    registration = RegistrationFactory(
        language="tr",
        first_born=False,
        status=Registration.Status.CHECKED,
        eligibility=Registration.Eligibility.ELIGIBLE,
    )
    body = html(coordinator_client.get(page(registration)))
    assert 'value="sibling" id="id_version_1" checked' in body  # a sibling: sibling package
    coordinator_client.post(
        f"{page(registration)}packen/", {"version": "sibling", "language": "tr"}
    )
    quantities = {
        item.name: item.quantity
        for item in StockItem.objects.filter(pk__in=[both.pk, sibling.pk, first.pk, turkish.pk])
    }
    assert quantities == {
        "Elternbegleitbuch": 9,
        "Geschwister-Buch": 9,
        "Erstlingsmütze": 10,
        "Broschüre (Türkçe)": 9,
    }


def test_declining_a_prepared_package_puts_its_items_back(coordinator_client: Client):
    item = StockItemFactory(quantity=4)
    registration = RegistrationFactory(
        status=Registration.Status.CHECKED, eligibility=Registration.Eligibility.ELIGIBLE
    )
    coordinator_client.post(f"{page(registration)}packen/", {"version": "first", "language": "de"})
    item.refresh_from_db()
    assert item.quantity == 3

    response = coordinator_client.post(f"{page(registration)}ablehnen/", {"reason": ""})
    assert "Say why the registration is declined." in html(response)
    coordinator_client.post(f"{page(registration)}ablehnen/", {"reason": "Familie verzogen"})
    declined = fresh(registration)
    assert (declined.status, declined.decision_reason) == ("declined", "Familie verzogen")
    item.refresh_from_db()
    assert item.quantity == 4


# --------------------------------------------------------------------------- duplicates


def test_a_possible_duplicate_is_shown_side_by_side_and_declined_as_the_same_child(
    coordinator_client: Client,
):
    first = RegistrationFactory(reference="BB-2026-0100", street="Lindenweg 3")
    second = RegistrationFactory(
        reference="BB-2026-0101", street="Lindenweg 3a", possible_duplicate_of=first
    )
    body = html(coordinator_client.get(page(second)))
    assert "Possibly the same child" in body
    assert "Lindenweg 3," in body and "Lindenweg 3a," in body
    assert "Same child: decline this one" in body and "Not the same child" in body

    coordinator_client.post(f"{page(second)}doppelt/", {"same": "yes"})
    declined = fresh(second)
    assert declined.status == Registration.Status.DECLINED
    assert "BB-2026-0100" in declined.decision_reason
    assert fresh(first).status == Registration.Status.REGISTERED
    assert "Possibly the same child" not in html(coordinator_client.get(page(second)))


def test_not_the_same_child_removes_the_mark(coordinator_client: Client):
    first = RegistrationFactory()
    second = RegistrationFactory(possible_duplicate_of=first, reference="BB-2026-0201")
    RegistrationFactory(reference="BB-2026-0202")
    coordinator_client.post(f"{page(second)}doppelt/", {"same": "no"})
    cleared = fresh(second)
    assert cleared.duplicate_cleared and cleared.status == Registration.Status.REGISTERED
    body = html(coordinator_client.get(DESK))
    assert body.index("BB-2026-0202") < body.index("BB-2026-0201")  # no longer first
    assert "Not the same child" in html(coordinator_client.get(page(second)))  # in the history


def test_the_internal_note_is_kept(coordinator_client: Client):
    registration = RegistrationFactory()
    coordinator_client.post(f"{page(registration)}notiz/", {"note": "Rückruf am Dienstag"})
    assert fresh(registration).staff_note == "Rückruf am Dienstag"
    assert "Rückruf am Dienstag" in html(coordinator_client.get(page(registration)))
