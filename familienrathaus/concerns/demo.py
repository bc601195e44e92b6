"""Demo concerns of Musterstadt: about 60 over the last year, for local use only.

Every kind, topic, channel and status occurs; some are overdue, some were passed to the
housing company "Musterstädter Wohnungsbau" (created here as a partner organisation with
a staff login, if missing) or to other partners, some to the "Jugendamt" (an office);
some have public replies and internal notes, a few are redacted. Dates count back from
the day the demo is loaded. Rows are written directly (no mails are queued); loading
again creates nothing once the first demo concern exists.
"""

from __future__ import annotations

import datetime as dt
import io
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from familienrathaus.concerns import dues, retention
from familienrathaus.concerns.models import (
    REFERENCE_ALPHABET,
    AnswerTemplate,
    Attachment,
    Concern,
    Message,
    Office,
    Topic,
)
from familienrathaus.core.demo import LEGAL_PAGES, ensure_user
from familienrathaus.core.models import District, LegalPage, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.slugs import german_slug
from familienrathaus.partners.models import Membership, Organisation
from familienrathaus.postcards.models import Postcard

HOUSING = "Musterstädter Wohnungsbau"
HOUSING_LOGIN = "wohnungsbau@musterstadt.example"
OFFICES = [
    ("Jugendamt", "jugendamt@musterstadt.example"),
    ("Grünflächenamt", "gruenflaechen@musterstadt.example"),
]
DESK = "Koordinierungsstelle"
SEED = 16

Q, S, C, H = (Concern.Kind.QUESTION, Concern.Kind.SUGGESTION, Concern.Kind.COMPLAINT,
              Concern.Kind.HELP)  # fmt: skip
