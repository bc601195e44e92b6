"""The employers part of the API (/api/v1/employers): the public list of certified
employers and certificate verification by number.

- ``GET /employers/`` – the employers with a valid certificate (filters ``sector``,
  ``size``), each with its public text, measures and certificate number.
- ``GET /employers/certificates/{number}`` – the verification: status (valid, expired,
  revoked), the employer as printed, the round, issue date, valid until. A malformed or
  unknown number answers 404 with a message that says which; nothing else.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext, pgettext
from ninja import Router, Schema, Status

from familienrathaus.core import ratelimit
from familienrathaus.core.api import Message
from familienrathaus.employers.models import Employer
from familienrathaus.employers.selectors import certificates as selectors
from familienrathaus.employers.selectors import public as public_selectors

router = Router(tags=["employers"])

VERIFY_PER_HOUR = 600


class CertificateOut(Schema):
    number: str
    status: str  # "valid", "expired" or "revoked"
    status_label: str
    employer: str
    round: str
    issued_on: date
    valid_until: date
    verification_url: str


class CertifiedEmployerOut(Schema):
    name: str
    url: str
    sector: str
    sector_label: str
    size: str
    city: str
    website: str
    logo: str | None
    public_text: str
    measures: list[str]
    certificate: str
    valid_until: date


@router.get(
    "/",
    response=list[CertifiedEmployerOut],
    auth=None,
    summary="Employers with a valid certificate",
)
def certified(request: HttpRequest, sector: str = "", size: str = "") -> Any:
    sector = sector if sector in Employer.Sector.values else ""
    size = size if size in Employer.Size.values else ""
    today = selectors.today()
    employers = list(public_selectors.certified_employers(today, sector=sector, size=size)[:500])
    return [
        {
            "name": row.employer.name,
            "url": request.build_absolute_uri(
                reverse("employers:public-detail", args=[row.employer.slug])
            ),
            "sector": row.employer.sector,
            "sector_label": str(row.employer.get_sector_display()),
            "size": row.employer.size,
            "city": row.employer.city,
            "website": row.employer.website,
            "logo": request.build_absolute_uri(row.employer.logo.url)
            if row.employer.logo
            else None,
            "public_text": row.employer.public_text,
            "measures": row.measures,
            "certificate": row.certificate.number,
            "valid_until": row.certificate.valid_until,
        }
        for row in public_selectors.listed(employers, today)
    ]


@router.get(
    "/certificates/{number}",
    response={200: CertificateOut, 404: Message, 429: Message},
    auth=None,
    summary="Verify a certificate by its number",
)
def verify(request: HttpRequest, number: str) -> Any:
    if not ratelimit.allow(
        request, scope="employers.api.verify", limit=VERIFY_PER_HOUR, period_seconds=3600
    ):
        return Status(429, {"detail": pgettext("api", "Too many requests. Try again later.")})
    normal = selectors.normalise_number(number[:40])
    if normal is None:
        # The sentence of the verification form (forms_evaluation).
        message = gettext("This is not a certificate number. A number looks like %(example)s.")
        return Status(404, {"detail": message % {"example": selectors.EXAMPLE_NUMBER}})
    result = selectors.verify(normal)
    if result is None:
        message = pgettext("api", "There is no certificate with the number %(number)s.")
        return Status(404, {"detail": message % {"number": normal}})
    return Status(
        200,
        {
            "number": result.number,
            "status": result.state,
            "status_label": result.state_label,
            "employer": result.employer_name,
            "round": result.round_name,
            "issued_on": result.issued_on,
            "valid_until": result.valid_until,
            "verification_url": request.build_absolute_uri(
                reverse("employers:verify", args=[result.number])
            ),
        },
    )
