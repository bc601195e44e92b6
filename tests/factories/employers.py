"""Factories for the FAMILIENbewusste Unternehmen programme (``employers``).

Import them from this module (``from tests.factories.employers import RoundFactory``).
The seeded catalogue v1 (eight fields of action) comes from the data migration:
``seeded_catalogue()`` returns it. ``CatalogueFactory`` makes a small one of its own
(two fields, two criteria each) when a test changes the catalogue.

Handy builders:

- ``team_member(employer)`` – a FAMILY account in the employer's team;
- ``jury_member(round)`` – a FAMILY account on the round's jury;
- ``ParticipationFactory(status=...)`` – an employer in a round (default: admitted);
- ``answer_all(participation, score=2)`` – every criterion of its catalogue answered.
"""

from __future__ import annotations

import importlib
from datetime import timedelta
from typing import Any

import factory
from django.apps import apps as django_apps
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.core.models import User
from familienrathaus.employers.models import (
    AnnualCheck,
    Answer,
    Catalogue,
    Certificate,
    Criterion,
    Employer,
    EmployerMember,
    Evaluation,
    FieldOfAction,
    JuryMember,
    Measure,
    MeasureTemplate,
    Participation,
    Round,
    Talk,
)
from tests.factories.core import UserFactory

SEEDED_CATALOGUE = "FAMILIENbewusstes Unternehmen"


def reseed() -> None:
    """Put back what the data migration seeds (catalogue v1, the measures catalogue):
    a live-server test's flush removes it for every test that runs after it."""
    seeding = importlib.import_module("familienrathaus.employers.migrations.0002_seed_catalogue")
    seeding.seed(django_apps, None)


def seeded_catalogue() -> Catalogue:
    """Catalogue v1 with the eight fields of action, from the data migration."""
    return Catalogue.objects.filter(name=SEEDED_CATALOGUE).order_by("version").first() or (
        CatalogueFactory(name=SEEDED_CATALOGUE)
    )


# ------------------------------------------------------------------ catalogue


