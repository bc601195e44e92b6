"""An offer's content as plain JSON values, and writing such values back.

The same shape serves three purposes: the edit form starts from it, a change proposal
to a published offer is stored in it (``Offer.pending_changes["values"]``), and the
review page compares two of them side by side::

    {"title": "…", "summary": "…", …, "valid_from": "2026-01-31" | None,
     "themes": [1, 4], "audiences": [], "districts": [2], "languages": [1],
     "times": [{"weekday": 1, "opens": "09:00", "closes": "11:00", "note": ""}],
     "locations": [{"label": "", "street": "…", "postcode": "…", "city": "…",
                    "district": 2 | None, "latitude": "51.4" | None, "longitude": …}],
     "images": [{"id": 7, "alt_text": "…"}], "attachments": [{"id": 3, "title": "…"}]}
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from familienrathaus.core import audit, slugs, translated, translated_forms
from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.offers.models import (
    Offer,
    OfferAttachment,
    OfferImage,
    OfferLocation,
    OfferTime,
)

SCALAR_FIELDS = [
    "title",
    "summary",
    "description",
    "age_min",
    "age_max",
    "cost",
    "cost_note",
    "accessibility",
    "online_url",
    "phone",
    "email",
    "times_note",
    "valid_from",
    "valid_until",
    *translated_forms.names(Offer, ("title", "summary", "description", "cost_note", "times_note")),
]
DATE_FIELDS = {"valid_from", "valid_until"}
M2M_FIELDS: dict[str, type[models.Model]] = {
    "themes": Theme,
    "audiences": Audience,
    "districts": District,
    "languages": Language,
}
TIME_FIELDS = ["weekday", "opens", "closes", "note"]
LOCATION_FIELDS = ["label", "street", "postcode", "city", "district", "latitude", "longitude"]
# Every key of a content dict, in the order the review page lists them.
KEYS = [*SCALAR_FIELDS, *M2M_FIELDS, "times", "locations", "images", "attachments"]


def offer_content(offer: Offer) -> dict[str, Any]:
    """What is stored now (without uploads that wait for review)."""
    content: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        value = translated.stored(offer, name)
        if name in DATE_FIELDS:
            value = value.isoformat() if value else None
        elif name == "accessibility":
            value = list(value or [])
        content[name] = value
    if offer.pk is None:
        for name in M2M_FIELDS:
            content[name] = []
        content.update(times=[], locations=[], images=[], attachments=[])
        return content
    for name in M2M_FIELDS:
        content[name] = sorted(getattr(offer, name).values_list("pk", flat=True))
    content["times"] = [
        {
            "weekday": t.weekday,
            "opens": t.opens.strftime("%H:%M"),
            "closes": t.closes.strftime("%H:%M"),
            "note": t.note,
        }
        for t in offer.times.all()
    ]
    content["locations"] = [
        {
            "label": loc.label,
            "street": loc.street,
            "postcode": loc.postcode,
            "city": loc.city,
            "district": loc.district_id,
            "latitude": _decimal_text(loc.latitude),
            "longitude": _decimal_text(loc.longitude),
        }
        for loc in offer.locations.all()
    ]
    content["images"] = [
        {"id": image.pk, "alt_text": image.alt_text}
        for image in offer.images.filter(is_pending=False)
    ]
    content["attachments"] = [
        {"id": a.pk, "title": a.title} for a in offer.attachments.filter(is_pending=False)
    ]
    return content


def working_content(offer: Offer) -> dict[str, Any]:
    """What its editors work on: the change proposal if there is one, else the offer."""
    pending = offer.pending_changes or {}
    if pending.get("values"):
        return {**offer_content(offer), **pending["values"]}
    return offer_content(offer)


def apply_content(offer: Offer, content: dict[str, Any]) -> dict[str, Any]:
    """Write content (complete or partial) to the offer; returns the audit diff."""
    before = offer_content(offer)
    for name in SCALAR_FIELDS:
        if name not in content:
            continue
        value = content[name]
        if name in DATE_FIELDS and isinstance(value, str):
            value = dt.date.fromisoformat(value) if value else None
        if name == "accessibility":
            value = list(value or [])
        setattr(offer, name, value)
    if not offer.slug:
        offer.slug = unique_slug(offer.title)
    offer.full_clean()
    offer.save()
    for name in M2M_FIELDS:
        if name in content:
            getattr(offer, name).set(content[name])
    if "times" in content:
        offer.times.all().delete()
        for row in content["times"]:
            time = OfferTime(
                offer=offer,
                weekday=int(row["weekday"]),
                opens=_parse_time(row["opens"]),
                closes=_parse_time(row["closes"]),
                note=row.get("note") or "",
            )
            time.full_clean()
            time.save()
    if "locations" in content:
        offer.locations.all().delete()
        for row in content["locations"]:
            location = OfferLocation(
                offer=offer,
                label=row.get("label") or "",
                street=row["street"],
                postcode=row["postcode"],
                city=row["city"],
                district_id=row.get("district"),
                latitude=_decimal(row.get("latitude")),
                longitude=_decimal(row.get("longitude")),
            )
            location.full_clean()
            location.save()
    if "images" in content:
        _apply_files(offer.images.all(), content["images"], "alt_text")
    if "attachments" in content:
        _apply_files(offer.attachments.all(), content["attachments"], "title")
    return audit.diff(_flat(before), _flat(offer_content(offer)))


def discard_uploads(
    offer: Offer, content: dict[str, Any], keep: dict[str, Any] | None = None
) -> None:
    """Delete uploads that wait for review in ``content`` and are not in ``keep``."""
    for key, model in (("images", OfferImage), ("attachments", OfferAttachment)):
        kept = {row.get("id") for row in (keep or {}).get(key, [])}
        ids = [row.get("id") for row in content.get(key, []) if row.get("id") not in kept]
        for upload in model.objects.filter(offer=offer, is_pending=True, pk__in=ids):
            _delete_with_file(upload)


def store_uploads(offer: Offer, content: dict[str, Any], *, pending: bool) -> dict[str, Any]:
    """Save new uploads (rows with an ``upload`` file) and put their ids in their place."""
    content = dict(content)
    for key, model, text in (
        ("images", OfferImage, "alt_text"),
        ("attachments", OfferAttachment, "title"),
    ):
        if key not in content:
            continue
        rows = []
        for row in content[key]:
            if row.get("upload") is not None:
                upload = model(offer=offer, is_pending=pending, **{text: row[text]})
                field_name = "image" if key == "images" else "file"
                getattr(upload, field_name).save(row["upload"].name, row["upload"], save=False)
                upload.full_clean()
                upload.save()
                rows.append({"id": upload.pk, text: row[text]})
            else:
                rows.append({"id": row["id"], text: row[text]})
        content[key] = rows
    return content


def unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    """Never a word the addresses use themselves (``mine``): see core.slugs."""
    return slugs.unique_slug(Offer, title, fallback="angebot", exclude_pk=exclude_pk)


def _apply_files(queryset: models.QuerySet[Any], rows: list[dict[str, Any]], text: str) -> None:
    wanted = {int(row["id"]): row[text] for row in rows if row.get("id")}
    for upload in queryset:
        if upload.pk not in wanted:
            _delete_with_file(upload)
            continue
        changed = upload.is_pending or getattr(upload, text) != wanted[upload.pk]
        if changed:
            upload.is_pending = False
            setattr(upload, text, wanted[upload.pk])
            upload.full_clean()
            upload.save()


def _delete_with_file(upload: OfferImage | OfferAttachment) -> None:
    stored = upload.image if isinstance(upload, OfferImage) else upload.file
    upload.delete()
    if stored:
        stored.delete(save=False)


def _flat(content: dict[str, Any]) -> dict[str, Any]:
    """Lists as sorted text, so the audit log shows them readably."""
    return {
        key: (repr(value) if isinstance(value, list) else value) for key, value in content.items()
    }


def _decimal(value: Any) -> Decimal | None:
    if value in (None, ""):
        return None
    return Decimal(str(value))


def _decimal_text(value: Decimal | None) -> str | None:
    return None if value is None else format(value.normalize(), "f")


def _parse_time(value: Any) -> dt.time:
    if isinstance(value, dt.time):
        return value
    try:
        return dt.time.fromisoformat(str(value))
    except ValueError as exc:
        raise ValidationError({"times": f"Not a time: {value!r}"}) from exc
