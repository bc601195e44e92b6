"""Demo of the FAMILIENbewusste Unternehmen programme in Musterstadt, for local use only.

Two rounds with the seeded catalogue:

- "Runde 2023–2025", finished: seven certified employers (the city administration
  among them, whose certificate expires in about two months; the bakery's certificate
  was revoked), with workshops in the past.
- "Runde 2026/27", running: six employers at different steps – one applied, one
  admitted, the St. Marien-Hospital in the middle of its self-assessment, the
  Evangelisches Krankenhaus submitted (the two hospitals plan a joint large day-care
  group and household services), a car dealer in the evaluation with talks and the
  jury's recommendation, and the city administration re-certifying from its last
  assessment. Three workshops, one of them past; a jury of the coordinator and an
  invited member.

Everything is written through the programme's services (rounds, admission, workshops,
jury, assessment, measures, evaluation, certificates), so the demo is what the screens
would have made. Their mails to the demo's made-up addresses are taken out of the
outbox again. Logins (demo password): ``arbeitgeber@musterstadt.example`` (team of the
St. Marien-Hospital), ``jury@musterstadt.example`` (jury of the running round).
Loading again creates nothing once the first demo round exists.
"""

from __future__ import annotations

import datetime as dt
import random
from datetime import time

from django.utils import timezone

from familienrathaus.core import calendar
from familienrathaus.core.demo import ensure_user
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.employers.models import (
    Catalogue,
    Criterion,
    Employer,
    EmployerMember,
    JuryMember,
    MeasureTemplate,
    Participation,
    Round,
)
from familienrathaus.employers.services import assessment, certificates, evaluation, measures
from familienrathaus.employers.services import programme as services
from familienrathaus.employers.services.registration import register_employer
from familienrathaus.partners.models import Organisation

FINISHED = "runde-2023-2025"
RUNNING = "runde-2026-27"
CONTACT_LOGIN = "arbeitgeber@musterstadt.example"
JURY_LOGIN = "jury@musterstadt.example"
SEED = 18

S, E = Employer.Sector, Employer.Size
# name, sector, size, city part, partner organisation (joins as employer), public text
EMPLOYERS = {
    "verwaltung": ("Stadtverwaltung Musterstadt", S.PUBLIC, E.LARGE, "Rathausplatz 1", "",
                   "Gleitzeit ohne Kernzeit, Homeoffice bis zu drei Tage die Woche, ein "
                   "Eltern-Kind-Büro im Rathaus und Beratung für Beschäftigte, die Angehörige "
                   "pflegen."),
    "stadtwerke": ("Stadtwerke Musterstadt GmbH", S.SERVICES, E.LARGE, "Am Wasserwerk 4",
                   "Stadtwerke Musterstadt GmbH",
                   "Planbare Schichtpläne, Belegplätze in zwei Kitas und ein Zuschuss zur "
                   "Kinderbetreuung."),
    "sparkasse": ("Sparkasse Musterstadt", S.SERVICES, E.LARGE, "Marktstraße 12",
                  "Sparkasse Musterstadt",
                  "Teilzeit auch in Führung, Kontakthalteprogramm in der Elternzeit und "
                  "Ferienbetreuung für Kinder der Beschäftigten."),
    "caritas": ("Caritasverband Musterstadt", S.SOCIAL, E.LARGE, "Kolpingstraße 3", "",
                "Dienstpläne nach Familienzeiten, Notfallbetreuung und eine Familienservice-"
                "Stelle für alle Beschäftigten."),
    "tischlerei": ("Tischlerei Holzwurm", S.CRAFTS, E.SMALL, "Werkstattweg 7", "",
                   "Arbeitszeiten nach Absprache und ein Zuschuss zur Kinderbetreuung."),
    "baeckerei": ("Bäckerei Sonnenkorn", S.CRAFTS, E.SMALL, "Brotgasse 2", "", ""),
    "pflegedienst": ("Pflegedienst Lebenswert", S.HEALTH, E.MEDIUM, "Lindenallee 20", "",
                     "Touren, die zu Kita-Zeiten passen, und kurzfristige Freistellung in "
                     "familiären Notfällen."),
    "marien": ("St. Marien-Hospital Musterstadt", S.HEALTH, E.LARGE, "Klosterstraße 9", "",
               ""),
    "evk": ("Evangelisches Krankenhaus Musterstadt", S.HEALTH, E.LARGE, "Parkstraße 30", "",
            ""),
    "autohaus": ("Autohaus Schneider", S.TRADE, E.MEDIUM, "Industriestraße 44", "", ""),
    "hotel": ("Hotel am Stadtpark", S.HOSPITALITY, E.SMALL, "Parkallee 1", "", ""),
    "nordlicht": ("IT-Service Nordlicht", S.SERVICES, E.SMALL, "Hafenstraße 5", "", ""),
}  # fmt: skip
CERTIFIED = ["verwaltung", "stadtwerke", "sparkasse", "caritas", "tischlerei", "baeckerei",
             "pflegedienst"]  # fmt: skip

