"""The CSV/XLSX import of partner organisations (the framework is ``core.imports``).

One row is one organisation with at most one address. A row whose name (or short
name, if the file has that column) matches an existing organisation updates it
instead of adding a second one. A column the file does not have leaves the stored
values alone; an empty cell empties a text field, but keeps the kind and whether the
organisation is shown publicly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import imports, slugs
from familienrathaus.core.imports import Column, ImportSpec, Plan, Row, VocabularyLookup
from familienrathaus.core.models import District, User
from familienrathaus.partners.models import Address, Organisation

Kind = Organisation.Kind

KIND_ALIASES = {
    "e.V.": Kind.ASSOCIATION,
    "eingetragener Verein": Kind.ASSOCIATION,
    "Wohlfahrt": Kind.WELFARE,
    "Wohlfahrtsverband": Kind.WELFARE,
    "Kita": Kind.EDUCATION,
    "Schule": Kind.EDUCATION,
    "Kita/Schule": Kind.EDUCATION,
    "Kindertagesstätte": Kind.EDUCATION,
    "Bildung": Kind.EDUCATION,
    "Bildungseinrichtung": Kind.EDUCATION,
    "Firma": Kind.COMPANY,
    "Betrieb": Kind.COMPANY,
    "Arbeitgeber": Kind.COMPANY,
    "Behörde": Kind.ADMINISTRATION,
    "Stadtverwaltung": Kind.ADMINISTRATION,
    "Kommune": Kind.ADMINISTRATION,
    "Kirchengemeinde": Kind.CHURCH,
    "Arztpraxis": Kind.PRACTICE,
    "Laden": Kind.SHOP,
    "Einzelhandel": Kind.SHOP,
    "Geschäft": Kind.SHOP,
    "Sonstiges": Kind.OTHER,
    "Andere": Kind.OTHER,
}

# Column key → model field of the organisation.
ORGANISATION_FIELDS = {
    "name": "name",
    "slug": "slug",
    "kind": "kind",
    "description": "description",
    "website": "website",
    "email": "email",
    "phone": "phone",
    "is_public": "is_public",
}
ADDRESS_FIELDS = {
    "street": "street",
    "postcode": "postcode",
    "city": "city",
    "district": "district",
    "latitude": "latitude",
    "longitude": "longitude",
}
# An empty cell in these columns keeps the stored value (or the default).
KEEP_WHEN_EMPTY = {"kind", "is_public", "slug"}


@dataclass
class Context:
    by_slug: dict[str, Organisation]
    by_name: dict[str, Organisation]
    first_address: dict[int, Address]
    districts: VocabularyLookup
    slugs: set[str]
    seen: dict[Any, int] = field(default_factory=dict)


class PartnerImport(ImportSpec):
    resource = "partners"
    slug = "partner"
    label = gettext_lazy("Partner organisations")
    description = gettext_lazy(
        "One row per organisation, with at most one address. Existing organisations "
        "(same name or short name) are updated."
    )
    columns = (
        Column(
            "name",
            gettext_lazy("Name"),
            ("Organisation", "Partner", "Name der Organisation", "Partnerorganisation"),
            required=True,
            example="Familienzentrum Sonnenblume",
        ),
        Column(
            "slug",
            gettext_lazy("Short name"),
            ("Kurzname", "Kurzname in Adressen", "Slug", "Short name in addresses"),
            hint=gettext_lazy(
                "Optional: lower-case letters, digits and hyphens, used in the address of "
                "the partner's page; finds the partner even after a change of name."
            ),
        ),
        Column(
            "kind",
            gettext_lazy("Kind"),
            ("Art", "Typ", "Type", "Organisationsart", "Art der Organisation"),
            parse=imports.choice(Kind, KIND_ALIASES),
            example="Verein",
            hint=gettext_lazy("For example Verein, Wohlfahrtsverband, Kita/Schule, Unternehmen."),
        ),
        Column(
            "description",
            gettext_lazy("Description"),
            ("Beschreibung", "Über uns", "Text"),
            example="Offener Treff für Eltern mit Kindern bis 6 Jahre.",
        ),
        Column(
            "website",
            gettext_lazy("Website"),
            ("Webseite", "Internetseite", "Homepage", "Internet", "URL"),
            parse=imports.url(),
            example="https://www.sonnenblume.example",
        ),
        Column(
            "email",
            gettext_lazy("E-mail"),
            ("E-Mail", "Email", "Mail", "E-Mail-Adresse", "E-mail address"),
            parse=imports.email(),
            example="info@sonnenblume.example",
        ),
        Column(
            "phone",
            gettext_lazy("Phone"),
            ("Telefon", "Tel", "Telefonnummer", "Phone number"),
            parse=imports.text(50),
            example="02324 123456",
        ),
        Column(
            "street",
            gettext_lazy("Street and number"),
            ("Straße", "Strasse", "Str", "Straße und Hausnummer", "Adresse", "Anschrift", "Street"),
            parse=imports.text(150),
            example="Bahnhofstraße 5",
        ),
        Column(
            "postcode",
            gettext_lazy("Postcode"),
            ("PLZ", "Postleitzahl", "Zip", "Zip code"),
            parse=imports.postcode(),
            example="45525",
        ),
        Column(
            "city",
            gettext_lazy("Town"),
            ("Ort", "Stadt", "Wohnort", "City", "Town"),
            parse=imports.text(100),
            example="Musterstadt",
        ),
        Column(
            "district",
            gettext_lazy("District"),
            ("Ortsteil", "Stadtteil", "Bezirk", "District"),
            hint=gettext_lazy("One of the districts set up on the site."),
        ),
        Column(
            "latitude",
            gettext_lazy("Latitude"),
            ("Breitengrad", "Breite", "Lat", "Latitude"),
            parse=imports.decimal(Decimal(-90), Decimal(90)),
            example="51,3981",
        ),
        Column(
            "longitude",
            gettext_lazy("Longitude"),
            ("Längengrad", "Länge", "Lon", "Lng", "Long", "Longitude"),
            parse=imports.decimal(Decimal(-180), Decimal(180)),
            example="7,1864",
        ),
        Column(
            "is_public",
            gettext_lazy("Public"),
            ("Öffentlich", "Sichtbar", "Öffentlich sichtbar", "Shown publicly", "Public"),
            parse=imports.boolean(),
            example="ja",
            hint=gettext_lazy("ja or nein; empty: ja for new partners."),
        ),
    )

    def prepare(self, *, options: dict[str, Any], columns: frozenset[str]) -> Context:
        organisations = list(Organisation.objects.all())
        first_address: dict[int, Address] = {}
        for address in Address.objects.order_by("pk"):
            first_address.setdefault(address.organisation_id, address)
        return Context(
            by_slug={o.slug: o for o in organisations},
            by_name={o.name.casefold(): o for o in organisations},
            first_address=first_address,
            districts=VocabularyLookup(
                District.objects.all(), gettext_lazy("“%(value)s” is not a known district.")
            ),
            slugs={o.slug for o in organisations},
        )

    def plan(self, row: Row, context: Any) -> Plan | None:
        ctx: Context = context
        name: str | None = row.get("name")
        if name is None:
            return None
        slug: str | None = row.get("slug")
        existing = self._match(row, ctx, name, slug)
        key = existing.pk if existing is not None else name.casefold()
        if key in ctx.seen:
            row.error("name", _("This partner is already in row %(row)s.") % {"row": ctx.seen[key]})
            return None
        ctx.seen[key] = row.number

        organisation = existing or Organisation(name=name)
        before = _values(organisation, ORGANISATION_FIELDS.values()) if existing else {}
        for column, field_name in ORGANISATION_FIELDS.items():
            if not row.has(column):
                continue
            value = row.values[column]
            if value is None:
                if column in KEEP_WHEN_EMPTY:
                    continue
                value = ""
            setattr(organisation, field_name, value)
        if existing is None:
            if slug and slug in ctx.slugs:
                row.error("slug", _("This short name is already used in this file."))
            organisation.slug = slug or slugs.free_slug(
                Organisation, name, fallback="partner", is_taken=ctx.slugs.__contains__
            )
            ctx.slugs.add(organisation.slug)
        self.clean_model(organisation, row, _inverse(ORGANISATION_FIELDS))
        changes = _changed(before, _values(organisation, ORGANISATION_FIELDS.values()), existing)

        address, address_changes = self._address(row, ctx, existing)
        if row.errors:
            return None
        changes += address_changes
        if existing is None:
            action = imports.NEW
        else:
            action = imports.UPDATED if changes else imports.UNCHANGED
        return Plan(
            action=action,
            label=organisation.name,
            payload=(organisation, address if address_changes else None),
            changes=changes if existing is not None else [],
        )

    def _match(self, row: Row, ctx: Context, name: str, slug: str | None) -> Organisation | None:
        by_name = ctx.by_name.get(name.casefold())
        if slug:
            existing = ctx.by_slug.get(slug)
            if existing is None and by_name is not None:
                row.error(
                    "name",
                    _("A partner named “%(name)s” already exists with the short name “%(slug)s”.")
                    % {"name": by_name.name, "slug": by_name.slug},
                )
            elif existing is not None and by_name is not None and by_name != existing:
                row.error(
                    "name",
                    _("Another partner is already called “%(name)s”.") % {"name": by_name.name},
                )
            return existing
        return by_name or ctx.by_slug.get(slugs.german_slug(name))

    def _address(
        self, row: Row, ctx: Context, existing: Organisation | None
    ) -> tuple[Address | None, list[str]]:
        if not any(row.get(key) is not None for key in ADDRESS_FIELDS):
            return None, []
        stored = ctx.first_address.get(existing.pk) if existing is not None else None
        address = stored or Address()
        before = _values(address, ADDRESS_FIELDS.values()) if stored else {}
        for key in ADDRESS_FIELDS:
            if not row.has(key):
                continue
            value = row.values[key]
            if key == "district":
                district = None
                if value is not None:
                    district = ctx.districts.find(value)
                    if district is None:
                        row.error(key, ctx.districts.message(value))
                address.district = district
            elif value is None:
                setattr(address, key, None if key in {"latitude", "longitude"} else "")
            else:
                setattr(address, key, value)
        for key in ("street", "postcode", "city"):
            if not getattr(address, key) and not row.failed(key):
                row.error(
                    key if key in row.columns else "",
                    _("An address needs street and number, postcode and town."),
                )
        if (address.latitude is None) != (address.longitude is None):
            row.error(
                "longitude" if address.longitude is None else "latitude",
                _("Latitude and longitude go together: please give both or neither."),
            )
        # The district came from the database already: no need to look it up again.
        self.clean_model(
            address, row, _inverse(ADDRESS_FIELDS), exclude=["organisation", "district"]
        )
        after = _values(address, ADDRESS_FIELDS.values())
        if stored is None:
            return address, [str(Address._meta.verbose_name)]
        return address, _changed(before, after, stored)

    def save(self, plan: Plan, *, context: Any, actor: User | None) -> models.Model:
        organisation, address = plan.payload
        organisation.save()
        if address is not None:
            address.organisation = organisation
            address.save()
        return organisation

    def results_url(self) -> str:
        for name in ("partners:backoffice_list", "partners:list"):
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
        return ""


def _values(instance: models.Model, fields: Any) -> dict[str, Any]:
    values = {}
    for name in fields:
        attname = getattr(instance._meta.get_field(name), "attname", name)
        values[name] = getattr(instance, attname)
    return values


def _changed(before: dict[str, Any], after: dict[str, Any], existing: Any) -> list[str]:
    if existing is None:
        return []
    return [
        imports.field_label(type(existing), name)
        for name in after
        if _normalise(before.get(name)) != _normalise(after[name])
    ]


def _normalise(value: Any) -> Any:
    if isinstance(value, Decimal):
        return value.normalize()
    return value


def _inverse(mapping: dict[str, str]) -> dict[str, str]:
    return {field_name: key for key, field_name in mapping.items()}


imports.register(PartnerImport())
