"""The CSV/XLSX import of subscribers (framework: ``core.imports``).

Only addresses with a consent proof are imported: when the consent was given, the
wording version, and when the address was confirmed (double opt-in elsewhere, e.g.
the alliance's previous newsletter tool). Imported addresses are subscribed at once.
An address already stored is left alone (unchanged): an import never re-subscribes
somebody who unsubscribed here. Neither does a file with a status column (such as
our own export) re-subscribe anybody who unsubscribed or was disabled there: only
its "subscribed" rows are imported.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from familienrathaus.core import imports
from familienrathaus.core.imports import CellError, Column, ImportSpec, Plan, Row, VocabularyLookup
from familienrathaus.core.models import User
from familienrathaus.newsletter.models import Subscriber, Topic


def moment() -> imports.Parser:
    def parse(value: str) -> dt.datetime:
        value = value.strip()
        for pattern in (
            "%Y-%m-%dT%H:%M:%S%z",
            "%Y-%m-%d %H:%M:%S",
            "%Y-%m-%d %H:%M",
            "%d.%m.%Y %H:%M:%S",
            "%d.%m.%Y %H:%M",
            "%Y-%m-%d",
            "%d.%m.%Y",
        ):
            try:
                parsed = dt.datetime.strptime(value, pattern)
            except ValueError:
                continue
            if timezone.is_naive(parsed):
                parsed = timezone.make_aware(parsed)
            return parsed
        try:
            parsed = dt.datetime.fromisoformat(value)
        except ValueError:
            raise CellError(_("Please give a date and time like 31.12.2025 14:30.")) from None
        return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)

    return parse


class SubscriberImport(ImportSpec):
    resource = "newsletter_subscribers"
    slug = "infobrief-abonnenten"
    label = gettext_lazy("Newsletter subscribers")
    description = gettext_lazy(
        "One row per confirmed address, with the proof of consent: when it was given, "
        "the version of the wording, and when the address was confirmed."
    )
    columns = (
        Column(
            "email",
            gettext_lazy("E-mail"),
            ("E-Mail", "Adresse", "Mail"),
            required=True,
            parse=imports.email(),
            example="familie@example.org",
        ),
        Column(
            "language", gettext_lazy("Language"), ("Sprache",), parse=imports.text(10), example="de"
        ),
        Column("topics", gettext_lazy("Topics"), ("Themen",), example=""),
        Column(
            "consent_at",
            gettext_lazy("Consent given at"),
            ("Einwilligung am", "Einwilligung"),
            required=True,
            parse=moment(),
            example="01.03.2025 10:00",
        ),
        Column(
            "consent_version",
            gettext_lazy("Wording version"),
            ("Version", "Version der Einwilligung"),
            required=True,
            parse=imports.text(40),
            example="2025-01",
        ),
        Column(
            "consent_text",
            gettext_lazy("Wording"),
            ("Einwilligungstext", "Text"),
            example="Ich möchte den Familien-Infobrief erhalten.",
        ),
        Column(
            "confirmed_at",
            gettext_lazy("Confirmed at"),
            ("Bestätigt am", "Bestätigung"),
            required=True,
            parse=moment(),
            example="01.03.2025 10:05",
        ),
        # Optional; our own export has it. Only "subscribed" rows are imported, so
        # that moving a list never re-subscribes anybody who unsubscribed there.
        Column(
            "status",
            gettext_lazy("Status"),
            ("Status",),
            parse=imports.choice(Subscriber.Status),
            example="",
        ),
    )

    def prepare(self, *, options: dict[str, Any], columns: frozenset[str]) -> Any:
        return {
            "existing": set(Subscriber.objects.values_list("email", flat=True)),
            "topics": VocabularyLookup(
                Topic.objects.all(), gettext_lazy("“%(value)s” is not a known topic.")
            ),
            "seen": {},
            "languages": {code for code, _name in settings.LANGUAGES},
        }

    def plan(self, row: Row, context: Any) -> Plan | None:
        email: str | None = row.get("email")
        if email is None:
            return None
        email = email.strip().lower()
        if email in context["seen"]:
            row.error(
                "email",
                _("This address is already in row %(row)s.") % {"row": context["seen"][email]},
            )
            return None
        context["seen"][email] = row.number
        status = row.get("status")
        if email in context["existing"] or status not in {None, Subscriber.Status.ACTIVE}:
            return Plan(action=imports.UNCHANGED, label=email, payload=None, row=row.number)
        language = (row.get("language") or settings.LANGUAGE_CODE).lower()
        if language not in context["languages"]:
            row.error(
                "language",
                _("Please give one of: %(codes)s.")
                % {"codes": ", ".join(sorted(context["languages"]))},
            )
        topics, problems = context["topics"].resolve(row.get("topics") or "")
        for problem in problems:
            row.error("topics", problem)
        confirmed = row.get("confirmed_at")
        given = row.get("consent_at")
        if confirmed and given and confirmed < given:
            row.error("confirmed_at", _("The confirmation cannot be before the consent."))
        subscriber = Subscriber(
            email=email,
            language=language,
            status=Subscriber.Status.ACTIVE,
            source=Subscriber.Source.IMPORT,
            consent_requested_at=given,
            consent_version=row.get("consent_version") or "",
            consent_text=row.get("consent_text") or "",
            confirmed_at=confirmed,
        )
        self.clean_model(subscriber, row, {"email": "email", "language": "language"})
        if row.errors:
            return None
        return Plan(action=imports.NEW, label=email, payload=(subscriber, topics), row=row.number)

    def save(self, plan: Plan, *, context: Any, actor: User | None) -> models.Model:
        subscriber, topics = plan.payload
        subscriber.save()
        if topics:
            subscriber.topics.set(topics)
        return subscriber

    def results_url(self) -> str:
        return reverse("newsletter:subscribers")


imports.register(SubscriberImport())
