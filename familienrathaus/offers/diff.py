"""The review page's side-by-side comparison of a published offer and proposed changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from familienrathaus.core.models import District
from familienrathaus.offers import content
from familienrathaus.offers.models import Offer, OfferAttachment, OfferImage, OfferTime

LABELS: dict[str, str | Promise] = {
    "title": _("Title"),
    "summary": _("Short summary"),
    "description": _("Description"),
    "age_min": _("From age"),
    "age_max": _("Up to age"),
    "cost": _("Cost"),
    "cost_note": _("About the cost"),
    "accessibility": _("Accessibility"),
    "online_url": _("Online"),
    "phone": _("Phone"),
    "email": _("E-mail"),
    "times_note": _("About the times"),
    "valid_from": _("Valid from"),
    "valid_until": _("Valid until"),
    "themes": _("Themes"),
    "audiences": _("Audiences"),
    "districts": _("Districts"),
    "languages": _("Languages"),
    "times": _("Times"),
    "locations": _("Locations"),
    "images": _("Pictures"),
    "attachments": _("PDF documents"),
}


@dataclass
class Row:
    key: str
    label: str | Promise
    before: list[str]
    after: list[str]
    # Pictures in the proposal, for the reviewer to look at: (url, alt text, new?).
    pictures: list[tuple[str, str, bool]] = field(default_factory=list)
    long_text: bool = False


def rows(current: dict[str, Any], proposed: dict[str, Any]) -> list[Row]:
    """One row per field whose proposed value differs from the current one."""
    result = []
    for key in content.KEYS:
        if key not in proposed or _same(proposed[key], current.get(key)):
            continue
        row = Row(
            key=key,
            label=label(key),
            before=display(key, current.get(key)),
            after=display(key, proposed[key]),
            long_text=key == "description",
        )
        if key == "images":
            known = {
                image.pk: image
                for image in OfferImage.objects.filter(pk__in=[r.get("id") for r in proposed[key]])
            }
            row.pictures = [
                (known[r["id"]].image.url, r.get("alt_text", ""), known[r["id"]].is_pending)
                for r in proposed[key]
                if r.get("id") in known
            ]
        result.append(row)
    return result


def _same(proposed: Any, current: Any) -> bool:
    """Equal, or both empty: a form sends "" for a translation the database has as None."""
    return proposed == current or (proposed in (None, "") and current in (None, ""))


def label(key: str) -> str | Promise:
    """``title`` is "Title" (the German text); ``title_tr`` is "Title (Turkish)"."""
    if key in LABELS:
        return LABELS[key]
    name, _sep, language = key.rpartition("_")
    return format_lazy("{} ({})", LABELS[name], dict(settings.LANGUAGES)[language])


def display(key: str, value: Any) -> list[str]:
    """A value as lines of readable text."""
    if value in (None, "", []):
        return []
    if key in content.M2M_FIELDS:
        model = content.M2M_FIELDS[key]
        names = dict(model.objects.filter(pk__in=value).values_list("pk", "name"))  # type: ignore[attr-defined]
        return [str(names.get(pk, pk)) for pk in value]
    if key == "cost":
        return [str(Offer.Cost(value).label) if value in Offer.Cost.values else str(value)]
    if key == "accessibility":
        labels = dict(Offer.Accessibility.choices)
        return [str(labels.get(item, item)) for item in value]
    if key == "times":
        days = dict(OfferTime.Weekday.choices)
        return [
            f"{days.get(int(t['weekday']), t['weekday'])} {t['opens']}–{t['closes']}"
            + (f" ({t['note']})" if t.get("note") else "")
            for t in value
        ]
    if key == "locations":
        districts = dict(District.objects.values_list("pk", "name"))
        lines = []
        for loc in value:
            parts = [
                loc.get("label"),
                loc.get("street"),
                f"{loc.get('postcode', '')} {loc.get('city', '')}".strip(),
            ]
            if loc.get("district"):
                parts.append(districts.get(loc["district"], ""))
            if loc.get("latitude") is not None:
                parts.append(f"{loc['latitude']}, {loc['longitude']}")
            lines.append(", ".join(str(p) for p in parts if p))
        return lines
    if key == "images":
        return [str(row.get("alt_text", "")) for row in value]
    if key == "attachments":
        names = dict(
            OfferAttachment.objects.filter(pk__in=[r.get("id") for r in value]).values_list(
                "pk", "file"
            )
        )
        return [
            f"{row.get('title', '')} ({str(names.get(row.get('id'), '')).rsplit('/', 1)[-1]})"
            for row in value
        ]
    return [str(value)]
