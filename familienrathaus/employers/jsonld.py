"""schema.org ``Organization`` JSON-LD of a certified employer's public page, with the
certificate as ``award``. Escaped like ``events.jsonld`` (``as_script``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from familienrathaus.employers.selectors.public import Listed
from familienrathaus.events.jsonld import as_script

__all__ = ["as_script", "organisation_data"]


def award_text(listed: Listed, *, place: str) -> str:
    certificate = listed.certificate
    title = f"FAMILIENbewusstes Unternehmen {place}".strip()
    until = formats.date_format(certificate.valid_until, "DATE_FORMAT")
    return _("%(title)s (%(round)s, certificate %(number)s, valid until %(date)s)") % {
        "title": title,
        "round": certificate.round.name,
        "number": certificate.number,
        "date": until,
    }


def organisation_data(
    listed: Listed, *, url: str, place: str, absolute: Callable[[str], str]
) -> dict[str, Any]:
    employer = listed.employer
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "@id": url,
        "url": employer.website or url,
        "name": employer.name,
        "award": award_text(listed, place=place),
    }
    if employer.public_text:
        data["description"] = employer.public_text
    if employer.logo:
        data["logo"] = absolute(employer.logo.url)
    if employer.city:
        data["address"] = {
            "@type": "PostalAddress",
            "streetAddress": employer.street,
            "postalCode": employer.postcode,
            "addressLocality": employer.city,
            "addressCountry": "DE",
        }
    if employer.website:
        data["sameAs"] = [employer.website]
    if employer.size:
        data["numberOfEmployees"] = {"@type": "QuantitativeValue", "description": employer.size}
    if listed.measures:
        data["knowsAbout"] = listed.measures
    return data
