"""schema.org JSON-LD for the partner page.

The block is a ``<script type="application/ld+json">``: data, never executed, so the
strict Content-Security-Policy allows it. Partners write the values, so ``<``, ``>``
and ``&`` are written as JSON escapes: nothing in the data can close the script
element or open another one.
"""

from __future__ import annotations

import html
import json
from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

from familienrathaus.core import markdown
from familienrathaus.partners.models import Address, ContactPerson, Organisation

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def dumps(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308  no character that could end the script element


def _address(address: Address) -> dict[str, Any]:
    return {
        "@type": "PostalAddress",
        "streetAddress": address.street,
        "postalCode": address.postcode,
        "addressLocality": address.city,
        "addressCountry": "DE",
    }


def organisation(
    request: HttpRequest,
    organisation: Organisation,
    *,
    addresses: Iterable[Address],
    contacts: Iterable[ContactPerson],
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": request.build_absolute_uri(organisation.get_absolute_url()),
    }
    if organisation.description:
        # Plain text: the Markdown rendered (and sanitised), then without its tags.
        text = html.unescape(strip_tags(markdown.render(organisation.description)))
        data["description"] = " ".join(text.split())[:1000]
    if organisation.logo:
        data["logo"] = request.build_absolute_uri(organisation.logo.url)
    if organisation.email:
        data["email"] = organisation.email
    if organisation.phone:
        data["telephone"] = organisation.phone
    same_as = [
        url
        for url in (
            organisation.website,
            organisation.facebook_url,
            organisation.instagram_url,
            organisation.mastodon_url,
        )
        if url
    ]
    if same_as:
        data["sameAs"] = same_as
    addresses = list(addresses)
    if addresses:
        data["address"] = [_address(address) for address in addresses]
        places = []
        for address in addresses:
            if address.latitude is None or address.longitude is None:
                continue
            places.append(
                {
                    "@type": "Place",
                    "address": _address(address),
                    "geo": {
                        "@type": "GeoCoordinates",
                        "latitude": float(address.latitude),
                        "longitude": float(address.longitude),
                    },
                }
            )
        if places:
            data["location"] = places
    contact_points = []
    for contact in contacts:
        point: dict[str, Any] = {"@type": "ContactPoint", "name": contact.name}
        if contact.role:
            point["contactType"] = contact.role
        if contact.email:
            point["email"] = contact.email
        if contact.phone:
            point["telephone"] = contact.phone
        contact_points.append(point)
    if contact_points:
        data["contactPoint"] = contact_points
    return data
