"""Demo of the template library: Musterstadt publishes its employers' criteria
catalogue, Beispieldorf its short childcare survey (surveys/demo_second.py)."""

from __future__ import annotations

from typing import Any

from familienrathaus.core import library
from familienrathaus.core.models import User
from familienrathaus.library import services
from familienrathaus.library.models import SharedTemplate


def _publish(kind: str, title: str, description: str, **lookup: Any) -> int:
    template_kind = library.kind(kind)
    # The alliance's first coordinator (asked by the account: roles are per alliance).
    coordinator = next(
        (u for u in User.objects.filter(is_active=True).order_by("pk") if u.is_coordinator), None
    )
    if template_kind is None or coordinator is None:
        return 0
    obj = template_kind.publishable().filter(**lookup).first()
    if obj is None or SharedTemplate.objects.filter(kind=kind, source_id=obj.pk).exists():
        return 0
    services.publish(actor=coordinator, kind=kind, obj=obj, title=title, description=description)
    return 1


def load() -> int:
    return _publish(
        "criteria_catalogue",
        "Kriterienkatalog FAMILIENbewusstes Unternehmen (Musterstadt)",
        "Sieben Handlungsfelder mit ihren Aussagen und Mindestanforderungen, wie Musterstadt "
        "sie in seinen Runden verwendet.",
    )


def load_second() -> int:
    return _publish(
        "survey",
        "Kurzbefragung Kinderbetreuung",
        "Vier Fragen, zwei Minuten: Wie wird betreut, wie zufrieden sind Familien mit den "
        "Öffnungszeiten, was würde helfen. Für kleine Gemeinden.",
        slug="kurzbefragung-kinderbetreuung",
    )
