"""Demo news of Musterstadt: three categories and four posts (one by a partner)."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from familienrathaus.core import demo_pictures
from familienrathaus.news.models import Category, NewsPost
from familienrathaus.partners.models import Organisation

CATEGORIES = [
    ("Bündnis", "buendnis"),
    ("Veranstaltungen", "veranstaltungen"),
    ("Beratung", "beratung"),
]

POSTS = [
    (
        "Neuer Familienwegweiser erschienen",
        "buendnis",
        "Alle Angebote für Familien in Musterstadt, jetzt auch gedruckt.",
        "Der **Familienwegweiser** ist da: über 150 Angebote von 30 Partnern.\n\n"
        "Sie finden ihn im Familienbüro, in den Kitas und online.",
        2,
    ),
    (
        "Familienfest im Stadtpark",
        "veranstaltungen",
        "Am Sonntag feiern wir mit allen Partnern des Bündnisses.",
        "Spiele, Musik und Beratung: Kommen Sie vorbei!",
        9,
    ),
    (
        "Sprechstunde für Alleinerziehende",
        "beratung",
        "Jeden ersten Dienstag im Monat im Familienbüro.",
        "Ohne Anmeldung, kostenlos und vertraulich.",
        20,
    ),
]


def load() -> int:
    created = 0
    categories = {}
    for name, slug in CATEGORIES:
        category, new = Category.objects.get_or_create(slug=slug, defaults={"name": name})
        categories[slug] = category
        created += int(new)
    now = timezone.now()
    for title, category_slug, summary, text, days_ago in POSTS:
        slug = title.lower().replace(" ", "-").replace("ü", "ue").replace("ä", "ae")
        if NewsPost.objects.filter(slug=slug).exists():
            continue
        post = NewsPost.objects.create(
            title=title,
            slug=slug,
            summary=summary,
            text=text,
            publish_at=now - timedelta(days=days_ago),
            status=NewsPost.Status.PUBLISHED,
            published_at=now - timedelta(days=days_ago),
        )
        post.categories.set([categories[category_slug]])
        created += 1
    if created:
        published = NewsPost.objects.filter(status=NewsPost.Status.PUBLISHED)
        demo_pictures.give(published.order_by("pk")[:2], "image", alt_field="image_alt")
    organisation = Organisation.objects.order_by("pk").first()
    if organisation is not None and not NewsPost.objects.filter(slug="elterncafe-neu").exists():
        NewsPost.objects.create(
            organisation=organisation,
            title="Elterncafé jetzt auch samstags",
            slug="elterncafe-neu",
            summary="Ab dem nächsten Monat öffnet das Elterncafé auch am Samstag.",
            text="Von 10 bis 12 Uhr, mit Spielecke.",
            status=NewsPost.Status.SUBMITTED,
        )
        created += 1
    return created


# Beispieldorf, the demo's second alliance.
SECOND_CATEGORIES = [("Aus dem Bündnis", "aus-dem-buendnis")]
SECOND_POSTS = [
    # (title, slug, summary, text, days ago)
    (
        "Bündnis für Familie in Beispieldorf gegründet",
        "buendnis-gegruendet",
        "Gemeinde, Kita, Pfarrei und Sportverein arbeiten jetzt zusammen für Familien.",
        "Im Pfarrheim haben vier Partner das **Lokale Bündnis für Familie Beispieldorf** "
        "gegründet.\n\nAlle Angebote für Familien im Dorf finden Sie ab sofort hier.",
        5,
    ),
    (
        "Neue Krabbelgruppe im Familienzentrum",
        "neue-krabbelgruppe",
        "Ab sofort jeden Dienstagvormittag im Familienzentrum an der Schulstraße.",
        "Eltern mit Kindern bis drei Jahre sind herzlich willkommen, ohne Anmeldung.",
        12,
    ),
]


def load_second() -> int:
    """Beispieldorf's news that are missing so far (inside its alliance)."""
    created = 0
    categories = []
    for name, slug in SECOND_CATEGORIES:
        category, new = Category.objects.get_or_create(slug=slug, defaults={"name": name})
        categories.append(category)
        created += int(new)
    now = timezone.now()
    for title, slug, summary, text, days_ago in SECOND_POSTS:
        if NewsPost.objects.filter(slug=slug).exists():
            continue
        post = NewsPost.objects.create(
            title=title,
            slug=slug,
            summary=summary,
            text=text,
            publish_at=now - timedelta(days=days_ago),
            status=NewsPost.Status.PUBLISHED,
            published_at=now - timedelta(days=days_ago),
        )
        post.categories.set(categories)
        created += 1
    return created