JOINT_DAYCARE = (
    "Gemeinsame Großtagespflege der Krankenhäuser",
    "Zusammen mit dem anderen Krankenhaus eine Großtagespflege mit neun Plätzen und "
    "Betreuungszeiten ab 6 Uhr für Kinder von Beschäftigten im Schichtdienst.",
)
HOUSEHOLD = (
    "Haushaltsnahe Dienstleistungen gemeinsam vermitteln",
    "Ein gemeinsamer Vertrag beider Krankenhäuser mit einem Dienstleister für Wäsche, "
    "Einkäufe und Reinigung zu vergünstigten Preisen.",
)


def _user(key: str, name: str) -> User:
    email = CONTACT_LOGIN if key == "marien" else f"personal.{key}@musterstadt.example"
    return ensure_user(email, name, Role.FAMILY)[0]


def _employer(key: str, coordinator: User) -> tuple[Employer, User]:
    name, sector, size, street, partner, text = EMPLOYERS[key]
    person = {
        "marien": "Maria Personal",
        "evk": "Erik Evers",
        "verwaltung": "Vera Verwaltung",
    }.get(key, f"Personalleitung {name.split()[0]}")
    user = _user(key, person)
    organisation = Organisation.objects.filter(name=partner).first() if partner else None
    if organisation is not None and Employer.objects.filter(organisation=organisation).exists():
        organisation = None
    employer = register_employer(
        user=user,
        values={
            "name": name,
            "size": size,
            "sector": sector,
            "street": street,
            "postcode": "12345",
            "city": "Musterstadt",
            "email": f"personal.{key}@musterstadt.example",
            "phone": "01234 5678-0",
            "public_text": text,
        },
        member_name=person,
        position="Personalleitung",
        organisation=organisation,
    )
    return employer, user


def _round(
    coordinator: User, *, slug: str, name: str, starts: dt.date, ends: dt.date, description: str
) -> Round:
    round_ = services.save_round(
        actor=coordinator,
        round_=None,
        values={
            "name": name,
            "catalogue": Catalogue.objects.order_by("version").first(),
            "starts_on": starts,
            "ends_on": ends,
            "application_until": None,
            "max_employers": 12,
            "certificate_years": 3,
            "signed_by": "Oberbürgermeisterin Dr. Erika Muster, Koordinatorin Petra Koordinatorin",
            "description": description,
        },
    )
    Round.objects.filter(pk=round_.pk).update(slug=slug)
    round_.slug = slug
    services.set_round_status(actor=coordinator, round_=round_, status=Round.Status.OPEN)
    return round_


def _workshops(coordinator: User, round_: Round, days: list[tuple[dt.date, str]]) -> None:
    for planned, title in days:
        day = planned  # a workshop is on a working day, never between the years
        while not calendar.is_working_day(day) or (day.month == 12 and day.day >= 24):
            day += dt.timedelta(days=1)
        services.add_workshop(
            actor=coordinator,
            round_=round_,
            values={
                "title": title,
                "day": day,
                "start_time": time(9),
                "end_time": time(12, 30),
                "venue_name": "Wirtschaftsförderung Musterstadt, Saal 1",
                "street": "Rathausplatz 3",
                "postcode": "12345",
                "city": "Musterstadt",
                "places": 24,
                "description": "Für die Teams der teilnehmenden Arbeitgeber.",
            },
        )


