"""The CSV/XLSX import of offers (the framework is ``core.imports``).

One row is one offer of an existing partner. A row with the partner and title of a
stored offer updates that offer; new offers become drafts or are published right
away, as the coordinator chooses in the upload form; existing offers keep their
status. Themes, audiences, districts and languages are named (or given by their
short names) and separated by "," or "|". A column the file does not have leaves
the stored values alone; an empty cell empties the field, but keeps the cost.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import imports, slugs, tenancy
from familienrathaus.core.imports import Column, ImportSpec, Plan, Row, VocabularyLookup
from familienrathaus.core.models import Audience, District, Language, Theme, User
from familienrathaus.offers import search
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Organisation

Cost = Offer.Cost
Accessibility = Offer.Accessibility

COST_ALIASES = {
    "kostenlos": Cost.FREE,
    "kostenfrei": Cost.FREE,
    "gebührenfrei": Cost.FREE,
    "gratis": Cost.FREE,
    "umsonst": Cost.FREE,
    "frei": Cost.FREE,
    "nein": Cost.FREE,
    "Gebühr": Cost.FEE,
    "mit Gebühr": Cost.FEE,
    "gebührenpflichtig": Cost.FEE,
    "kostenpflichtig": Cost.FEE,
    "ja": Cost.FEE,
    "ermäßigt": Cost.REDUCED,
    "Ermäßigung": Cost.REDUCED,
    "Ermäßigung möglich": Cost.REDUCED,
    "ermäßigte Gebühr": Cost.REDUCED,
}
ACCESSIBILITY_ALIASES = {
    "stufenlos": Accessibility.STEP_FREE,
    "barrierefrei": Accessibility.STEP_FREE,
    "rollstuhlgerecht": Accessibility.STEP_FREE,
    "stufenloser Zugang": Accessibility.STEP_FREE,
    "Behindertentoilette": Accessibility.ACCESSIBLE_TOILET,
    "barrierefreies WC": Accessibility.ACCESSIBLE_TOILET,
    "barrierefreie Toilette": Accessibility.ACCESSIBLE_TOILET,
    "Gebärdensprache": Accessibility.SIGN_LANGUAGE,
    "Leichte Sprache": Accessibility.EASY_LANGUAGE,
    "Induktionsschleife": Accessibility.HEARING_LOOP,
    "Kinderbetreuung": Accessibility.CHILD_CARE,
}

# Column key → model field of a scalar value.
FIELDS = {
    "title": "title",
    "summary": "summary",
    "description": "description",
    "age_min": "age_min",
    "age_max": "age_max",
    "cost": "cost",
    "cost_note": "cost_note",
    "accessibility": "accessibility",
    "phone": "phone",
    "email": "email",
    "online_url": "online_url",
    "times_note": "times_note",
    "valid_from": "valid_from",
    "valid_until": "valid_until",
}
TAGS = ("themes", "audiences", "districts", "languages")
KEEP_WHEN_EMPTY = {"cost"}
NULL_WHEN_EMPTY = {"age_min", "age_max", "valid_from", "valid_until"}


class OfferImportOptions(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("New offers"),
        choices=[
            (Offer.Status.DRAFT, gettext_lazy("are saved as drafts")),
            (Offer.Status.PUBLISHED, gettext_lazy("are published right away")),
        ],
        initial=Offer.Status.DRAFT,
        help_text=gettext_lazy("Offers that already exist keep their status."),
    )


@dataclass
class Context:
    status: str
    organisations: VocabularyLookup
    offers: dict[tuple[int, str], Offer]
    tags: dict[str, dict[int, set[int]]]  # "themes" → offer id → ids
    lookups: dict[str, VocabularyLookup]
    slugs: set[str]
    seen: dict[tuple[int, str], int] = field(default_factory=dict)
    new_tags: list[tuple[int, dict[str, set[int]]]] = field(default_factory=list)


class OfferImport(ImportSpec):
    resource = "offers"
    slug = "angebote"
    label = gettext_lazy("Offers")
    description = gettext_lazy(
        "One row per offer of a partner that already exists. An offer with the same "
        "partner and title is updated."
    )
    options_form = OfferImportOptions
    columns = (
        Column(
            "partner",
            gettext_lazy("Partner"),
            ("Organisation", "Partnerorganisation", "Anbieter", "Träger", "Einrichtung"),
            required=True,
            hint=gettext_lazy("The name or short name of a partner on the site."),
        ),
        Column(
            "title",
            gettext_lazy("Title"),
            ("Titel", "Name des Angebots", "Angebot", "Bezeichnung", "Offer"),
            required=True,
            parse=imports.text(200),
            example="Offenes Elterncafé",
        ),
        Column(
            "summary",
            gettext_lazy("Summary"),
            ("Kurzbeschreibung", "Zusammenfassung", "Kurztext", "Teaser", "Short summary"),
            required=True,
            parse=imports.text(300),
            example="Austausch und Beratung für Eltern mit Babys, jeden Dienstag.",
        ),
        Column(
            "description",
            gettext_lazy("Description"),
            ("Beschreibung", "Text", "Langbeschreibung"),
            example="Im **Elterncafé** treffen sich Eltern mit Kindern bis 3 Jahre.",
            hint=gettext_lazy("Markdown."),
        ),
        Column(
            "themes",
            gettext_lazy("Themes"),
            ("Themenfelder", "Themenfeld", "Thema", "Themen", "Theme"),
            required=True,
            hint=gettext_lazy("One or more, separated by “,” or “|”."),
        ),
        Column(
            "audiences",
            gettext_lazy("Audiences"),
            ("Zielgruppen", "Zielgruppe", "Für wen", "Audience"),
            hint=gettext_lazy("One or more, separated by “,” or “|”."),
        ),
        Column(
            "districts",
            gettext_lazy("Districts"),
            ("Ortsteile", "Ortsteil", "Stadtteile", "Stadtteil", "District"),
            hint=gettext_lazy("One or more, separated by “,” or “|”."),
        ),
        Column(
            "languages",
            gettext_lazy("Languages"),
            ("Sprachen", "Sprache", "Language"),
            hint=gettext_lazy("Names or codes such as de, en, tr."),
        ),
        Column(
            "age_min",
            gettext_lazy("From age"),
            ("Alter von", "Ab Alter", "Alter ab", "Mindestalter", "Age from", "Age min"),
            parse=imports.integer(0, 120),
            example="0",
        ),
        Column(
            "age_max",
            gettext_lazy("Up to age"),
            ("Alter bis", "Bis Alter", "Höchstalter", "Age to", "Age max"),
            parse=imports.integer(0, 120),
            example="3",
        ),
        Column(
            "cost",
            gettext_lazy("Cost"),
            ("Kosten", "Preis", "Gebühr"),
            parse=imports.choice(Cost, COST_ALIASES),
            example="kostenlos",
            hint=gettext_lazy("kostenlos, Gebühr or ermäßigt; empty: kostenlos for new offers."),
        ),
        Column(
            "cost_note",
            gettext_lazy("About the cost"),
            ("Zu den Kosten", "Hinweis zu den Kosten", "Kostenhinweis", "Cost note"),
            parse=imports.text(300),
        ),
        Column(
            "accessibility",
            gettext_lazy("Accessibility"),
            ("Barrierefreiheit", "Barrierefrei"),
            parse=imports.choices_list(Accessibility, ACCESSIBILITY_ALIASES),
            hint=gettext_lazy("For example stufenlos, Gebärdensprache, Leichte Sprache."),
        ),
        Column(
            "phone",
            gettext_lazy("Phone"),
            ("Telefon", "Tel", "Telefonnummer"),
            parse=imports.text(50),
            example="02324 123456",
        ),
        Column(
            "email",
            gettext_lazy("E-mail"),
            ("E-Mail", "Email", "Mail", "E-Mail-Adresse"),
            parse=imports.email(),
            example="elterncafe@sonnenblume.example",
        ),
        Column(
            "online_url",
            gettext_lazy("Online"),
            ("Link", "Online-Angebot", "Online URL", "Webseite", "Website", "Internet", "URL"),
            parse=imports.url(),
        ),
        Column(
            "times_note",
            gettext_lazy("Times"),
            ("Zeiten", "Termine", "Öffnungszeiten", "About the times"),
            parse=imports.text(300),
            example="dienstags 9–11 Uhr",
        ),
        Column(
            "valid_from",
            gettext_lazy("Valid from"),
            ("Gültig ab", "Gültig von", "Beginn", "Start"),
            parse=imports.date(),
            example="01.02.2026",
            hint=gettext_lazy("A date like 31.12.2026."),
        ),
        Column(
            "valid_until",
            gettext_lazy("Valid until"),
            ("Gültig bis", "Ende", "End"),
            parse=imports.date(),
            hint=gettext_lazy("A date like 31.12.2026."),
        ),
    )

    def prepare(self, *, options: dict[str, Any], columns: frozenset[str]) -> Context:
        offers = {
            (offer.organisation_id, offer.title.casefold()): offer for offer in Offer.objects.all()
        }
        tags: dict[str, dict[int, set[int]]] = {}
        for name in TAGS:
            relation = getattr(Offer, name)
            through = relation.through
            target = relation.field.m2m_reverse_field_name()
            ids: dict[int, set[int]] = defaultdict(set)
            # The through table has no alliance of its own: the offers' says whose tags.
            tags_here = through.objects.filter(offer__alliance=tenancy.require())
            for offer_id, tag_id in tags_here.values_list("offer_id", f"{target}_id"):
                ids[offer_id].add(tag_id)
            tags[name] = ids
        return Context(
            status=options.get("status") or Offer.Status.DRAFT,
            organisations=VocabularyLookup(
                Organisation.objects.all(),
                gettext_lazy("There is no partner “%(value)s” yet. Please add it first."),
            ),
            offers=offers,
            tags=tags,
            lookups={
                "themes": VocabularyLookup(
                    Theme.objects.all(), gettext_lazy("“%(value)s” is not a known theme.")
                ),
                "audiences": VocabularyLookup(
                    Audience.objects.all(), gettext_lazy("“%(value)s” is not a known audience.")
                ),
                "districts": VocabularyLookup(
                    District.objects.all(), gettext_lazy("“%(value)s” is not a known district.")
                ),
                "languages": VocabularyLookup(
                    Language.objects.all(), gettext_lazy("“%(value)s” is not a known language.")
                ),
            },
            slugs=set(Offer.objects.values_list("slug", flat=True)),
        )

    def plan(self, row: Row, context: Any) -> Plan | None:
        ctx: Context = context
        partner_name: str | None = row.get("partner")
        title: str | None = row.get("title")
        organisation = None
        if partner_name is not None:
            organisation = ctx.organisations.find(partner_name)
            if organisation is None:
                row.error("partner", ctx.organisations.message(partner_name))
        if organisation is None or title is None:
            return None
        key = (organisation.pk, title.casefold())
        if key in ctx.seen:
            row.error("title", _("This offer is already in row %(row)s.") % {"row": ctx.seen[key]})
            return None
        ctx.seen[key] = row.number

        existing = ctx.offers.get(key)
        offer = existing or Offer(organisation=organisation, status=ctx.status)
        before = _values(offer) if existing else {}
        for column, field_name in FIELDS.items():
            if not row.has(column):
                continue
            value = row.values[column]
            if value is None:
                if column in KEEP_WHEN_EMPTY:
                    continue
                value = (
                    None if column in NULL_WHEN_EMPTY else [] if column == "accessibility" else ""
                )
            setattr(offer, field_name, value)

        current = {
            name: set(ctx.tags[name].get(existing.pk, set())) if existing else set()
            for name in TAGS
        }
        wanted = dict(current)
        for name in TAGS:
            if not row.has(name):
                continue
            found, problems = ctx.lookups[name].resolve(row.values[name] or "")
            for problem in problems:
                row.error(name, problem)
            wanted[name] = {entry.pk for entry in found}
        if not wanted["themes"] and not row.failed("themes"):
            row.error("themes", _("Every offer needs at least one theme."))

        if (
            offer.age_min is not None
            and offer.age_max is not None
            and offer.age_max < offer.age_min
        ):
            row.error("age_max", _("The upper age is lower than the lower age."))
        if (
            isinstance(offer.valid_from, dt.date)
            and isinstance(offer.valid_until, dt.date)
            and offer.valid_until < offer.valid_from
        ):
            row.error("valid_until", _("The offer would end before it begins."))

        if existing is None:
            offer.slug = slugs.free_slug(
                Offer, title, fallback="angebot", is_taken=ctx.slugs.__contains__
            )
            ctx.slugs.add(offer.slug)
            if offer.status == Offer.Status.PUBLISHED:
                offer.published_at = timezone.now()
        # The partner came from the database already: no need to look it up again.
        self.clean_model(
            offer,
            row,
            {field_name: key for key, field_name in FIELDS.items()},
            exclude=["organisation", "created_by"],
        )
        if row.errors:
            return None

        if existing is None:
            return Plan(imports.NEW, f"{offer.title} ({organisation.name})", (offer, wanted, True))
        changes = [
            imports.field_label(Offer, name)
            for name, value in _values(offer).items()
            if before[name] != value
        ]
        changes += [
            imports.field_label(Offer, name) for name in TAGS if wanted[name] != current[name]
        ]
        tags_changed = {name: wanted[name] for name in TAGS if wanted[name] != current[name]}
        return Plan(
            imports.UPDATED if changes else imports.UNCHANGED,
            f"{offer.title} ({organisation.name})",
            (offer, tags_changed, False),
            changes=changes,
        )

    def save(self, plan: Plan, *, context: Any, actor: User | None) -> models.Model:
        ctx: Context = context
        offer, tags, is_new = plan.payload
        if is_new:
            offer.created_by = actor
            offer.save()
            # The tags of new offers are inserted together in finish(): one query per
            # kind instead of several per offer.
            ctx.new_tags.append((offer.pk, tags))
            return offer
        offer.save()
        for name, ids in tags.items():
            getattr(offer, name).set(ids)
        return offer

    def finish(self, saved: list[models.Model], *, context: Any) -> None:
        ctx: Context = context
        for name in TAGS:
            relation = getattr(Offer, name)
            target = relation.field.m2m_reverse_field_name()
            relation.through.objects.bulk_create(
                [
                    relation.through(offer_id=offer_id, **{f"{target}_id": tag_id})
                    for offer_id, tags in ctx.new_tags
                    for tag_id in sorted(tags[name])
                ],
                batch_size=1000,
            )
        self._reindex(saved, ctx)

    def _reindex(self, saved: list[models.Model], ctx: Context) -> None:
        """Bring the search index up to date (``offers.search``)."""
        new = {offer_id for offer_id, _tags in ctx.new_tags}
        # A new draft has no entry in the index of published offers: nothing to do.
        offers = [
            offer
            for offer in saved
            if offer.pk not in new or getattr(offer, "status", "") == Offer.Status.PUBLISHED
        ]
        if not offers:
            return
        reindex_many = getattr(search, "reindex_many", None)
        if reindex_many is not None:
            reindex_many(offers)
            return
        # Measured: reindex() takes about 9 ms per offer, reindex_all() about 1 ms per
        # published offer. For a large share of the offers one rebuild is faster.
        reindex_all = getattr(search, "reindex_all", None)
        published = Offer.objects.filter(status=Offer.Status.PUBLISHED).count()
        if reindex_all is not None and len(offers) >= 100 and len(offers) * 4 >= published:
            reindex_all()
            return
        reindex = getattr(search, "reindex", None)
        if reindex is not None:
            for offer in offers:
                reindex(offer)

    def example_row(self) -> dict[str, str]:
        example = super().example_row()
        partner = Organisation.objects.order_by("name").first()
        example["partner"] = partner.name if partner else "Familienzentrum Sonnenblume"
        for name, model in (("themes", Theme), ("audiences", Audience)):
            entries = list(model.objects.all()[:2])
            example[name] = " | ".join(entry.name for entry in entries)
        district = District.objects.first()
        example["districts"] = district.name if district else ""
        example["languages"] = "de, en"
        return example

    def results_url(self) -> str:
        for name in ("offers:backoffice_list", "offers:list"):
            try:
                return reverse(name)
            except NoReverseMatch:
                continue
        return ""


def _values(offer: Offer) -> dict[str, Any]:
    return {name: getattr(offer, name) for name in FIELDS.values()}


imports.register(OfferImport())
