"""schema.org JSON-LD of a published offer: a ``Service`` with its provider.

Search engines and other clients read it from ``<script type="application/ld+json">``.
The JSON is escaped like Django's ``json_script`` does (``<``, ``>``, ``&`` as
``\\u003C`` …), so text from an offer can never close the script element.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch
from django.utils.safestring import SafeString, mark_safe

from familienrathaus.offers.models import Offer

DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def partner_url(offer: Offer) -> str | None:
    """The public page of the offer's partner, if the partner is public and has one."""
    organisation = offer.organisation
    if not organisation.is_public:
        return None
    try:
        return organisation.get_absolute_url()
    except NoReverseMatch:  # the partners' pages are not installed
        return None


def offer_data(offer: Offer, *, absolute: Any) -> dict[str, Any]:
    """``absolute(path)`` turns a path into a full URL (``request.build_absolute_uri``)."""
    provider: dict[str, Any] = {"@type": "Organization", "name": offer.organisation.name}
    link = partner_url(offer)
    if link:
        provider["url"] = absolute(link)
    if offer.organisation.website:
        provider["sameAs"] = offer.organisation.website
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Service",
        "@id": absolute(offer.get_absolute_url()),
        "url": absolute(offer.get_absolute_url()),
        "name": offer.title,
        "description": offer.summary,
        "provider": provider,
        "serviceType": [theme.name for theme in offer.themes.all()],
    }
    districts = [district.name for district in offer.districts.all()]
    if districts:
        data["areaServed"] = [{"@type": "Place", "name": name} for name in districts]
    audiences = [audience.name for audience in offer.audiences.all()]
    if audiences:
        data["audience"] = [{"@type": "Audience", "audienceType": name} for name in audiences]
    if offer.age_min is not None or offer.age_max is not None:
        people: dict[str, Any] = {"@type": "PeopleAudience"}
        if offer.age_min is not None:
            people["suggestedMinAge"] = offer.age_min
        if offer.age_max is not None:
            people["suggestedMaxAge"] = offer.age_max
        data.setdefault("audience", []).append(people)
    languages = list(offer.languages.all())
    if languages:
        data["availableLanguage"] = [
            {"@type": "Language", "name": language.name, "alternateName": language.code}
            for language in languages
        ]
    price: dict[str, Any] = {"@type": "Offer", "priceCurrency": "EUR"}
    if offer.cost == Offer.Cost.FREE:
        price["price"] = 0
    if offer.cost_note:
        price["description"] = offer.cost_note
    data["offers"] = price
    hours = [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{DAYS[time.weekday]}",
            "opens": time.opens.strftime("%H:%M"),
            "closes": time.closes.strftime("%H:%M"),
        }
        for time in offer.times.all()
    ]
    if hours:
        data["hoursAvailable"] = hours
    channels = [_place_channel(location) for location in offer.locations.all()]
    if offer.online_url or offer.phone or offer.email:
        channel: dict[str, Any] = {"@type": "ServiceChannel"}
        if offer.online_url:
            channel["serviceUrl"] = offer.online_url
        if offer.phone:
            channel["servicePhone"] = {"@type": "ContactPoint", "telephone": offer.phone}
        if offer.email:
            channel.setdefault("servicePhone", {"@type": "ContactPoint"})["email"] = offer.email
        channels.append(channel)
    if channels:
        data["availableChannel"] = channels
    images = [absolute(image.image.url) for image in offer.images.all() if image.image]
    if images:
        data["image"] = images
    if offer.valid_from or offer.valid_until:
        # schema.org has no validity on Service; the Offer carries it.
        if offer.valid_from:
            price["validFrom"] = offer.valid_from.isoformat()
        if offer.valid_until:
            price["validThrough"] = offer.valid_until.isoformat()
    return data


def _place_channel(location: Any) -> dict[str, Any]:
    address = {
        "@type": "PostalAddress",
        "streetAddress": location.street,
        "postalCode": location.postcode,
        "addressLocality": location.city,
        "addressCountry": "DE",
    }
    place: dict[str, Any] = {"@type": "Place", "address": address}
    if location.label:
        place["name"] = location.label
    if location.latitude is not None and location.longitude is not None:
        place["geo"] = {
            "@type": "GeoCoordinates",
            "latitude": float(location.latitude),
            "longitude": float(location.longitude),
        }
    return {"@type": "ServiceChannel", "serviceLocation": place}


def script_tag(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308  escaped above