def _answer(
    participation: Participation, user: User, rnd: random.Random, *, share: float = 1.0
) -> None:
    criteria = list(
        Criterion.objects.filter(field__catalogue_id=participation.round.catalogue_id)
        .select_related("field")
        .order_by("field__position", "position")
    )
    count = round(len(criteria) * share)
    for criterion in criteria[:count]:
        existing = participation.answers.filter(criterion=criterion).first()
        score = min(3, max(1 if criterion.minimum else 0, rnd.choice([0, 1, 2, 2, 3, 3])))
        assessment.save_answer(
            participation=participation,
            criterion=criterion,
            actor=user,
            data=assessment.AnswerInput(
                score=score,
                comment="Gilt für alle Bereiche außer dem Schichtdienst."
                if rnd.random() < 0.15
                else "",
                evidence_text="Dienstvereinbarung vom Januar, im Intranet veröffentlicht."
                if criterion.evidence_wanted
                else "",
            ),
            version=existing.version if existing else 0,
        )


def _measures(participation: Participation, user: User, rnd: random.Random, today: dt.date) -> None:
    templates = list(MeasureTemplate.objects.filter(active=True).order_by("position"))
    for template in rnd.sample(templates, 3):
        measure = measures.adopt(participation=participation, template=template, actor=user)
        data = measures.MeasureInput(
            title=measure.title,
            description=measure.description,
            field=measure.field,
            owner="Personalabteilung",
            due_on=today + dt.timedelta(days=rnd.randint(60, 300)),
            status=rnd.choice(["planned", "in_progress", "done"]),
        )
        measures.update(measure=measure, actor=user, data=data)


def _joint(participation: Participation, user: User, today: dt.date) -> None:
    field = participation.round.catalogue.fields.filter(key="service-familien").first()
    for (title, description), due, status in (
        (JOINT_DAYCARE, 240, "in_progress"),
        (HOUSEHOLD, 150, "planned"),
    ):
        measures.create(
            participation=participation,
            actor=user,
            data=measures.MeasureInput(
                title=title,
                description=description,
                field=field,
                owner="Personalleitungen beider Krankenhäuser",
                due_on=today + dt.timedelta(days=due),
                status=status,
            ),
        )


def _dated(participation: Participation, day: dt.date) -> None:
    """The demo's assessments were handed in on their own days, not all today."""
    submitted = timezone.make_aware(dt.datetime.combine(day, dt.time(10, 30)))
    Participation.objects.filter(pk=participation.pk).update(submitted_at=submitted)


