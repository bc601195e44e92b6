"""Demo newsletter: topics, a few confirmed subscribers (one reads Turkish) and one draft
edition with its Turkish edition."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from familienrathaus.newsletter import consent
from familienrathaus.newsletter.models import Edition, EditionTranslation, Subscriber, Topic

TOPICS = [
    ("Veranstaltungen", "veranstaltungen", 10),
    ("Ferienspaß", "ferienspass", 20),
    ("Beratung und Hilfe", "beratung", 30),
    ("Kita und Schule", "kita-schule", 40),
]


def load() -> int:
    created = 0
    topics = []
    for name, slug, order in TOPICS:
        topic, new = Topic.objects.get_or_create(slug=slug, defaults={"name": name, "order": order})
        topics.append(topic)
        created += int(new)
    now = timezone.now()
    for number in range(1, 6):
        email = f"abo{number:02d}@musterstadt.example"
        if Subscriber.objects.filter(email=email).exists():
            continue
        # The fifth reads Turkish: it gets the Turkish edition.
        language = "tr" if number == 5 else "de"
        subscriber = Subscriber.objects.create(
            email=email,
            language=language,
            status=Subscriber.Status.ACTIVE,
            consent_requested_at=now - timedelta(days=30, minutes=5),
            consent_version=consent.CURRENT_VERSION,
            consent_text=consent.wording(
                consent.CURRENT_VERSION,
                alliance_name="Lokales Bündnis für Familie Musterstadt",
                language=language,
            ),
            confirmed_at=now - timedelta(days=30),
        )
        subscriber.topics.set(topics[: number % 4 + 1])
        created += 1
    if not Edition.objects.filter(slug="infobrief-demo").exists():
        Edition.objects.create(
            subject="Familien-Infobrief: Herbst",
            slug="infobrief-demo",
            intro="Liebe Familien,\n\nhier sind die Neuigkeiten aus dem Bündnis.",
            events_from=now.date(),
            events_until=(now + timedelta(days=60)).date(),
            include_holidays=True,
        )
        created += 1
    edition = Edition.objects.get(slug="infobrief-demo")
    _, new = EditionTranslation.objects.get_or_create(
        edition=edition,
        language="tr",
        defaults={
            "subject": "Aile Bülteni: Sonbahar",
            "intro": "Sevgili aileler,\n\nittifakımızdan en yeni haberler burada.",
        },
    )
    return created + int(new)
