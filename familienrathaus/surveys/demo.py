"""Demo surveys of Musterstadt.

* "Wie familienfreundlich ist Musterstadt?": the running family survey, 16 questions of
  every kind on four pages (the district and the age of the youngest child among them),
  six channels (the plain link, paper, school social work, a family centre, radio, the
  Infobrief) and about 800 generated answers spread over channels, districts and the
  days since it opened; a few questionnaires are still unfinished.
* "Elternbefragung Ferienbetreuung": an earlier survey, closed, with a public results page.

Dates are relative to the day the demo is loaded. Answers are generated with a fixed seed
and written with ``bulk_create``, so the demo loads in seconds.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone

from familienrathaus.core.models import District
from familienrathaus.surveys.models import (
    Answer,
    Channel,
    MatrixItem,
    Option,
    Question,
    Response,
    Section,
    Survey,
)

K = Question.Kind
MAIN_SLUG = "familienbefragung-musterstadt"
EARLIER_SLUG = "elternbefragung-ferienbetreuung"
ANSWERS = 800
EARLIER_ANSWERS = 180

IDEAS = [
    "Mehr überdachte Spielplätze, damit man auch bei Regen raus kann.",
    "Eine Kita mit Öffnungszeiten bis 18 Uhr im Nordviertel.",
    "Sichere Radwege zur Grundschule am Bach.",
    "Ein Jugendtreff, der auch am Wochenende offen hat.",
    "Wickelräume in der Innenstadt, nicht nur im Rathaus.",
    "Günstige Ferienangebote für Familien mit wenig Geld.",
    "Mehr Sitzbänke und Trinkbrunnen im Stadtpark.",
    "Informationen auch auf Türkisch und Ukrainisch.",
    "Ein Familiencafé im Westfeld als Treffpunkt.",
    "Beratung am Abend für berufstätige Eltern.",
    "Bessere Busverbindungen am Nachmittag.",
    "Ein Hallenbad mit Kursen für Babys und Kleinkinder.",
    "Schneller einen Termin beim Kinderarzt.",
    "Mehr Spielstraßen in Wohngebieten.",
    "Ein Familienpass mit Ermäßigungen.",
]


@dataclass
class Spec:
    """A question to create: kind, code, German text, options or items, extras."""

    kind: str
    code: str
    text: str
    options: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


MAIN_PAGES: list[tuple[str, list[Spec]]] = [
    (
        "Über Ihre Familie",
        [
            Spec(
                K.DISTRICT,
                "stadtteil",
                "In welchem Stadtteil wohnen Sie?",
                extra={"required": True},
            ),
            Spec(
                K.NUMBER,
                "kinder",
                "Wie viele Kinder unter 18 Jahren leben in Ihrem Haushalt?",
                extra={"number_min": Decimal(1), "number_max": Decimal(12), "required": True},
            ),
            Spec(
                K.SINGLE,
                "alter_juengstes",
                "Wie alt ist Ihr jüngstes Kind?",
                [
                    "unter 3 Jahre",
                    "3 bis 5 Jahre",
                    "6 bis 9 Jahre",
                    "10 bis 13 Jahre",
                    "14 bis 17 Jahre",
                ],
                extra={"required": True},
            ),
            Spec(
                K.SINGLE,
                "familienform",
                "Wie leben Sie als Familie?",
                ["als Paar mit Kindern", "allein mit Kindern", "in einer Patchworkfamilie"],
                extra={"allow_other": True},
            ),
        ],
    ),
    (
        "Leben in Musterstadt",
        [
            Spec(
                K.SCALE,
                "familienfreundlich",
                "Wie familienfreundlich ist Musterstadt heute?",
                extra={
                    "scale_min_label_de": "gar nicht",
                    "scale_max_label_de": "sehr",
                    "dont_know": True,
                },
            ),
            Spec(
                K.MATRIX,
                "stadtteil_bewertung",
                "Wie bewerten Sie in Ihrem Stadtteil …",
                items=[
                    "die Spielplätze",
                    "die Kinderbetreuung",
                    "die Schulwege",
                    "die Freizeitangebote für Jugendliche",
                    "die ärztliche Versorgung",
                ],
                extra={
                    "scale_min_label_de": "schlecht",
                    "scale_max_label_de": "sehr gut",
                    "dont_know": True,
                },
            ),
            Spec(
                K.MULTIPLE,
                "fehlt",
                "Was fehlt Ihrer Familie in Musterstadt am meisten?",
                [
                    "Betreuungsplätze",
                    "bezahlbarer Wohnraum",
                    "Spiel- und Freiflächen",
                    "Angebote für Jugendliche",
                    "Beratung und Unterstützung",
                    "Bus und Bahn",
                ],
                extra={"allow_other": True},
            ),
            Spec(
                K.RANKING,
                "zuerst",
                "Was soll die Stadt zuerst angehen? Bitte ordnen Sie.",
                ["Kinderbetreuung", "Schulwege", "Freizeit für Jugendliche", "Familienberatung"],
            ),
        ],
    ),
    (
        "Betreuung und Beruf",
        [
            Spec(
                K.SINGLE,
                "betreuung",
                "Nutzt Ihre Familie eine Kita oder Tagespflege?",
                ["ja", "nein", "nicht mehr"],
            ),
            Spec(
                K.NUMBER,
                "stunden",
                "Wie viele Stunden in der Woche ist Ihr Kind dort?",
                extra={"number_min": Decimal(1), "number_max": Decimal(60)},
            ),
            Spec(
                K.SCALE,
                "vereinbarkeit",
                "Wie gut lassen sich in Ihrer Familie Beruf und Familie vereinbaren?",
                extra={"scale_min_label_de": "sehr schlecht", "scale_max_label_de": "sehr gut"},
            ),
            Spec(K.DATE, "platz_ab", "Ab wann brauchen Sie (weiter) einen Betreuungsplatz?"),
        ],
    ),
    (
        "Ihre Ideen",
        [
            Spec(
                K.MULTIPLE,
                "infowege",
                "Wie erfahren Sie von Angeboten für Familien?",
                [
                    "Familien-Infobrief",
                    "Website des Bündnisses",
                    "soziale Medien",
                    "Kita oder Schule",
                    "Radio und Zeitung",
                    "Freunde und Bekannte",
                ],
            ),
            Spec(
                K.SINGLE,
                "beirat",
                "Möchten Sie im Familienbeirat mitarbeiten?",
                ["ja", "vielleicht", "nein"],
            ),
            Spec(
                K.TEXT,
                "idee",
                "Was würde Musterstadt für Ihre Familie freundlicher machen?",
                extra={"public": False},
            ),
            Spec(
                K.TEXT, "sonst", "Möchten Sie uns sonst noch etwas sagen?", extra={"public": False}
            ),
        ],
    ),
]

EARLIER_PAGES: list[tuple[str, list[Spec]]] = [
    (
        "Ferienbetreuung",
        [
            Spec(K.DISTRICT, "stadtteil", "In welchem Stadtteil wohnen Sie?"),
            Spec(
                K.SINGLE,
                "genutzt",
                "Hat Ihr Kind an der Ferienbetreuung teilgenommen?",
                ["ja, mehrere Wochen", "ja, eine Woche", "nein"],
            ),
            Spec(
                K.SCALE,
                "zufrieden",
                "Wie zufrieden waren Sie mit der Ferienbetreuung?",
                extra={"scale_min_label_de": "gar nicht", "scale_max_label_de": "sehr"},
            ),
            Spec(
                K.MATRIX,
                "bewertung",
                "Wie bewerten Sie …",
                items=["die Anmeldung", "die Betreuungszeiten", "die Ausflüge", "die Kosten"],
                extra={"scale_min_label_de": "schlecht", "scale_max_label_de": "gut"},
            ),
            Spec(
                K.MULTIPLE,
                "wuensche",
                "Was wünschen Sie sich für die nächsten Ferien?",
                [
                    "längere Betreuungszeiten",
                    "mehr Ausflüge",
                    "Angebote für Ältere",
                    "günstigere Preise",
                ],
            ),
            Spec(
                K.TEXT, "anmerkung", "Was möchten Sie uns noch mitteilen?", extra={"public": False}
            ),
        ],
    ),
]


def _build(survey: Survey, pages: list[tuple[str, list[Spec]]]) -> dict[str, Question]:
    questions: dict[str, Question] = {}
    for page_number, (title, specs) in enumerate(pages):
        section = Section.objects.create(survey=survey, position=page_number, title_de=title)
        for position, spec in enumerate(specs):
            question = Question.objects.create(
                section=section, position=position, code=spec.code, kind=spec.kind,
                text_de=spec.text, **spec.extra,
            )  # fmt: skip
            Option.objects.bulk_create(
                Option(question=question, position=i, code=str(i + 1), label_de=label)
                for i, label in enumerate(spec.options)
            )
            MatrixItem.objects.bulk_create(
                MatrixItem(question=question, position=i, code=f"i{i + 1}", label_de=label)
                for i, label in enumerate(spec.items)
            )
            questions[spec.code] = question
    # Options and items read once: the generator asks for them for every answer.
    return {
        question.code: question
        for question in Question.objects.filter(survey=survey).prefetch_related("options", "items")
    }


def _condition(questions: dict[str, Question], code: str, on: str, option_code: str) -> None:
    question = questions[code]
    question.condition_question = questions[on]
    question.condition_operator = Question.Operator.IS
    question.condition_option = next(
        o for o in questions[on].options.all() if o.code == option_code
    )
    question.save()


class Generator:
    """Plausible answers: districts follow the channel, satisfaction the district."""

    def __init__(self, seed: int, districts: list[District]) -> None:
        self.rng = random.Random(seed)  # noqa: S311 (demo data, not secrets)
        self.districts = districts

    def pick(self, weights: dict[Any, float]) -> Any:
        return self.rng.choices(list(weights), weights=list(weights.values()))[0]

    def district(self, channel: str) -> District | None:
        if not self.districts:
            return None
        for district in self.districts:
            if district.name in channel and self.rng.random() < 0.8:
                return district
        return self.rng.choice(self.districts)

    def point(self, low: int, high: int, lean: float) -> int:
        """A scale point leaning towards ``lean`` (0 = low end, 1 = high end)."""
        value = self.rng.triangular(low, high, low + (high - low) * lean)
        return max(low, min(high, round(value)))

    def options(self, question: Question) -> list[Option]:
        return list(question.options.all())


def _answers_main(
    gen: Generator, q: dict[str, Question], response: Response, channel: str, today: date
) -> list[Answer]:
    rng = gen.rng
    rows: list[Answer] = []
    district = gen.district(channel)
    response.district = district
    lean = 0.35 if district is not None and district.name in ("Nordviertel", "Westfeld") else 0.6
    if district is not None:
        rows.append(Answer(question=q["stadtteil"], district=district))
    rows.append(
        Answer(question=q["kinder"], value_number=Decimal(gen.pick({1: 4, 2: 5, 3: 2, 4: 1})))
    )
    ages = gen.options(q["alter_juengstes"])
    rows.append(
        Answer(
            question=q["alter_juengstes"],
            option=gen.pick(dict(zip(ages, [5, 4, 3, 2, 1], strict=True))),
        )
    )
    if rng.random() < 0.9:
        forms = gen.options(q["familienform"])
        choice = gen.pick({0: 6, 1: 2, 2: 1.5, 3: 0.3})
        rows.append(
            Answer(question=q["familienform"], value_text="Großeltern leben mit uns")
            if choice == 3
            else Answer(question=q["familienform"], option=forms[choice])
        )
    if rng.random() < 0.07:
        rows.append(Answer(question=q["familienfreundlich"], dont_know=True))
    else:
        rows.append(
            Answer(question=q["familienfreundlich"], value_number=Decimal(gen.point(1, 5, lean)))
        )
    for item in q["stadtteil_bewertung"].items.all():
        if rng.random() < 0.92:
            rows.append(
                Answer(question=q["stadtteil_bewertung"], item=item, dont_know=True)
                if rng.random() < 0.08
                else Answer(
                    question=q["stadtteil_bewertung"],
                    item=item,
                    value_number=Decimal(gen.point(1, 5, lean)),
                )
            )
    missing = gen.options(q["fehlt"])
    for option in rng.sample(missing, k=gen.pick({1: 3, 2: 4, 3: 2})):
        rows.append(Answer(question=q["fehlt"], option=option))
    if rng.random() < 0.05:
        rows.append(Answer(question=q["fehlt"], value_text="Ein Hallenbad"))
    if rng.random() < 0.8:
        order = gen.options(q["zuerst"])
        rng.shuffle(order)
        if rng.random() < 0.5:  # childcare first for many
            order.sort(key=lambda o: o.code != "1")
        rows += [Answer(question=q["zuerst"], option=o, rank=i + 1) for i, o in enumerate(order)]
    care = gen.options(q["betreuung"])
    uses = gen.pick({0: 6, 1: 3, 2: 2})
    rows.append(Answer(question=q["betreuung"], option=care[uses]))
    if uses == 0:
        rows.append(
            Answer(
                question=q["stunden"],
                value_number=Decimal(gen.pick({20: 2, 25: 3, 30: 3, 35: 4, 40: 3, 45: 2})),
            )
        )
    rows.append(
        Answer(question=q["vereinbarkeit"], value_number=Decimal(gen.point(1, 5, lean - 0.1)))
    )
    if rng.random() < 0.4:
        rows.append(
            Answer(question=q["platz_ab"], value_date=today + timedelta(days=rng.randint(20, 400)))
        )
    ways = gen.options(q["infowege"])
    for option in rng.sample(ways, k=gen.pick({1: 3, 2: 4, 3: 2})):
        rows.append(Answer(question=q["infowege"], option=option))
    rows.append(
        Answer(
            question=q["beirat"],
            option=gen.pick(dict(zip(gen.options(q["beirat"]), [1, 3, 8], strict=True))),
        )
    )
    if rng.random() < 0.3:
        rows.append(Answer(question=q["idee"], value_text=rng.choice(IDEAS)))
    return rows


def _answers_earlier(gen: Generator, q: dict[str, Question], response: Response) -> list[Answer]:
    rng = gen.rng
    district = gen.district("")
    response.district = district
    rows: list[Answer] = []
    if district is not None:
        rows.append(Answer(question=q["stadtteil"], district=district))
    rows.append(
        Answer(
            question=q["genutzt"],
            option=gen.pick(dict(zip(gen.options(q["genutzt"]), [3, 4, 2], strict=True))),
        )
    )
    rows.append(Answer(question=q["zufrieden"], value_number=Decimal(gen.point(1, 5, 0.7))))
    for item in q["bewertung"].items.all():
        rows.append(
            Answer(question=q["bewertung"], item=item, value_number=Decimal(gen.point(1, 5, 0.6)))
        )
    for option in rng.sample(gen.options(q["wuensche"]), k=rng.randint(1, 3)):
        rows.append(Answer(question=q["wuensche"], option=option))
    if rng.random() < 0.25:
        rows.append(Answer(question=q["anmerkung"], value_text=rng.choice(IDEAS)))
    return rows


def _channels(survey: Survey, names: list[str]) -> dict[str, Channel]:
    channels = {"Direkt": Channel.objects.create(survey=survey, name="Direkt")}
    channels["Papierfragebogen"] = Channel.objects.create(
        survey=survey, name="Papierfragebogen", paper=True
    )
    for name in names:
        channels[name] = Channel.objects.create(survey=survey, name=name)
    return channels


def _day(gen: Generator, first: date, days: int, spikes: dict[int, float]) -> date:
    """Most answers in the first days, more on the days of a spike (the radio feature)."""
    weights = {d: 1.0 / (1 + d / 6) + spikes.get(d, 0.0) for d in range(days)}
    return first + timedelta(days=gen.pick(weights))


def _store(responses: list[Response], answers: list[list[Answer]]) -> int:
    Response.objects.bulk_create(responses, batch_size=500)
    rows = []
    for response, mine in zip(responses, answers, strict=True):
        for answer in mine:
            answer.response = response
            rows.append(answer)
    Answer.objects.bulk_create(rows, batch_size=2000)
    return len(responses) + len(rows)


def _main(now: datetime, districts: list[District]) -> int:
    opened = now - timedelta(days=24)
    survey = Survey.objects.create(
        slug=MAIN_SLUG,
        title_de="Wie familienfreundlich ist Musterstadt?",
        title_en="How family-friendly is Musterstadt?",
        intro_de=(
            "Das Lokale Bündnis für Familie möchte wissen, wie es Familien in Musterstadt geht "
            "und was ihnen fehlt. Die Befragung dauert etwa zehn Minuten."
        ),
        privacy_text_de=(
            "Die Befragung ist anonym: Wir speichern weder Ihren Namen noch Ihre IP-Adresse "
            "noch die Uhrzeit, nur den Tag. Die einzelnen Antworten löschen wir ein Jahr "
            "nach dem Ende der Befragung; die ausgezählten Ergebnisse bleiben."
        ),
        thanks_text_de=(
            "Vielen Dank! Die Ergebnisse veröffentlichen wir nach dem Ende der Befragung."
        ),
        access=Survey.Access.ANONYMOUS,
        status=Survey.Status.PUBLISHED,
        opens_at=opened,
        # In 20 days, at the end of the day in Musterstadt: a date families can read.
        closes_at=timezone.localtime(now + timedelta(days=20)).replace(
            hour=23, minute=59, second=0, microsecond=0
        ),
        public_results=True,
    )
    questions = _build(survey, MAIN_PAGES)
    _condition(questions, "stunden", on="betreuung", option_code="1")
    channels = _channels(
        survey, ["Schulsozialarbeit Nordviertel", "Familienzentrum Am Bach", "Radio", "Infobrief"]
    )
    share = {"Direkt": 3, "Papierfragebogen": 1.5, "Schulsozialarbeit Nordviertel": 1.5,
             "Familienzentrum Am Bach": 1.5, "Radio": 1.5, "Infobrief": 2}  # fmt: skip
    gen = Generator(15, districts)
    today = timezone.localdate(now)
    first = timezone.localdate(opened)
    days = (today - first).days + 1
    responses, answers = [], []
    for _i in range(ANSWERS):
        name = gen.pick(share)
        spikes = {9: 1.2, 10: 0.6} if name == "Radio" else {}
        response = Response(
            survey=survey,
            channel=channels[name],
            status=Response.Status.COMPLETE,
            submitted_on=_day(gen, first, days, spikes),
        )
        answers.append(_answers_main(gen, questions, response, name, today))
        responses.append(response)
    for _i in range(12):  # unfinished questionnaires: they count nowhere
        responses.append(Response(survey=survey, channel=channels["Direkt"], current_section=1))
        answers.append([Answer(question=questions["kinder"], value_number=Decimal(2))])
    return 1 + _store(responses, answers)


def _earlier(now: datetime, districts: list[District]) -> int:
    closed = now - timedelta(days=120)
    survey = Survey.objects.create(
        slug=EARLIER_SLUG,
        title_de="Elternbefragung Ferienbetreuung",
        title_en="Parents' survey on holiday care",
        intro_de="Wie war die Ferienbetreuung im Sommer? Ihre Antworten helfen bei der Planung.",
        thanks_text_de="Vielen Dank für Ihre Antworten!",
        access=Survey.Access.ANONYMOUS,
        status=Survey.Status.PUBLISHED,
        opens_at=closed - timedelta(days=28),
        closes_at=closed,
        public_results=True,
    )
    questions = _build(survey, EARLIER_PAGES)
    channels = _channels(survey, ["Infobrief"])
    gen = Generator(2025, districts)
    first = timezone.localdate(closed - timedelta(days=28))
    responses, answers = [], []
    for _i in range(EARLIER_ANSWERS):
        name = gen.pick({"Direkt": 3, "Infobrief": 2, "Papierfragebogen": 1})
        response = Response(
            survey=survey,
            channel=channels[name],
            status=Response.Status.COMPLETE,
            submitted_on=_day(gen, first, 28, {}),
        )
        answers.append(_answers_earlier(gen, questions, response))
        responses.append(response)
    return 1 + _store(responses, answers)


def load() -> int:
    if Survey.objects.filter(slug__in=[MAIN_SLUG, EARLIER_SLUG]).exists():
        return 0
    now = timezone.now()
    districts = list(District.objects.order_by("position", "name"))
    return _main(now, districts) + _earlier(now, districts)
