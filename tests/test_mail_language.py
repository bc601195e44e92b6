"""Each person's mail in their own language, whoever causes it.

A family that chose Turkish gets the lottery result and the move-up from the waiting
list in Turkish although a coordinator working in German causes both; a registration
made on a Ukrainian page is confirmed in Ukrainian; newsletter subscribers get the
edition of their language (German where there is none); account mails come in the
account's language. "In Turkish" means: subject and body are the Turkish texts, the
message says ``Content-Language: tr``, and its links open the Turkish pages.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from familienrathaus.core import outbox
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.events.models import Registration
from familienrathaus.holidays import services as holiday_services
from familienrathaus.holidays.models import Booking, Child, Occasion, Period
from familienrathaus.lottery import services as lottery_services
from familienrathaus.lottery.models import Run
from familienrathaus.newsletter import services as newsletter_services
from familienrathaus.newsletter.models import EditionTranslation
from tests.factories import (
    ChildFactory,
    OccasionFactory,
    PeriodFactory,
    SubscriberFactory,
    UserFactory,
    edition_with,
    first_date,
    make_event,
    occasion,
    wish,
)

pytestmark = pytest.mark.django_db


def client_in(language: str, user: User | None = None) -> Client:
    """A browser set to ``language`` (the switch's cookie and Accept-Language)."""
    client = Client(headers={"accept-language": language})
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def url_in(page_language: str, name: str, /, **kwargs: Any) -> str:
    """The address of a page in ``page_language`` (with its prefix, such as ``/tr/``)."""
    with translation.override(page_language):
        return reverse(name, kwargs=kwargs)


def text_in(language: str, msgid: str, **values: Any) -> str:
    with translation.override(language):
        return gettext(msgid) % values if values else gettext(msgid)


def choose_language(user: User, language: str) -> None:
    """The family picks the language of its mails on the account page."""
    response = client_in("de", user).post(url_in("de", "core:account"), {"language": language})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == language


def assert_turkish_link(body: str, path: str) -> None:
    """The mail links to the Turkish page: its address carries ``/tr/``."""
    assert path.startswith("/tr/")
    assert path in body


# ------------------------------------------------------------------- the lottery


@pytest.fixture
def period() -> Period:
    return PeriodFactory.create(wish_phase=True, name="Sommerferien 2031", slug="sommer-2031")


def test_lottery_result_confirmed_by_a_german_coordinator_arrives_in_turkish(
    period: Period, coordinator: User
) -> None:
    canoe = occasion(period, title="Kanu", places=1)
    zoo = occasion(period, title="Zoo", places=10, day=1)
    turkish: User = UserFactory.create(role=Role.FAMILY, email="yilmaz@example.org")
    german: User = UserFactory.create(role=Role.FAMILY, email="schulz@example.org")
    choose_language(turkish, "tr")
    for family, name in ((turkish, "Elif"), (german, "Paul")):
        kid: Child = ChildFactory.create(family=family, first_name=name)
        wish(kid, canoe, 1)
        wish(kid, zoo, 2)

    office = client_in("de", coordinator)  # the coordinator works in German
    response = office.post(
        url_in("de", "lottery:period", slug=period.slug), {"method": "auto", "time_limit": 30}
    )
    assert response.status_code == 302
    run = Run.objects.get()
    lottery_services.execute_run(run.pk)
    Period.objects.filter(pk=period.pk).update(
        wish_start=timezone.now() - timedelta(days=3),
        wish_end=timezone.now() - timedelta(minutes=1),
    )
    response = office.post(url_in("de", "lottery:run_confirm", pk=run.pk), {"open_booking": "on"})
    assert response.status_code == 302
    # The worker confirms it (in the site's default language, German).
    with translation.override("de"):
        assert lottery_services.confirm_in_background(run.pk, coordinator.pk, True) == "confirmed"

    message = OutboxMessage.objects.get(purpose="lottery.outcome", to=[turkish.email])
    subject = text_in("tr", "The places of %(name)s are allocated", name=period.name)
    assert subject != text_in("de", "The places of %(name)s are allocated", name=period.name)
    assert message.subject == subject
    assert message.body_text.startswith(text_in("tr", "Hello,"))
    assert text_in("tr", "Details and your bookings:") in message.body_text
    assert message.headers["Content-Language"] == "tr"
    assert_turkish_link(message.body_text, url_in("tr", "lottery:outcome", slug=period.slug))
    # The places the lottery gave the Turkish family keep its language for later mails.
    assert set(
        Booking.objects.filter(child__family=turkish).values_list("language", flat=True)
    ) == {"tr"}

    other = OutboxMessage.objects.get(purpose="lottery.outcome", to=[german.email])
    assert other.subject == text_in("de", "The places of %(name)s are allocated", name=period.name)
    assert other.headers["Content-Language"] == "de"


# -------------------------------------------------------- the waiting list moves up


def test_move_up_caused_by_a_german_coordinator_arrives_in_turkish(coordinator: User) -> None:
    trip: Occasion = OccasionFactory.create(max_places=1, activity__title="Waldabenteuer")
    someone: Child = ChildFactory.create(first_name="Paul")
    holiday_services.book(actor=someone.family, child=someone, occasion=trip, language="de")
    family: User = UserFactory.create(role=Role.FAMILY, email="yilmaz@example.org")
    elif_: Child = ChildFactory.create(family=family, first_name="Elif")

    # Elif's family books on the Turkish page: the occasion is full, she waits.
    response = client_in("tr", family).post(
        url_in("tr", "holidays:book", pk=trip.pk), {"child": elif_.pk}
    )
    assert response.status_code == 302
    booking = Booking.objects.get(child=elif_)
    assert (booking.status, booking.language) == (Booking.Status.WAITLISTED, "tr")
    waiting = OutboxMessage.objects.get(purpose__startswith="holidays.booking.waitlisted")
    assert waiting.headers["Content-Language"] == "tr"

    # A coordinator working in German adds a place: it is offered to Elif, in Turkish.
    trip.max_places = 2
    dates = [(d.starts, d.ends) for d in trip.dates.all()]
    with translation.override("de"):
        holiday_services.save_occasion(actor=coordinator, occasion=trip, dates=dates)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.OFFERED
    offered = OutboxMessage.objects.get(purpose__startswith="holidays.booking.offered")
    subject = "A place is free for %(name)s: %(title)s"
    assert offered.subject == text_in("tr", subject, name="Elif", title="Waldabenteuer")
    assert offered.subject != text_in("de", subject, name="Elif", title="Waldabenteuer")
    assert text_in("tr", "Accept the place:") in offered.body_text
    assert offered.headers["Content-Language"] == "tr"
    assert_turkish_link(offered.body_text, url_in("tr", "holidays:my_bookings"))


# ------------------------------------------------------- events: the page's language


def test_registration_on_a_ukrainian_page_is_confirmed_in_ukrainian(settings: Any) -> None:
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    event = make_event(title="Erste Hilfe am Kind", registration_required=True, capacity=10)
    date = first_date(event)
    address = url_in("uk", "events:register", slug=event.slug, pk=date.pk)
    response = client_in("uk").post(
        address,
        {"name": "Olena", "email": "olena@example.org", "adults": 1, "children": 0, "message": ""},
    )
    assert response.status_code == 302
    assert Registration.objects.get().language == "uk"
    message = OutboxMessage.objects.get(to=["olena@example.org"])
    assert message.headers["Content-Language"] == "uk"
    title = "Registration confirmed: %(title)s"
    assert message.subject == text_in("uk", title, title="Erste Hilfe am Kind")
    with translation.override("uk"):
        expected = date.get_absolute_url()
    assert expected in message.body_text
    # The .ics attachment is built by the worker, whose language is German: still fine,
    # and the mail itself stays as it was queued.
    outbox.deliver(message.pk)
    [sent] = mail.outbox
    assert sent.subject == message.subject and sent.extra_headers["Content-Language"] == "uk"


# ---------------------------------------------------------------- the newsletter


def test_subscribers_get_the_edition_of_their_language_or_the_german_one(
    coordinator: User,
) -> None:
    SubscriberFactory(email="tr@example.org", language="tr")
    SubscriberFactory(email="ru@example.org", language="ru")
    SubscriberFactory(email="de@example.org", language="de")
    edition = edition_with(subject="Infobrief Sommer", intro="Liebe Familien, der Sommer kommt.")

    # The coordinator writes and previews the Turkish edition in the back office.
    office = client_in("de", coordinator)
    page = office.get(url_in("de", "newsletter:edition", pk=edition.pk)).content.decode()
    assert url_in("de", "newsletter:edition_translation", pk=edition.pk, language="tr") in page
    response = office.post(
        url_in("de", "newsletter:edition_translation", pk=edition.pk, language="tr"),
        {"subject": "Yaz Bülteni", "intro": "Sevgili aileler, yaz geliyor."},
    )
    assert response.status_code == 302
    assert EditionTranslation.objects.get(edition=edition, language="tr").subject == "Yaz Bülteni"
    preview = office.get(
        url_in("de", "newsletter:edition_preview", pk=edition.pk) + "?sprache=tr"
    ).content.decode()
    assert "Yaz Bülteni" in preview and "Sevgili aileler" in preview
    assert "Liebe Familien" not in preview

    newsletter_services.schedule(actor=coordinator, edition=edition, at=None)
    edition.refresh_from_db()
    with translation.override("de"):  # the worker
        newsletter_services.supervise(edition.pk, edition.tick_token)
    mails = {m.to[0]: m for m in OutboxMessage.objects.filter(purpose="newsletter.edition")}
    assert set(mails) == {"tr@example.org", "ru@example.org", "de@example.org"}

    turkish = mails["tr@example.org"]
    assert turkish.subject == "Yaz Bülteni"
    assert "Sevgili aileler" in turkish.body_text and "Liebe Familien" not in turkish.body_text
    assert turkish.headers["Content-Language"] == "tr"
    # No Russian edition: the German one (in a Russian frame).
    russian = mails["ru@example.org"]
    assert russian.subject == "Infobrief Sommer" and "Liebe Familien" in russian.body_text
    assert 'lang="de"' in russian.body_html  # German text in a Russian mail, marked as such
    assert 'lang="de"' not in turkish.body_html
    assert mails["de@example.org"].subject == "Infobrief Sommer"
    # The personal links (manage, unsubscribe) open the pages in the subscriber's language,
    # although the worker builds them in German.
    with translation.override("de"):
        manage_path = reverse("newsletter:manage", args=["x"]).removesuffix("x/")
    manage_tr = settings.SITE_URL + "/tr" + manage_path
    assert manage_tr in turkish.body_text and manage_tr in turkish.body_html
    assert "/tr/" in turkish.headers["List-Unsubscribe"]
    assert "/ru/" in russian.headers["List-Unsubscribe"]
    german = mails["de@example.org"]
    assert settings.SITE_URL + manage_path in german.body_text
    assert "/tr/" not in german.body_text and "/ru/" not in german.headers["List-Unsubscribe"]

    # The archive shows the edition in the page's language.
    turkish_page = (
        client_in("tr")
        .get(url_in("tr", "newsletter:archive_detail", slug=edition.slug))
        .content.decode()
    )
    assert "Yaz Bülteni" in turkish_page and "Sevgili aileler" in turkish_page
    german_page = (
        client_in("de")
        .get(url_in("de", "newsletter:archive_detail", slug=edition.slug))
        .content.decode()
    )
    assert "Infobrief Sommer" in german_page and "Yaz Bülteni" not in german_page


# ------------------------------------------------------------------ account mails


def test_account_mails_are_in_the_accounts_language() -> None:
    # Signing up on the Turkish page makes Turkish the account's language.
    response = client_in("tr").post(
        url_in("tr", "account_signup"),
        {
            "email": "yeni@example.org",
            "password1": "Sehr-sicheres-Passwort-42",
            "password2": "Sehr-sicheres-Passwort-42",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(email="yeni@example.org")
    assert user.language == "tr"
    confirm = OutboxMessage.objects.get(to=["yeni@example.org"])
    assert confirm.headers["Content-Language"] == "tr"

    # A password reset asked for on a German page still comes in Turkish.
    response = client_in("de").post(url_in("de", "account_reset_password"), {"email": user.email})
    assert response.status_code == 302
    reset = OutboxMessage.objects.get(purpose="account:password_reset_key")
    assert reset.headers["Content-Language"] == "tr"
    assert text_in("tr", "Password Reset Email") in reset.subject


# ------------------------------------------------- attachments built by the worker


def test_attachments_built_when_sending_are_in_the_mails_language(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    """An invoice PDF or an .ics is built by the worker (German) when the mail is sent:
    in the language the mail was written in."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    seen: list[str | None] = []

    def provider(message: OutboxMessage) -> list[outbox.Attachment]:
        seen.append(translation.get_language())
        return [("rechnung.txt", gettext("Hello,"), "text/plain")]

    monkeypatch.setitem(outbox._attachment_providers, "test.language:", provider)
    message = outbox.queue_mail(
        to=["aile@example.org"],
        subject="Fatura",
        body_text="…",
        purpose="test.language:1",
        language="tr",
    )
    with translation.override("de"):  # the worker
        assert outbox.deliver(message.pk) == "sent"
    assert seen == ["tr"]
    [sent] = mail.outbox
    assert sent.attachments[0][1] == text_in("tr", "Hello,")