def load() -> int:
    if Round.objects.filter(slug__in=[FINISHED, RUNNING]).exists():
        return 0
    if not Catalogue.objects.exists():
        return 0
    outbox_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    today = timezone.localdate()
    rnd = random.Random(SEED)  # noqa: S311  (demo data, not a secret)
    coordinator = ensure_user("koordination@musterstadt.example", "Petra Koordinatorin",
                              Role.COORDINATOR, totp=True)[0]  # fmt: skip
    jury = ensure_user(JURY_LOGIN, "Jens Jury (IHK)", Role.FAMILY)[0]
    created = 0
    people: dict[str, tuple[Employer, User]] = {}
    for key in EMPLOYERS:
        people[key] = _employer(key, coordinator)
        created += 1

    # ---------------------------------------------------------------- finished round
    finished = _round(
        coordinator,
        slug=FINISHED,
        name="Runde 2023–2025",
        starts=today - dt.timedelta(days=1100),
        ends=today - dt.timedelta(days=380),
        description="Die erste Runde mit der Wirtschaftsförderung: drei Workshops, "
        "Stärken-Schwächen-Analyse, Maßnahmen und Jury.",
    )
    _workshops(
        coordinator,
        finished,
        [
            (today - dt.timedelta(days=1080), "Workshop 1: Familienbewusste Personalpolitik"),
            (today - dt.timedelta(days=1000), "Workshop 2: Von der Analyse zu Maßnahmen"),
        ],
    )
    JuryMember.objects.get_or_create(round=finished, user=coordinator)
    for key in CERTIFIED:
        employer, user = people[key]
        participation = services.apply(actor=user, employer=employer, round_=finished)
        services.admit(actor=coordinator, participation=participation)
    services.set_round_status(actor=coordinator, round_=finished, status=Round.Status.RUNNING)
    for index, key in enumerate(CERTIFIED):
        employer, user = people[key]
        participation = Participation.objects.get(round=finished, employer=employer)
        _answer(participation, user, rnd)
        _measures(participation, user, rnd, today - dt.timedelta(days=700))
        assessment.submit(participation=participation, actor=user)
        evaluation.record_talk(
            participation,
            actor=coordinator,
            kind="management",
            held_on=today - dt.timedelta(days=900),
            participants="Geschäftsführung, Personalleitung, Koordinatorin",
        )
        # The city administration, the pilot, was decided first: its certificate runs out
        # in about two months and it re-certifies in the running round.
        decided = today - dt.timedelta(days=1035 if key == "verwaltung" else 420 + index)
        _dated(participation, decided - dt.timedelta(days=35))
        evaluation.decide(
            participation,
            actor=coordinator,
            decision="certified",
            reasons="Alle Mindestanforderungen erfüllt; überzeugender Maßnahmenplan.",
            on=decided,
        )
    services.set_round_status(actor=coordinator, round_=finished, status=Round.Status.FINISHED)
    bakery = Participation.objects.get(round=finished, employer=people["baeckerei"][0])
    certificates.revoke(
        bakery.certificate,
        actor=coordinator,
        reason="Die Notfallbetreuung und die Gleitzeitregelung wurden eingestellt; "
        "die Bäckerei hat dies selbst mitgeteilt.",
    )

    # ---------------------------------------------------------------- running round
    running = _round(
        coordinator,
        slug=RUNNING,
        name="Runde 2026/27",
        starts=today - dt.timedelta(days=60),
        ends=today + dt.timedelta(days=240),
        description="Mit den beiden Krankenhäusern, die an einer gemeinsamen "
        "Großtagespflege arbeiten.",
    )
    _workshops(
        coordinator,
        running,
        [
            (today - dt.timedelta(days=30), "Workshop 1: Bestandsaufnahme im Betrieb"),
            (today + dt.timedelta(days=21), "Workshop 2: Maßnahmen planen"),
            (today + dt.timedelta(days=70), "Workshop 3: Gute Beispiele und Austausch"),
        ],
    )
    JuryMember.objects.get_or_create(round=running, user=coordinator)
    JuryMember.objects.get_or_create(round=running, user=jury)
    steps = {
        "marien": "assessing",
        "evk": "submitted",
        "verwaltung": "follow_up",
        "autohaus": "evaluation",
        "hotel": "admitted",
        "nordlicht": "applied",
    }
    rows: dict[str, Participation] = {}
    for key, step in steps.items():
        employer, user = people[key]
        rows[key] = services.apply(
            actor=user,
            employer=employer,
            round_=running,
            note="Wir möchten gemeinsam mit dem Evangelischen Krankenhaus teilnehmen."
            if key == "marien"
            else "",
        )
        if step != "applied":
            services.admit(actor=coordinator, participation=rows[key])
    services.set_round_status(actor=coordinator, round_=running, status=Round.Status.RUNNING)
    for key, step in steps.items():
        employer, user = people[key]
        participation = rows[key]
        if step in ("applied", "admitted"):
            continue
        assessment.begin(participation=participation, actor=user)
        if step == "follow_up":
            continue  # starts from the last assessment, nothing changed yet
        _answer(participation, user, rnd, share=0.45 if step == "assessing" else 1.0)
        if key in ("marien", "evk"):
            _joint(participation, user, today)
        if step == "assessing":
            continue
        _measures(participation, user, rnd, today)
        assessment.submit(participation=participation, actor=user)
        _dated(participation, today - dt.timedelta(days=20 if step == "evaluation" else 6))
        if step == "evaluation":
            for kind, participants in (
                ("management", "Inhaber, Personalleitung, Koordinatorin"),
                ("staff", "Betriebsrat, Koordinatorin, Jens Jury"),
            ):
                evaluation.record_talk(
                    participation,
                    actor=jury,
                    kind=kind,
                    held_on=today - dt.timedelta(days=10),
                    participants=participants,
                    notes="Die Gleitzeitregelung gilt noch nicht in der Werkstatt.",
                )
            evaluation.save_recommendation(
                participation,
                actor=jury,
                recommendation="Zertifizieren, wenn die Gleitzeit bis zum Sommer auch in der "
                "Werkstatt gilt.",
            )
    EmployerMember.objects.filter(employer=people["marien"][0]).update(
        position="Leitung Personalentwicklung"
    )
    # The services told the made-up addresses by mail; the demo sends nothing.
    OutboxMessage.objects.filter(pk__gt=outbox_before, purpose__startswith="employers:").delete()
    return created + 2
