"""schema.org JSON-LD of a place page: a ``Place`` with address, geo and opening hours."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from familienrathaus.places import hours
from familienrathaus.places.models import Place

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def place_data(
    place: Place, *, absolute: Callable[[str], str], intervals: Sequence[hours.Interval]
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Place",
        "name": place.name,
        "url": absolute(place.get_absolute_url()),
        "address": {
            "@type": "PostalAddress",
            "streetAddress": place.street,
            "postalCode": place.postcode,
            "addressLocality": place.city,
            "addressCountry": "DE",
        },
    }
    if place.description:
        data["description"] = place.description
    if place.latitude is not None and place.longitude is not None:
        data["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(place.latitude),
            "longitude": float(place.longitude),
        }
    if intervals:
        data["openingHoursSpecification"] = hours.schema_specification(intervals)
    if place.phone:
        data["telephone"] = place.phone
    if place.photo:
        data["photo"] = {
            "@type": "ImageObject",
            "contentUrl": absolute(place.photo.url),
            "description": place.photo_alt,
        }
    features = [
        {"@type": "LocationFeatureSpecification", "name": label, "value": True}
        for label in place.amenity_labels()
    ]
    if features:
        data["amenityFeature"] = features
    return data


def script_tag(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308  escaped above
