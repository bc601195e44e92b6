"""Demo newsletter: topics, a few confirmed subscribers and one draft edition."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from familienrathaus.newsletter import consent
from familienrathaus.newsletter.models import Edition, Subscriber, Topic

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
        subscriber = Subscriber.objects.create(
            email=email,
            language="de",
            status=Subscriber.Status.ACTIVE,
            consent_requested_at=now - timedelta(days=30, minutes=5),
            consent_version=consent.CURRENT_VERSION,
            consent_text=consent.wording(
                consent.CURRENT_VERSION,
                alliance_name="Lokales Bündnis für Familie Musterstadt",
                language="de",
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
    return created
