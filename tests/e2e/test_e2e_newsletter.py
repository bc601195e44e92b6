"""A family subscribes to the Familien-Infobrief; a coordinator composes an edition and
checks the mail; news, brochures and the archive. axe checks every page, the mail too."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.newsletter.models import Edition, Subscriber
from tests.factories import EditionFactory, NewsPostFactory, TopicFactory

if TYPE_CHECKING:
    from tests.e2e.conftest import Browse

pytestmark = pytest.mark.e2e


def log_in_coordinator(browse: Browse, make_user: Any, secret: str, *, start: str) -> None:
    user = make_user("infobrief@familienbuero.example", role=Role.COORDINATOR, totp_secret=secret)
    browse.visit(start)
    browse.log_in(user.email)
    browse.enter_totp(secret)
    assert browse.path == start


def test_family_subscribes_with_double_opt_in(browse: Browse) -> None:
    page = browse.page
    TopicFactory(name="Ferienspaß", slug="ferienspass")
    browse.visit("/infobrief/")
    form = page.locator("main form")
    # The honeypot is out of sight and out of the tab order.
    expect(form.locator("input[name=website]")).not_to_be_in_viewport()
    form.locator("input[name=email]").fill("familie.schulz@example.org")
    form.locator("input[name=topics]").first.check()
    form.locator("input[name=consent]").check()
    browse.submit(form)
    assert browse.path == "/infobrief/danke/"
    assert not Subscriber.objects.exists()

    mail = OutboxMessage.objects.get(purpose="newsletter.confirm")
    link = re.search(r"https?://\S+/infobrief/bestaetigen/\S+/", mail.body_text)
    assert link
    browse.visit(link.group(0).split("8000", 1)[1])
    browse.submit(page.locator("main form"))
    subscriber = Subscriber.objects.get()
    assert subscriber.status == "active"
    assert subscriber.topics.count() == 1

    # The link to the preferences, and unsubscribing there.
    browse.click(page.locator("main a[href*='/infobrief/einstellungen/']"))
    browse.submit(page.locator("main form[action*='/infobrief/abmelden/']"))
    subscriber.refresh_from_db()
    assert subscriber.status == "unsubscribed"


def test_expired_confirmation_page(browse: Browse) -> None:
    browse.visit("/infobrief/bestaetigen/kaputt/", status=400)
    expect(browse.page.locator("main a[href='/infobrief/']")).to_be_visible()


def test_coordinator_composes_checks_the_mail_and_sends(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    page = browse.page
    NewsPostFactory(title="Neue Krabbelgruppe im Nordviertel")
    Subscriber.objects.create(
        email="leser@example.org", status="active", consent_version="x", confirmed_at=timezone.now()
    )
    log_in_coordinator(browse, make_user, totp_secret, start="/verwaltung/")
    browse.click(page.locator("main .frh-tiles a[href='/verwaltung/infobrief/']"))
    browse.click(page.locator("main a[href='/verwaltung/infobrief/ausgaben/neu/']"))
    form = page.locator("main form")
    form.locator("input[name=subject]").fill("Familien-Infobrief Frühling")
    form.locator("textarea[name=intro]").fill("Liebe Familien,\n\n**viel Neues** im Bündnis.")
    form.locator("input[name=news]").first.check()
    form.locator("input[name=events_from]").fill("2026-03-01")
    form.locator("input[name=events_until]").fill("2026-05-31")
    form.locator("input[name=include_holidays]").check()
    browse.submit(form)
    edition = Edition.objects.get()
    assert browse.path == f"/verwaltung/infobrief/ausgaben/{edition.pk}/"

    browse.click(
        page.locator(f"main a[href='/verwaltung/infobrief/ausgaben/{edition.pk}/vorschau/']")
    )
    expect(page.locator("main")).to_contain_text("Neue Krabbelgruppe im Nordviertel")
    # The mail itself, as subscribers get it: axe checks it like a page.
    browse.visit(f"/verwaltung/infobrief/ausgaben/{edition.pk}/mail.html")
    expect(page.locator("h1")).to_have_text("Familien-Infobrief Frühling")
    expect(page.locator("a", has_text=re.compile("."))).not_to_have_count(0)

    browse.visit(f"/verwaltung/infobrief/ausgaben/{edition.pk}/")
    browse.submit(page.locator(f"main form[action$='/ausgaben/{edition.pk}/test/']"))
    test_mail = OutboxMessage.objects.get(purpose="newsletter.test")
    # The test mail's "read in the browser" link works before the edition is sent.
    preview = re.search(r"/infobrief/vorschau/[^/\s\"]+/", test_mail.body_html)
    assert preview is not None
    browse.visit(preview.group(0))
    expect(page.locator("main")).to_contain_text("Neue Krabbelgruppe im Nordviertel")
    expect(page.locator("main .kern-alert--warning[role=status]")).to_be_visible()

    browse.visit(f"/verwaltung/infobrief/ausgaben/{edition.pk}/")
    browse.submit(page.locator(f"main form[action$='/ausgaben/{edition.pk}/senden/']"))
    # "Send" first asks, naming how many get the mail; nothing is queued yet.
    expect(page.locator("main [data-confirm-summary] strong")).to_have_text(re.compile(r"^1\b"))
    edition.refresh_from_db()
    assert edition.status == "draft"
    browse.submit(page.locator("main form:has(input[name=confirm])"))
    edition.refresh_from_db()
    assert edition.status == "scheduled"
    expect(page.locator("main progress")).to_be_visible()

    browse.visit("/verwaltung/infobrief/abonnenten/")
    expect(page.locator("main table")).to_contain_text("leser@example.org")


@pytest.mark.parametrize("color_scheme", ["dark"], indirect=True)
def test_the_mail_is_readable_in_dark_mode(
    browse: Browse, make_user: Any, totp_secret: str
) -> None:
    edition = EditionFactory(subject="Infobrief im Dunkeln")
    log_in_coordinator(
        browse, make_user, totp_secret, start=f"/verwaltung/infobrief/ausgaben/{edition.pk}/"
    )
    browse.visit(f"/verwaltung/infobrief/ausgaben/{edition.pk}/mail.html")
    background = browse.page.evaluate(
        "() => getComputedStyle(document.querySelector('.wrap')).backgroundColor"
    )
    assert background == "rgb(30, 30, 30)"


def test_news_brochures_and_archive(browse: Browse, make_user: Any, totp_secret: str) -> None:
    page = browse.page
    post = NewsPostFactory(title="Familienfest im Stadtpark")
    EditionFactory(
        subject="Infobrief Winter",
        slug="infobrief-winter",
        status="sent",
        sent_at=timezone.now(),
        html_snapshot='<div class="frh-infobrief frh-prose"><h2>Neuigkeiten</h2><p>Text</p></div>',
    )
    browse.visit("/aktuelles/")
    browse.click(page.locator(f"main a[href='{post.get_absolute_url()}']"))
    expect(page.locator("main h1")).to_have_text("Familienfest im Stadtpark")
    assert page.locator("meta[property='og:image']").get_attribute("content")
    browse.visit("/broschueren/")
    browse.visit("/infobrief/archiv/")
    browse.click(page.locator("main a[href='/infobrief/archiv/infobrief-winter/']"))
    expect(page.locator("main h1")).to_have_text("Infobrief Winter")

    log_in_coordinator(browse, make_user, totp_secret, start="/verwaltung/neuigkeiten/")
    browse.click(page.locator("main a[href='/verwaltung/neuigkeiten/neu/']"))
    browse.visit("/verwaltung/neuigkeiten/broschueren/")
    browse.visit(f"/verwaltung/neuigkeiten/social-media/?art=news&id={post.pk}")
    expect(page.locator("main textarea")).to_contain_text("Familienfest im Stadtpark")
    size = page.evaluate(
        "async () => { const img = document.querySelector('main img.frh-social-card');"
        " await img.decode(); return [img.naturalWidth, img.naturalHeight]; }"
    )
    assert size == [1080, 1080]