# Topic positions: 0 family and work, 1 education and care, 2 health, 3 upbringing,
# 4 housing and mobility, 5 sport, leisure and culture, 6 integration and neighbourhood.
ENTRIES: list[tuple[str, int, str]] = [
    (Q, 1, "Gibt es in der Südstadt eine Krabbelgruppe, die sich auch nachmittags trifft?"),
    (H, 4, "Wir müssen bis Monatsende aus unserer Wohnung. Wir sind zu fünft und finden nichts."),
    (C, 5, "Auf dem Spielplatz Am Bach ist die Rutsche seit Wochen abgesperrt."),
    (S, 0, "Könnte das Familienbüro auch einmal im Monat abends geöffnet haben?"),
    (Q, 2, "Wo finde ich eine Hebamme, die noch Nachsorge übernimmt?"),
    (H, 3, "Unser Sohn (14) spricht kaum noch mit uns. Wo bekommen wir Beratung?"),
    (C, 4, "Die Heizung in unserer Wohnung fällt immer wieder aus, der Vermieter reagiert nicht."),
    (S, 6, "Ein Sprachcafé für Mütter mit kleinen Kindern im Nordviertel wäre schön."),
    (Q, 0, "Gibt es Betriebe in Musterstadt, die Teilzeit für Väter anbieten?"),
    (C, 1, "Die Kita hat in den Sommerferien drei Wochen zu, wir bekommen keinen Urlaub."),
    (H, 2, "Mein Kind hat Diabetes. Wer hilft uns bei der Betreuung in der Schule?"),
    (S, 5, "Bitte mehr Ferienangebote für Jugendliche ab 14 Jahren."),
    (Q, 4, "Wie beantrage ich einen Wohnberechtigungsschein?"),
    (C, 6, "Im Treppenhaus werden Nachbarskinder beschimpft. Wer kann vermitteln?"),
    (Q, 3, "Wann ist der nächste Elternkurs zum Thema Pubertät?"),
    (S, 4, "Eine Ampel vor der Grundschule Westfeld würde den Schulweg sicherer machen."),
    (H, 0, "Ich bin alleinerziehend und verliere meinen Kita-Platz, wenn ich den Job wechsle."),
    (C, 2, "Die Kinderarztpraxis nimmt keine neuen Patienten auf. Was sollen wir tun?"),
    (Q, 5, "Gibt es Zuschüsse für den Sportverein, wenn wir wenig Geld haben?"),
    (S, 1, "Die Offene Ganztagsschule sollte freitags bis 16 Uhr gehen."),
    (C, 4, "Der Aufzug in unserem Haus ist seit einem Monat kaputt, wir haben einen Kinderwagen."),
    (Q, 6, "Wo kann meine Familie Deutsch lernen, auch mit Kinderbetreuung?"),
    (H, 4, "In der Wohnung ist Schimmel im Kinderzimmer. Die Kinder husten ständig."),
    (S, 2, "Ein Still- und Wickelraum im Rathaus wäre für viele Eltern eine Hilfe."),
    (Q, 1, "Wie melde ich mein Kind für die Kita an, wenn wir gerade erst hergezogen sind?"),
    (C, 5, "Das Freibad hat die Familienkarte abgeschafft. Das ist für uns zu teuer."),
    (H, 3, "Wir streiten uns als Eltern nur noch. Gibt es eine Trennungsberatung?"),
    (S, 0, "Ein Ferienbetreuungsangebot für Kinder von Schichtarbeitenden wäre wichtig."),
    (Q, 2, "Wo gibt es eine Beratung für Eltern von Kindern mit Behinderung?"),
    (C, 6, "Beim Nachbarschaftsfest gab es keine Angebote für Familien mit kleinen Kindern."),
    (Q, 4, "Wann fährt der Bus ins Nordviertel am Wochenende?"),
    (S, 5, "Könnte die Stadtbücherei samstags länger öffnen?"),
    (H, 1, "Mein Kind wird in der Schule gemobbt. An wen kann ich mich wenden?"),
    (C, 4, "Der Gehweg in der Lindenallee ist für Kinderwagen kaum passierbar."),
    (Q, 0, "Gibt es eine Notfallbetreuung, wenn mein Kind krank ist und ich arbeiten muss?"),
    (S, 3, "Mehr Angebote für Väter, zum Beispiel ein Vater-Kind-Frühstück."),
    (H, 6, "Wir sind neu in Musterstadt und kennen niemanden. Wo finden wir Anschluss?"),
    (C, 1, "Die Schulbücher kosten uns in diesem Jahr über 200 Euro. Gibt es Hilfe?"),
    (Q, 5, "Gibt es einen Familienpass mit Ermäßigungen für Museen und Bäder?"),
    (S, 4, "Ein Spielplatz im Neubaugebiet Osterholz fehlt noch."),
    (C, 2, "Die Wartezeit beim Kinder- und Jugendpsychotherapeuten beträgt ein Jahr."),
    (Q, 3, "Wo bekomme ich Hilfe, wenn mein Baby nachts stundenlang schreit?"),
    (H, 0, "Ich pflege meine Mutter und habe zwei kleine Kinder. Ich schaffe das nicht mehr."),
    (S, 6, "Ein mehrsprachiger Elternbrief der Schulen würde vielen Familien helfen."),
    (C, 5, "Die Sporthalle ist für Kinderturnen am Wochenende nicht mehr buchbar."),
    (Q, 1, "Bekomme ich Zuschuss zum Mittagessen in der Kita?"),
    (H, 4, "Unsere Wohnung wurde gekündigt wegen Eigenbedarf. Wo finden wir Beratung?"),
    (S, 2, "Kostenlose Schwimmkurse für Kinder, die noch nicht schwimmen können."),
    (C, 3, "Beim Elternkurs gab es keine Kinderbetreuung, so konnte ich nicht teilnehmen."),
    (Q, 6, "Wer hilft beim Ausfüllen von Anträgen auf Kindergeld?"),
    (S, 0, "Ein Verzeichnis familienfreundlicher Arbeitgeber in Musterstadt wäre hilfreich."),
    (C, 4, "Im Hof unseres Wohnblocks wurden die Spielgeräte ersatzlos abgebaut."),
    (Q, 2, "Wo kann mein Kind die U-Untersuchung machen lassen, wir haben keinen Kinderarzt?"),
    (H, 3, "Meine Tochter (16) ist schwanger. Wo bekommen wir Unterstützung?"),
    (S, 5, "Ein Familienfest im Stadtpark im Sommer wäre schön."),
    (Q, 4, "Gibt es Hilfe bei den Umzugskosten für Familien mit wenig Geld?"),
    (C, 1, "Die Anmeldung zur Ferienbetreuung war nach zehn Minuten voll."),
    (S, 6, "Patenschaften zwischen alteingesessenen und neuen Familien wären toll."),
    (H, 2, "Mein Mann ist schwer krank, wer kann die Kinder nachmittags betreuen?"),
    (Q, 5, "Gibt es in den Herbstferien Angebote für Kinder mit Behinderung?"),
]
REPLIES = [
    "Vielen Dank für Ihre Nachricht. Wir haben Ihnen die passenden Ansprechpartner und "
    "Termine herausgesucht; Sie finden sie auch im Familienwegweiser.",
    "Vielen Dank für Ihren Hinweis. Wir haben ihn an die zuständige Stelle weitergegeben "
    "und melden uns, sobald wir eine Antwort haben.",
    "Danke für Ihre Anregung. Wir nehmen sie in die nächste Sitzung der Lenkungsgruppe mit.",
    "Wir haben mit der zuständigen Stelle gesprochen. Sie meldet sich in den nächsten Tagen "
    "direkt bei Ihnen.",
]
NOTES = [
    "Rückruf vereinbart, Familie ist vormittags erreichbar.",
    "Ähnliches Anliegen kam schon aus dem Westfeld – beim nächsten Bündnistreffen ansprechen.",
    "Mit der Schulsozialarbeit abgestimmt.",
]
PARTNER_ANSWER = (
    "Wir haben uns Ihr Anliegen angesehen und melden uns in dieser Woche bei Ihnen, "
    "um einen Termin für ein Gespräch zu vereinbaren."
)
OFFICE_ANSWER = "Das Jugendamt hat Kontakt aufgenommen und ein Beratungsgespräch angeboten."
TEMPLATES = [
    ("Eingangsbestätigung", REPLIES[1], False),
    (
        "Zwischennachricht",
        "Ihr Anliegen ist noch in Bearbeitung. Wir brauchen etwas länger als geplant und "
        "melden uns, sobald wir mehr wissen. Vielen Dank für Ihre Geduld.",
        True,
    ),
    ("Weitergegeben an Partner", REPLIES[3], False),
]
PRIVACY = [Concern.Privacy.OFFICE_ONLY, Concern.Privacy.NAMED, Concern.Privacy.ANONYMOUS]
FAMILY_ADDS = "Danke! Können Sie mir noch die Telefonnummer der Beratungsstelle schicken?"
NAMES = ["Familie Yılmaz", "Sandra Becker", "Familie Nowak", "Markus Schulte", "Olena Kovalenko"]