class CatalogueFactory(DjangoModelFactory):
    """A small catalogue: two fields with two criteria each (the first a minimum)."""

    class Meta:
        model = Catalogue
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Katalog {n}")
    version = 1

    @factory.post_generation
    def with_fields(obj: Catalogue, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``CatalogueFactory(with_fields=False)`` makes an empty catalogue."""
        if not create or extracted is False:
            return
        for fpos, (key, name) in enumerate(
            [("arbeitszeit", "Arbeitszeit"), ("service-familien", "Service für Familien")],
            start=1,
        ):
            field = FieldOfAction.objects.create(catalogue=obj, position=fpos, name=name, key=key)
            for cpos in (1, 2):
                Criterion.objects.create(
                    field=field,
                    position=cpos,
                    text=f"{name}: Aussage {cpos}",
                    minimum=cpos == 1,
                    evidence_wanted=cpos == 2,
                    key=f"{key}-{cpos}",
                )


class FieldOfActionFactory(DjangoModelFactory):
    class Meta:
        model = FieldOfAction

    catalogue = factory.SubFactory(CatalogueFactory, with_fields=False)
    position = factory.Sequence(lambda n: n)
    name = factory.Sequence(lambda n: f"Handlungsfeld {n}")
    key = factory.Sequence(lambda n: f"feld-{n}")


class CriterionFactory(DjangoModelFactory):
    class Meta:
        model = Criterion

    field = factory.SubFactory(FieldOfActionFactory)
    position = factory.Sequence(lambda n: n)
    text = factory.Sequence(lambda n: f"Aussage {n}")
    key = factory.Sequence(lambda n: f"aussage-{n}")


# ------------------------------------------------------------------ rounds


class RoundFactory(DjangoModelFactory):
    """A round open for applications, starting in a week, with the seeded catalogue."""

    class Meta:
        model = Round

    name = factory.Sequence(lambda n: f"Runde {2027 + n}")
    slug = factory.Sequence(lambda n: f"runde-{2027 + n}")
    catalogue = factory.LazyFunction(seeded_catalogue)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=7))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=200))
    application_until = None
    max_employers = None
    status = Round.Status.OPEN
    certificate_years = 3
    signed_by = "Oberbürgermeisterin Erika Muster, Koordinatorin Petra Beispiel"


class JuryMemberFactory(DjangoModelFactory):
    class Meta:
        model = JuryMember

    round = factory.SubFactory(RoundFactory)
    user = factory.SubFactory(UserFactory)


def jury_member(round: Round, **user: Any) -> User:
    """A plain account on the round's jury."""
    return JuryMemberFactory(round=round, user=UserFactory(**user)).user


# ------------------------------------------------------------------ employers


class EmployerFactory(DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Musterfirma {n} GmbH")
    slug = factory.Sequence(lambda n: f"musterfirma-{n}")
    size = Employer.Size.SMALL
    sector = Employer.Sector.SERVICES
    street = "Hauptstraße 1"
    postcode = "59065"
    city = "Hamm"
    email = factory.Sequence(lambda n: f"personal{n}@firma.example")


class EmployerMemberFactory(DjangoModelFactory):
    class Meta:
        model = EmployerMember

    employer = factory.SubFactory(EmployerFactory)
    user = factory.SubFactory(UserFactory)
    role = EmployerMember.Role.CONTACT
    name = factory.LazyAttribute(lambda o: o.user.name)


def team_member(
    employer: Employer, *, role: str = EmployerMember.Role.CONTACT, **user: Any
) -> User:
    """A plain account in the employer's team."""
    return EmployerMemberFactory(employer=employer, user=UserFactory(**user), role=role).user


# ------------------------------------------------------------------ participation


class ParticipationFactory(DjangoModelFactory):
    class Meta:
        model = Participation

    round = factory.SubFactory(RoundFactory)
    employer = factory.SubFactory(EmployerFactory)
    status = Participation.Status.ADMITTED


class AnswerFactory(DjangoModelFactory):
    class Meta:
        model = Answer

    participation = factory.SubFactory(ParticipationFactory)
    criterion = factory.LazyAttribute(
        lambda o: (
            Criterion.objects.filter(field__catalogue=o.participation.round.catalogue)
            .order_by("field__position", "position")
            .first()
        )
    )
    score = Answer.Score.PARTLY


def answer_all(participation: Participation, *, score: int = Answer.Score.PARTLY) -> list[Answer]:
    """Every criterion of the participation's catalogue answered with ``score``."""
    criteria = Criterion.objects.filter(field__catalogue_id=participation.round.catalogue_id)
    return [
        Answer.objects.update_or_create(
            participation=participation, criterion=criterion, defaults={"score": score}
        )[0]
        for criterion in criteria
    ]


# ------------------------------------------------------------------ measures


class MeasureTemplateFactory(DjangoModelFactory):
    class Meta:
        model = MeasureTemplate

    title = factory.Sequence(lambda n: f"Maßnahme {n}")
    field_key = "arbeitszeit"
    position = factory.Sequence(lambda n: 1000 + n)


class MeasureFactory(DjangoModelFactory):
    class Meta:
        model = Measure

    participation = factory.SubFactory(ParticipationFactory)
    title = "Flexible Arbeitszeiten"
    owner = "Personalabteilung"
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=90))
    status = Measure.Status.PLANNED


# ------------------------------------------------------------------ evaluation, certificates


class TalkFactory(DjangoModelFactory):
    class Meta:
        model = Talk

    participation = factory.SubFactory(ParticipationFactory)
    kind = Talk.Kind.MANAGEMENT
    held_on = factory.LazyFunction(timezone.localdate)
    participants = "Geschäftsführung, Koordinatorin"


class EvaluationFactory(DjangoModelFactory):
    class Meta:
        model = Evaluation

    participation = factory.SubFactory(ParticipationFactory, status=Participation.Status.EVALUATION)


class CertificateFactory(DjangoModelFactory):
    """A valid certificate of a certified participation."""

    class Meta:
        model = Certificate

    participation = factory.SubFactory(ParticipationFactory, status=Participation.Status.CERTIFIED)
    number = factory.Sequence(lambda n: f"FBU-2027-{n + 1:04d}")
    employer = factory.LazyAttribute(lambda o: o.participation.employer)
    round = factory.LazyAttribute(lambda o: o.participation.round)
    employer_name = factory.LazyAttribute(lambda o: o.participation.employer.name)
    issued_on = factory.LazyFunction(timezone.localdate)
    valid_until = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=3 * 365))
    signed_by = "Oberbürgermeisterin Erika Muster"


class AnnualCheckFactory(DjangoModelFactory):
    class Meta:
        model = AnnualCheck

    certificate = factory.SubFactory(CertificateFactory)
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
