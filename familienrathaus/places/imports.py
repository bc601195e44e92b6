"""The CSV/XLSX import of places (the framework is ``core.imports``).

One row is one place. A row with the name and street of a stored place updates it.
The columns are those of the export (``/verwaltung/orte/?format=csv``), so a
downloaded list can be edited in Excel and imported again. Coordinates are given
in the file (no geocoding); opening hours in the short form "Mo–Fr 9–18, Sa 9–13".
A column the file does not have leaves the stored values alone.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import imports, slugs
from familienrathaus.core.imports import Column, ImportSpec, Plan, Row, VocabularyLookup
from familienrathaus.core.models import District, User
from familienrathaus.partners.models import Organisation
from familienrathaus.places import geojson, hours
from familienrathaus.places.models import Amenity, OpeningHours, Place, PlaceKind

FIELDS = {
    "name": "name",
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "latitude": "latitude",
    "longitude": "longitude",
    "amenities": "amenities",
    "accessibility": "accessibility",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "published": "is_published",
}
AMENITY_ALIASES = {
    "Wickeltisch": Amenity.CHANGING_TABLE,
    "Wickelplatz": Amenity.CHANGING_TABLE,
    "Stillraum": Amenity.NURSING_ROOM,
    "Stillecke": Amenity.NURSING_ROOM,
    "stufenlos": Amenity.STEP_FREE,
    "barrierefrei": Amenity.STEP_FREE,
    "WC": Amenity.TOILET,
    "Toilette": Amenity.TOILET,
}


def _hours(value: str) -> list[hours.Interval]:
    try:
        return hours.parse(value)
    except hours.HoursError as error:
        raise imports.CellError(str(error)) from error


@dataclass
class Context:
    places: dict[tuple[str, str], Place]
    kind_ids: dict[int, set[int]]
    hours_text: dict[int, str]
    kinds: VocabularyLookup
    districts: VocabularyLookup
    organisations: VocabularyLookup
    slugs: set[str]
    seen: dict[tuple[str, str], int] = field(default_factory=dict)


class PlaceImport(ImportSpec):
    resource = "places"
    slug = "orte"
    label = gettext_lazy("Places on the map")
    description = gettext_lazy(
        "One row per place with its coordinates. A place with the same name and street is updated."
    )
    columns = (
        Column(
            "name",
            gettext_lazy("Name"),
            ("Bezeichnung", "Einrichtung", "Place"),
            required=True,
            parse=imports.text(200),
            example="Stadtbibliothek",
        ),
        Column(
            "kinds",
            gettext_lazy("Kinds"),
            ("Arten", "Art", "Kategorie", "Kind"),
            required=True,
            example="Still- und Wickelort",
            hint=gettext_lazy("One or more, separated by “,” or “|”."),
        ),
        Column(
            "street",
            gettext_lazy("Street and number"),
            ("Straße", "Strasse", "Adresse", "Street"),
            required=True,
            parse=imports.text(150),
            example="Rathausplatz 1",
        ),
        Column(
            "postcode",
            gettext_lazy("Postcode"),
            ("PLZ", "Postleitzahl"),
            required=True,
            parse=imports.postcode(),
            example="12345",
        ),
        Column(
            "city",
            gettext_lazy("Town"),
            ("Ort", "Stadt", "Gemeinde", "City", "Town"),
            required=True,
            parse=imports.text(100),
            example="Musterstadt",
        ),
        Column("district", gettext_lazy("District"), ("Ortsteil", "Stadtteil")),
        Column(
            "latitude",
            gettext_lazy("Latitude"),
            ("Breitengrad", "Breite", "lat", "Latitude"),
            parse=imports.decimal(Decimal(-90), Decimal(90)),
            example="51.400150",
        ),
        Column(
            "longitude",
            gettext_lazy("Longitude"),
            ("Längengrad", "Länge", "lon", "lng", "Longitude"),
            parse=imports.decimal(Decimal(-180), Decimal(180)),
            example="7.189630",
        ),
        Column(
            "opening_hours",
            gettext_lazy("Opening hours"),
            ("Öffnungszeiten", "Zeiten", "Opening hours"),
            parse=_hours,
            example="Mo–Fr 8–18, Sa 9–13",
        ),
        Column(
            "amenities",
            gettext_lazy("Amenities"),
            ("Ausstattung", "Amenities"),
            parse=imports.choices_list(Amenity, AMENITY_ALIASES),
            example="Wickeltisch, Toilette",
        ),
        Column(
            "accessibility",
            gettext_lazy("Accessibility"),
            ("Barrierefreiheit",),
            parse=imports.text(2000),
        ),
        Column("phone", gettext_lazy("Phone"), ("Telefon", "Tel"), parse=imports.text(50)),
        Column("email", gettext_lazy("E-mail"), ("E-Mail", "Mail"), parse=imports.email()),
        Column(
            "website", gettext_lazy("Website"), ("Webseite", "Internet", "URL"), parse=imports.url()
        ),
        Column("partner", gettext_lazy("Partner"), ("Partnerorganisation", "Träger")),
        Column(
            "published",
            gettext_lazy("Shown on the map"),
            ("Auf der Karte", "Sichtbar", "Veröffentlicht"),
            parse=imports.boolean(),
            example="ja",
        ),
    )

    def prepare(self, *, options: dict[str, Any], columns: frozenset[str]) -> Context:
        places = {(p.name.casefold(), p.street.casefold()): p for p in Place.objects.all()}
        kind_ids: dict[int, set[int]] = {}
        for place_id, kind_id in Place.kinds.through.objects.values_list(
            "place_id", "placekind_id"
        ):
            kind_ids.setdefault(place_id, set()).add(kind_id)
        hours_rows: dict[int, list[hours.Interval]] = {}
        for row in OpeningHours.objects.order_by("weekday", "opens"):
            hours_rows.setdefault(row.place_id, []).append(
                hours.Interval(row.weekday, row.opens, row.closes)
            )
        return Context(
            places=places,
            kind_ids=kind_ids,
            hours_text={pk: hours.format_intervals(rows) for pk, rows in hours_rows.items()},
            kinds=VocabularyLookup(
                PlaceKind.objects.all(), gettext_lazy("“%(value)s” is not a known kind of place.")
            ),
            districts=VocabularyLookup(
                District.objects.all(), gettext_lazy("“%(value)s” is not a known district.")
            ),
            organisations=VocabularyLookup(
                Organisation.objects.all(),
                gettext_lazy("There is no partner “%(value)s” yet. Please add it first."),
            ),
            slugs=set(Place.objects.values_list("slug", flat=True)),
        )

    def plan(self, row: Row, context: Any) -> Plan | None:
        ctx: Context = context
        name, street = row.get("name"), row.get("street")
        if name is None or street is None:
            return None
        key = (name.casefold(), street.casefold())
        if key in ctx.seen:
            row.error("name", _("This place is already in row %(row)s.") % {"row": ctx.seen[key]})
            return None
        ctx.seen[key] = row.number
        existing = ctx.places.get(key)
        place = existing or Place()
        before = _values(place) if existing else {}
        for column, field_name in FIELDS.items():
            if not row.has(column):
                continue
            value = row.values[column]
            if value is None:
                value = {"amenities": [], "latitude": None, "longitude": None}.get(column, "")
                if column == "published":
                    value = True
            setattr(place, field_name, value)
        if row.has("district"):
            text = row.get("district")
            place.district = ctx.districts.find(text) if text else None
            if text and place.district is None:
                row.error("district", ctx.districts.message(text))
        if row.has("partner"):
            text = row.get("partner")
            place.organisation = ctx.organisations.find(text) if text else None
            if text and place.organisation is None:
                row.error("partner", ctx.organisations.message(text))
        current_kinds = set(ctx.kind_ids.get(existing.pk, set())) if existing else set()
        found, problems = ctx.kinds.resolve(row.get("kinds", ""))
        for problem in problems:
            row.error("kinds", problem)
        wanted_kinds = {kind.pk for kind in found}
        if not wanted_kinds and not row.failed("kinds"):
            row.error("kinds", _("Every place needs at least one kind."))
        current_hours = ctx.hours_text.get(existing.pk, "") if existing else ""
        intervals: list[hours.Interval] | None = None
        if row.has("opening_hours"):
            intervals = row.values["opening_hours"] or []
        if existing is None:
            place.slug = slugs.free_slug(
                Place, name, fallback="ort", is_taken=ctx.slugs.__contains__
            )
            ctx.slugs.add(place.slug)
        if row.failed("latitude") or row.failed("longitude"):
            place.latitude = place.longitude = None  # reported already; no second message
        self.clean_model(
            place,
            row,
            {f: k for k, f in FIELDS.items()},
            exclude=["district", "organisation", "slug"],
        )
        if row.errors:
            return None
        payload = (place, wanted_kinds, intervals)
        label = f"{place.name} ({place.street})"
        if existing is None:
            return Plan(imports.NEW, label, payload)
        changes = [
            imports.field_label(Place, name)
            for name, value in _values(place).items()
            if before[name] != value
        ]
        if wanted_kinds != current_kinds:
            changes.append(imports.field_label(Place, "kinds"))
        if intervals is not None and hours.format_intervals(intervals) != current_hours:
            changes.append(str(_("Opening hours")))
        return Plan(
            imports.UPDATED if changes else imports.UNCHANGED, label, payload, changes=changes
        )

    def save(self, plan: Plan, *, context: Any, actor: User | None) -> models.Model:
        place, kinds, intervals = plan.payload
        place.save()
        place.kinds.set(kinds)
        if intervals is not None:
            place.hours.all().delete()
            OpeningHours.objects.bulk_create(
                [
                    OpeningHours(place=place, weekday=i.weekday, opens=i.opens, closes=i.closes)
                    for i in intervals
                ]
            )
        return place

    def finish(self, saved: list[models.Model], *, context: Any) -> None:
        geojson.invalidate()

    def example_row(self) -> dict[str, str]:
        example = super().example_row()
        district = District.objects.first()
        example["district"] = district.name if district else ""
        return example

    def results_url(self) -> str:
        return reverse("places:backoffice_list")


def _values(place: Place) -> dict[str, Any]:
    values = {name: getattr(place, name) for name in FIELDS.values()}
    values["district"] = place.district_id
    values["organisation"] = place.organisation_id
    return values


imports.register(PlaceImport())