@dataclass(frozen=True)
class Plan:
    status: str
    overdue: bool = False
    redact: bool = False


def _references(count: int) -> list[str]:
    rng = random.Random(SEED)  # noqa: S311  reproducible demo codes, not secret
    codes: list[str] = []
    while len(codes) < count:
        raw = "".join(rng.choice(REFERENCE_ALPHABET) for _ in range(8))
        code = f"{raw[:4]}-{raw[4:]}"
        if code not in codes:
            codes.append(code)
    return codes


def _plan(index: int) -> Plan:
    """Newest first: a few just received, some open and overdue, most closed."""
    if index < 3:
        return Plan(Concern.Status.RECEIVED)
    if index < 10:
        return [
            Plan(Concern.Status.IN_PROGRESS),
            Plan(Concern.Status.RECEIVED, overdue=True),
            Plan(Concern.Status.ANSWERED),
            Plan(Concern.Status.IN_PROGRESS, overdue=True),
            Plan(Concern.Status.ANSWERED),
            Plan(Concern.Status.IN_PROGRESS),
            Plan(Concern.Status.RECEIVED, overdue=True),
        ][index - 3]
    if index in {17, 31}:
        return Plan(Concern.Status.IN_PROGRESS, overdue=True)
    if index % 9 == 0:
        return Plan(Concern.Status.ANSWERED)
    return Plan(Concern.Status.CLOSED, redact=index in {52, 56, 59})


def _png() -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (48, 32), (180, 170, 150)).save(buffer, format="PNG")
    return ContentFile(buffer.getvalue(), name="foto.png")


