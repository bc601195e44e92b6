"""Reads of the public side: the certified employers (those with a valid certificate),
their measures as tags, and their offers of the theme "Balance von Familie und
Arbeitswelt" in the Familienwegweiser.

Nothing here shows more than the employer chose to make public (its name, address,
website, logo, public text) and what the certificate says; assessments, scores and
evidence never appear.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet

from familienrathaus.core.models import Theme
from familienrathaus.employers.models import (
    Certificate,
    Employer,
    Measure,
    MeasureTemplate,
)
from familienrathaus.employers.selectors.certificates import valid_q
from familienrathaus.offers.models import Offer

BALANCE_THEME = "Balance von Familie und Arbeitswelt"
# Measures a team gave up are not shown as what it offers.
SHOWN_MEASURES = (Measure.Status.PLANNED, Measure.Status.IN_PROGRESS, Measure.Status.DONE)


@dataclass
class Listed:
    employer: Employer
    certificate: Certificate
    measures: list[str] = field(default_factory=list)


def _valid_certificates(on: dt.date) -> QuerySet[Certificate]:
    return Certificate.objects.filter(valid_q(on))


def certified_employers(
    on: dt.date, *, sector: str = "", size: str = "", measure: MeasureTemplate | None = None
) -> QuerySet[Employer]:
    """Employers with a certificate valid on ``on``, by name; filtered by sector, size
    band, and a measure of the catalogue taken in the certified participation."""
    valid = _valid_certificates(on).filter(employer=OuterRef("pk"))
    employers = Employer.objects.filter(Exists(valid))
    if sector:
        employers = employers.filter(sector=sector)
    if size:
        employers = employers.filter(size=size)
    if measure is not None:
        with_measure = Measure.objects.filter(
            participation__certificate__in=_valid_certificates(on),
            participation__employer=OuterRef("pk"),
            template=measure,
            status__in=SHOWN_MEASURES,
        )
        employers = employers.filter(Exists(with_measure))
    return employers.order_by("name", "pk")


def listed(employers: list[Employer], on: dt.date) -> list[Listed]:
    """The employers with their current certificate and their measures' titles."""
    certificates: dict[int, Certificate] = {}
    for certificate in (
        _valid_certificates(on)
        .filter(employer__in=employers)
        .select_related("round")
        .order_by("employer_id", "-valid_until", "-pk")
    ):
        certificates.setdefault(certificate.employer_id, certificate)
    titles: dict[int, list[str]] = defaultdict(list)
    for participation_id, title in (
        Measure.objects.filter(
            participation_id__in=[c.participation_id for c in certificates.values()],
            status__in=SHOWN_MEASURES,
        )
        .order_by("participation_id", "title")
        .values_list("participation_id", "title")
    ):
        if title not in titles[participation_id]:
            titles[participation_id].append(title)
    return [
        Listed(
            employer=employer,
            certificate=certificates[employer.pk],
            measures=titles[certificates[employer.pk].participation_id],
        )
        for employer in employers
        if employer.pk in certificates
    ]


def certified_employer(slug: str, on: dt.date) -> Listed | None:
    employer = certified_employers(on).filter(slug=slug).first()
    if employer is None:
        return None
    found = listed([employer], on)
    return found[0] if found else None


def measure_choices() -> QuerySet[MeasureTemplate]:
    """The catalogue's measures that a certified employer may be filtered by."""
    return MeasureTemplate.objects.filter(active=True).order_by("position", "title")


def balance_theme() -> Theme | None:
    return Theme.objects.filter(name=BALANCE_THEME).first()


def balance_offers(employer: Employer, on: dt.date) -> list[Offer]:
    """The published offers of the employer's partner organisation on the theme
    "Balance von Familie und Arbeitswelt" (current ones only)."""
    if employer.organisation_id is None:
        return []
    return list(
        Offer.objects.filter(
            organisation_id=employer.organisation_id,
            status=Offer.Status.PUBLISHED,
            themes__name=BALANCE_THEME,
        )
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=on))
        .distinct()
        .order_by("title")
    )
