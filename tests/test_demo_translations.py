"""The demo's content in other languages: 30 offers, 10 events, 5 holiday activities,
20 places and the legal summaries in English and Turkish (and Ukrainian), shown on the
pages of those languages, and written only once."""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Q

from familienrathaus.core import demo as core_demo
from familienrathaus.core import demo_translations as core_translations
from familienrathaus.core import translated as translated_fields
from familienrathaus.core.models import LegalPage, Theme
from familienrathaus.events import demo as events_demo
from familienrathaus.events import demo_translations as events_translations
from familienrathaus.events.models import Event
from familienrathaus.holidays import demo as holidays_demo
from familienrathaus.holidays import demo_translations as holidays_translations
from familienrathaus.holidays.models import Activity
from familienrathaus.offers import demo as offers_demo
from familienrathaus.offers import demo_translations as offers_translations
from familienrathaus.offers.models import Offer
from familienrathaus.partners import demo as partners_demo
from familienrathaus.places import demo as places_demo
from familienrathaus.places import demo_translations as places_translations
from familienrathaus.places.models import Place
from tests.language_client import LanguageClient

pytestmark = pytest.mark.django_db

LANGUAGES = ("en", "tr", "uk")


def translated(model: Any, fields: tuple[str, ...], language: str) -> int:
    condition = Q()
    for field in fields:
        condition |= ~Q(**{f"{field}_{language}": ""}) & Q(**{f"{field}_{language}__isnull": False})
    return model.objects.filter(condition).count()


@pytest.fixture
def demo() -> None:
    core_demo.load()
    partners_demo.load()
    offers_demo.load()
    events_demo.load()
    holidays_demo.load()
    places_demo.load()


def test_the_demo_content_is_translated(demo: None) -> None:
    for language in LANGUAGES:
        assert translated(Offer, ("title", "summary"), language) >= 30, language
        assert translated(Event, ("title", "summary"), language) >= 10, language
        assert translated(Activity, ("title", "summary"), language) >= 5, language
        assert translated(Place, ("name", "description"), language) >= 20, language
        pages = LegalPage.objects.filter(kind__in=["impressum", "datenschutz"])
        assert all(getattr(page, f"summary_{language}") for page in pages), language
        assert pages.count() == 2
        assert translated(Theme, ("name",), language) == 7
    # The translated offers are those of the kinds in offers/demo_translations.py.
    offer = Offer.objects.exclude(title_tr="").exclude(title_tr__isnull=True).first()
    assert offer is not None and getattr(offer, "title_tr").startswith(  # noqa: B009
        ("Emzirme", "Ebe", "Ebeveyn", "Bebek", "Ödev", "Borç", "Bakım", "Çocuk")
    )


def test_a_second_run_writes_nothing(demo: None) -> None:
    assert core_translations.load() == 0
    assert offers_translations.load(offers_demo.KINDS, offers_demo._title) == 0
    assert events_translations.load() == 0
    assert holidays_translations.load() == 0
    assert places_translations.load() == 0


def test_a_coordinators_own_translation_is_kept(demo: None) -> None:
    page = LegalPage.objects.get(kind="impressum")
    LegalPage.objects.filter(pk=page.pk).update(summary_tr="Kendi özetimiz.")
    core_translations.load()
    page.refresh_from_db()
    assert getattr(page, "summary_tr") == "Kendi özetimiz."  # noqa: B009


def test_the_turkish_pages_show_the_translations(demo: None) -> None:
    client = LanguageClient("tr")
    html = client.get("/angebote/", {"q": "emzirme"}, follow=True).content.decode()
    assert "Emzirme danışmanlığı" in html
    html = client.get("/seite/datenschutz/", follow=True).content.decode()
    assert "Verilerinizden Musterstadt Belediyesi sorumludur." in html
    assert "Wer ist verantwortlich?" in html  # the binding German text follows
    html = client.get("/veranstaltungen/familienfest/", follow=True).content.decode()
    assert "Şehir parkında aile şenliği" in html


def test_every_translated_demo_text_is_complete(demo: None) -> None:
    """A demo offer, event, activity or place with an English title or name has every
    field the German demo fills in English, Turkish and Ukrainian too."""
    checks: list[tuple[Any, str]] = [
        (Offer, "title"),
        (Event, "title"),
        (Activity, "title"),
        (Place, "name"),
        (Place, "description"),
    ]
    gaps = []
    for model, field in checks:
        rows = model.objects.exclude(**{f"{field}_en": ""}).exclude(**{f"{field}_en__isnull": True})
        assert rows.exists(), model
        for obj in rows:
            for language in LANGUAGES:
                gaps += [(obj, language, name) for name in translated_fields.missing(obj, language)]
    assert gaps == []