def _housing() -> tuple[Organisation, int]:
    created = 0
    organisation, new = Organisation.objects.get_or_create(
        name=HOUSING,
        defaults={
            "slug": german_slug(HOUSING),
            "kind": Organisation.Kind.COMPANY,
            "description": (
                "Die städtische Wohnungsbaugesellschaft vermietet rund 4.000 Wohnungen in "
                "Musterstadt, viele davon familiengerecht, und berät Familien bei der "
                "Wohnungssuche und bei Schäden in der Wohnung."
            ),
            "website": "https://wohnungsbau-musterstadt.example.org",
            "email": "info@wohnungsbau-musterstadt.example.org",
            "phone": "01234 5678-90",
        },
    )
    created += new
    user, new = ensure_user(HOUSING_LOGIN, "Team Musterstädter Wohnungsbau", Role.PARTNER)
    created += new
    _, new = Membership.objects.get_or_create(user=user, organisation=organisation)
    return organisation, created + new


def _privacy_page() -> int:
    """The demo's privacy page says how long concerns are kept (an older demo's page
    gets the paragraph once)."""
    page = LegalPage.objects.filter(kind=LegalPage.Kind.PRIVACY).first()
    heading = "## Anliegen"
    if page is None or heading in page.body:
        return 0
    text = LEGAL_PAGES[LegalPage.Kind.PRIVACY][1]
    section = text[text.index(heading) :].split("\n\n## ", 1)[0]
    page.body = f"{page.body.rstrip()}\n\n{section}\n"
    page.save(update_fields=["body"])
    return 1


def load() -> int:
    created = _privacy_page()
    housing, new = _housing()
    created += new
    offices = []
    for name, email in OFFICES:
        office, new = Office.objects.get_or_create(name=name, defaults={"email": email})
        offices.append(office)
        created += new
    for title, text, interim in TEMPLATES:
        if interim and AnswerTemplate.objects.filter(interim=True).exists():
            continue
        _, new = AnswerTemplate.objects.get_or_create(
            title=title, defaults={"text": text, "interim": interim}
        )
        created += new
    references = _references(len(ENTRIES))
    if Concern.objects.filter(reference__in=references).exists():
        return created
    return created + _concerns(references, housing, offices)


class _Timeline:
    """The messages of one concern, each a little after the one before (never after now)."""

    def __init__(self, start: dt.datetime, now: dt.datetime, rng: random.Random, desk: User | None):
        self.moment, self.now, self.rng, self.desk = start, now, rng, desk
        self.messages: list[Message] = []

    def add(self, kind: str, text: str, *, public: bool, label: str = DESK, after: int = 1) -> None:
        step = dt.timedelta(days=after, hours=self.rng.randint(1, 6))
        self.moment = min(self.moment + step, self.now)
        author = self.desk if label == DESK else None
        self.messages.append(
            Message(
                kind=kind,
                text=text,
                public=public,
                author_label=label,
                author=author,
                created_at=self.moment,
            )
        )


@dataclass
class _Context:
    rng: random.Random
    now: dt.datetime
    topics: list[Topic]
    districts: list[District | None]
    coordinator: User | None
    family: User | None
    postcards: list[Postcard]
    partners: list[Organisation]
    offices: list[Office]


def _concerns(references: list[str], housing: Organisation, offices: list[Office]) -> int:
    others = Organisation.objects.exclude(pk=housing.pk).order_by("name")[:3]
    context = _Context(
        rng=random.Random(SEED),  # noqa: S311  reproducible demo data, no secret
        now=timezone.now(),
        topics=list(Topic.objects.order_by("position", "name")[:7]),
        districts=list(District.objects.order_by("name")) or [None],
        coordinator=User.objects.with_role(Role.COORDINATOR).order_by("pk").first(),
        family=User.objects.filter(email="familie@musterstadt.example").first(),
        postcards=list(Postcard.objects.order_by("pk")),
        partners=[housing, *others],
        offices=offices,
    )
    created = 0
    to_redact = []
    for index, reference in enumerate(references):
        concern, count = _concern(index, reference, context)
        created += count
        if _plan(index).redact:
            to_redact.append(concern.pk)
    for pk in to_redact:
        retention.redact(pk, force=True)
    return created


