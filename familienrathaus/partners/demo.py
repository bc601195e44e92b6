"""Demo partner organisations of Musterstadt, each with one staff login."""

from __future__ import annotations

from django.utils.text import slugify

from familienrathaus.core.demo import ensure_user
from familienrathaus.core.models.users import Role
from familienrathaus.partners.models import Membership, Organisation

Kind = Organisation.Kind

ORGANISATIONS = [
    ("Caritasverband Musterstadt", Kind.WELFARE),
    ("Diakonie Musterstadt", Kind.WELFARE),
    ("AWO Ortsverein Musterstadt", Kind.WELFARE),
    ("DRK Kreisverband Musterstadt", Kind.WELFARE),
    ("Familienzentrum Sonnenblume", Kind.EDUCATION),
    ("Kita Regenbogen", Kind.EDUCATION),
    ("Grundschule am Stadtpark", Kind.EDUCATION),
    ("Volkshochschule Musterstadt", Kind.EDUCATION),
    ("Stadtbibliothek Musterstadt", Kind.ADMINISTRATION),
    ("Jugendamt Musterstadt", Kind.ADMINISTRATION),
    ("Gesundheitsamt – Frühe Hilfen", Kind.ADMINISTRATION),
    ("TuS Musterstadt 1890 e. V.", Kind.ASSOCIATION),
    ("Alleinerziehenden-Treff e. V.", Kind.ASSOCIATION),
    ("Kinderschutzbund Musterstadt", Kind.ASSOCIATION),
    ("Evangelische Kirchengemeinde St. Marien", Kind.CHURCH),
    ("Hebammenpraxis Storchennest", Kind.PRACTICE),
    ("Kinderarztpraxis Dr. Sommer", Kind.PRACTICE),
    ("Stadtwerke Musterstadt GmbH", Kind.COMPANY),
    ("Sparkasse Musterstadt", Kind.COMPANY),
    ("Buchhandlung Seitenweise", Kind.SHOP),
]


def load() -> int:
    created = 0
    for number, (name, kind) in enumerate(ORGANISATIONS, start=1):
        organisation, new = Organisation.objects.get_or_create(
            name=name, defaults={"slug": slugify(name), "kind": kind}
        )
        created += new
        email = f"partner{number:02d}@musterstadt.example"
        user, new = ensure_user(email, f"Team {name}", Role.PARTNER)
        created += new
        _, new = Membership.objects.get_or_create(user=user, organisation=organisation)
        created += new
    return created
