"""The family's welcome guide by its secret link: the timeline with what is due now,
the town's offers for the child's age near the family, the letter PDF and the iCal
feed; never the address."""

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from familienrathaus.core.models import Audience
from familienrathaus.events.models import Event
from familienrathaus.welcome.models import Registration
from tests.factories.core import DistrictFactory
from tests.factories.events import make_event
from tests.factories.offers import published
from tests.factories.places import PlaceFactory, kind
from tests.factories.welcome import RegistrationFactory

pytestmark = pytest.mark.django_db


def guide_url(registration: Registration, name: str = "welcome:guide") -> str:
    return reverse(name, kwargs={"token": registration.guide_token})


def early_help() -> Audience:
    audience, _created = Audience.objects.get_or_create(
        slug="schwangere-und-junge-eltern-fruhe-hilfen",
        defaults={"name": "Schwangere und junge Eltern / Frühe Hilfen"},
    )
    return audience


def test_guide_shows_what_is_due_now_and_never_the_address(client: Client) -> None:
    registration: Registration = RegistrationFactory.create(
        child_first_name="Lina",
        birth_date=timezone.localdate() - timedelta(days=4),
        street="Geheimweg 7",
        parent_names="Anna und Ben Verborgen",
    )
    # An English browser lands on /en/…; the guide stays in the family's language.
    response = client.get(guide_url(registration), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lina" in html
    # the 5th day of life: U2 (3rd–10th day) is due now
    now = html.split('id="jetzt-title"')[1].split("</section>")[0]
    assert "U2-Untersuchung" in now
    assert "U3-Untersuchung" not in now
    assert "Geheimweg" not in html
    assert "Verborgen" not in html
    assert registration.email not in html
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]


def test_unknown_link_is_not_found(client: Client) -> None:
    response = client.get(reverse("welcome:guide", kwargs={"token": "nicht-vorhanden"}))
    assert response.status_code == 404
    assert client.get("/babybegruessung/leitfaden/nope/kalender.ics").status_code == 404


def test_guide_is_in_the_family_language_and_can_be_switched(client: Client) -> None:
    registration: Registration = RegistrationFactory.create(language="tr")
    assert "U2 muayenesi" in client.get(guide_url(registration)).content.decode()
    switched = client.get(guide_url(registration), {"sprache": "de"}).content.decode()
    assert "U2-Untersuchung" in switched
    # the header's language switch (a cookie) wins over the family's language
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert "U2 check-up" in client.get(guide_url(registration), follow=True).content.decode()


def test_offers_places_events_and_kitas_for_the_child_and_district(client: Client) -> None:
    north, south = DistrictFactory(slug="nordviertel"), DistrictFactory(slug="suedstadt")
    registration: Registration = RegistrationFactory.create(district=north)
    published(title="Babytreff Nord", audiences=[early_help()], districts=[north], age_max=1)
    published(title="Hebammensprechstunde Süd", audiences=[early_help()], districts=[south])
    published(title="Vorschulgruppe", audiences=[early_help()], age_min=4, age_max=6)
    published(title="Seniorentanz", age_max=None)
    PlaceFactory(name="Wickelraum Rathaus", kinds=[kind("still-und-wickelort")], district=north)
    PlaceFactory(name="Bäckerei Notinsel", kinds=[kind("notinsel")])
    PlaceFactory(name="Kita Regenbogen", kinds=[kind("kita")])
    make_event(
        title="Babymassage",
        start=timezone.now() + timedelta(days=3),
        end=timezone.now() + timedelta(days=3, hours=1),
    )
    make_event(title="Skatturnier", status=Event.Status.PUBLISHED)
    html = client.get(guide_url(registration)).content.decode()
    assert "Babytreff Nord" in html
    assert "Hebammensprechstunde Süd" not in html  # another district
    assert "Vorschulgruppe" not in html  # not for a baby
    assert "Seniorentanz" not in html  # not Frühe Hilfen
    assert "Wickelraum Rathaus" in html
    assert "Bäckerei Notinsel" in html
    assert "Kita Regenbogen" in html
    assert "Babymassage" in html
    assert "Skatturnier" not in html
    assert "https://familienportal.de/" in html


def test_a_family_without_a_known_district_sees_the_offers_of_the_whole_town(
    client: Client,
) -> None:
    south = DistrictFactory(slug="suedstadt")
    registration: Registration = RegistrationFactory.create(district=None)
    published(title="Hebammensprechstunde Süd", audiences=[early_help()], districts=[south])
    html = client.get(guide_url(registration)).content.decode()
    assert "Hebammensprechstunde Süd" in html


def test_calendar_has_all_day_events_with_stable_uids(client: Client) -> None:
    # born on the day the clocks go back: U2 is 27 Oct – 3 Nov 2026, an all-day event
    registration: Registration = RegistrationFactory.create(
        birth_date=date(2026, 10, 25), language="en"
    )
    url = guide_url(registration, "welcome:guide-ical")
    first = client.get(url)
    assert first.status_code == 200
    assert first["Content-Type"].startswith("text/calendar")
    body = first.content.decode()
    assert "DTSTART;VALUE=DATE:20261027" in body
    assert "DTEND;VALUE=DATE:20261104" in body  # the day after the last day
    events = {
        str(event["summary"]): event for event in Calendar.from_ical(first.content).walk("VEVENT")
    }
    assert "U2 check-up" in events
    uids = sorted(str(e["uid"]) for e in events.values())
    again = Calendar.from_ical(client.get(url).content).walk("VEVENT")
    assert sorted(str(e["uid"]) for e in again) == uids
    assert len(set(uids)) == len(uids)
    assert not any(registration.guide_token in uid for uid in uids)
    download = client.get(url, {"download": "1"})
    assert download["Content-Disposition"].startswith("attachment")


def test_guide_links_calendar_letter_reminders_and_the_kita_wish(client: Client) -> None:
    registration: Registration = RegistrationFactory.create()
    html = client.get(guide_url(registration)).content.decode()
    path = guide_url(registration, "welcome:guide-ical")
    assert "webcal://" in html and path in html
    assert f"{path}?download=1" in html
    assert guide_url(registration, "welcome:guide-pdf") in html
    assert guide_url(registration, "welcome:followup") in html
    assert guide_url(registration, "welcome:kita-from-guide") in html


def test_letter_pdf_is_in_the_family_language(client: Client) -> None:
    registration: Registration = RegistrationFactory.create(
        language="tr", child_first_name="Elif", street="Geheimweg 7", birth_date=date(2026, 1, 31)
    )
    response = client.get(guide_url(registration, "welcome:guide-pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Elif" in text
    assert "U2 muayenesi" in text
    assert "Geheimweg" not in text


def test_a_missed_kita_deadline_asks_to_register_as_soon_as_possible(client: Client) -> None:
    # the town asks for registration 6 months before the first birthday
    registration: Registration = RegistrationFactory.create(
        language="en", birth_date=timezone.localdate() - timedelta(days=200)
    )
    html = client.get(guide_url(registration)).content.decode()
    assert "Please register as soon as you can" in html
    assert "please register by" not in html