def _concern(index: int, reference: str, context: _Context) -> tuple[Concern, int]:
    kind, topic_index, text = ENTRIES[index]
    plan = _plan(index)
    rng, now = context.rng, context.now
    age = 2 + index * 6 + rng.randint(0, 4)
    if plan.overdue and index < 10:
        age = max(age, 18)
    created_at = now - dt.timedelta(days=age, hours=rng.randint(0, 9), minutes=rng.randint(0, 59))
    topic = context.topics[topic_index % len(context.topics)] if context.topics else None
    channel = Concern.Channel.values[index % len(Concern.Channel.values)]
    privacy = PRIVACY[index % len(PRIVACY)]
    name = "" if privacy == Concern.Privacy.ANONYMOUS else NAMES[index % len(NAMES)]
    targets = dues.for_topic(created_at, topic)
    postcard = context.postcards[index % len(context.postcards)] if context.postcards else None
    concern = Concern(
        reference=reference,
        kind=kind,
        topic=topic,
        district=context.districts[index % len(context.districts)],
        text=text,
        privacy=privacy,
        name=name,
        email=f"demo-familie{index:02d}@example.org" if name else "",
        phone="01234 98765" if privacy == Concern.Privacy.NAMED else "",
        language="de",
        channel=channel,
        postcard=postcard if channel == Concern.Channel.POSTCARD else None,
        user=context.family if channel == Concern.Channel.ACCOUNT else None,
        entered_by=context.coordinator if channel in {"phone", "visit"} else None,
        status=plan.status,
        priority=Concern.Priority.URGENT if kind == H and index % 2 else Concern.Priority.NORMAL,
        assignee=context.coordinator if plan.status != Concern.Status.RECEIVED else None,
        created_at=created_at,
        updated_at=created_at,
        first_answer_due=targets.first_answer,
        close_due=targets.close,
    )
    timeline = _Timeline(created_at, now, rng, context.coordinator)
    if plan.status == Concern.Status.RECEIVED:
        if plan.overdue:
            concern.reminder_sent_on = targets.first_answer
    else:
        _history(concern, index, plan, timeline, context)
    concern.updated_at = timeline.moment
    concern.save()
    for message in timeline.messages:
        message.concern = concern
    Message.objects.bulk_create(timeline.messages)
    created = 1 + len(timeline.messages)
    if index % 10 == 6:
        Attachment.objects.create(
            concern=concern, file=_png(), kind=Attachment.Kind.IMAGE, added_at=created_at
        )
        created += 1
    return concern, created


def _history(
    concern: Concern, index: int, plan: Plan, timeline: _Timeline, context: _Context
) -> None:
    """Passing on, notes, the answer, the interim notice and the closing."""
    kind, topic_index, _text = ENTRIES[index]
    rng = context.rng
    passed_to = ""
    if index % 4 == 1 or (topic_index == 4 and kind in {C, H}):
        housing = context.partners[0]
        concern.organisation = (
            housing if topic_index == 4 else context.partners[index % len(context.partners)]
        )
        passed_to = concern.organisation.name
    elif index % 7 == 3 or (topic_index == 3 and kind == H):
        concern.office = context.offices[1] if topic_index == 5 else context.offices[0]
        passed_to = concern.office.name
    if index % 5 == 2:
        timeline.add(Message.Kind.NOTE, NOTES[index % len(NOTES)], public=False, after=0)
    if passed_to:
        timeline.add(Message.Kind.PASSED, f"Weitergegeben an {passed_to}.", public=False)
    if plan.status in {Concern.Status.ANSWERED, Concern.Status.CLOSED}:
        days = rng.randint(1, 14 if rng.random() < 0.2 else 6)
        if concern.organisation is not None:
            timeline.add(
                Message.Kind.PARTNER, PARTNER_ANSWER, public=True, label=passed_to, after=days
            )
        elif concern.office is not None:
            timeline.add(
                Message.Kind.OFFICE, OFFICE_ANSWER, public=True, label=passed_to, after=days
            )
        else:
            timeline.add(Message.Kind.REPLY, REPLIES[index % len(REPLIES)], public=True, after=days)
        concern.first_answer_at = timeline.moment
        if index % 11 == 4:
            timeline.add(Message.Kind.FAMILY, FAMILY_ADDS, public=True, label=concern.name)
    if plan.overdue:
        timeline.add(Message.Kind.INTERIM, TEMPLATES[1][1], public=True, after=12)
        concern.interim_notice_sent_on = dues.received_on(timeline.moment)
        concern.reminder_sent_on = concern.first_answer_due
    if plan.status == Concern.Status.CLOSED:
        closing = "Ihr Anliegen ist abgeschlossen."
        timeline.add(Message.Kind.STATUS, closing, public=True, after=rng.randint(1, 15))
        concern.closed_at = timeline.moment
