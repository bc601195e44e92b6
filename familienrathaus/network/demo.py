"""Demo of the alliance workshop (Bündnis-Werkstatt) of Musterstadt, for local use only.

The Lenkungsgruppe, the Kuratorium, three working groups ("Familienfreundliche
Arbeitgeber", "Frühe Hilfen", "Ferienbetreuung") and the plenary with its four
Bündnistreffen of the last year, with members from the demo partners and the two demo
coordinators as leads; a year of meetings with agenda, replies, attendance and approved
minutes with decisions; tasks in every state; documents with versions; feed entries.
Dates count back from the day the demo is loaded. Rows are written directly (no mail is
queued); the search index is rebuilt at the end. Loading again creates nothing once the
Lenkungsgruppe exists.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from familienrathaus.core import calendar
from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.network import previews, search_index
from familienrathaus.network.models import (
    AgendaItem,
    Attendance,
    Decision,
    Document,
    DocumentVersion,
    Folder,
    Group,
    GroupMember,
    Meeting,
    MemberProfile,
    Minutes,
    MinutesComment,
    MinutesSection,
    Post,
    Reply,
    Task,
)
from familienrathaus.network.services import feed
from familienrathaus.partners.models import Membership

SEED = 17
COORDINATORS = ["koordination@musterstadt.example", "familienbuero@musterstadt.example"]


@dataclass(frozen=True)
class Plan:
    name: str
    slug: str
    kind: str
    purpose: str
    partners: int  # how many partner logins are members (0: all)
    past: list[int]  # days ago of the meetings held
    topics: list[str]


GROUPS = [
    Plan(
        "Lenkungsgruppe",
        "lenkungsgruppe",
        Group.Kind.STEERING,
        "Die Lenkungsgruppe steuert das Bündnis: Verwaltung, Wohlfahrtsverbände, "
        "Gleichstellungsstelle, Stadtteilzentren, Wirtschaftsförderung, Jobcenter und "
        "Arbeitgeber bringen die Projekte in Arbeitsgruppen auf den Weg.",
        6,
        [330, 240, 150, 60],
        ["Bericht aus den Arbeitsgruppen", "Haushalt und Fördermittel", "Jahresplanung"],
    ),
    Plan(
        "Kuratorium",
        "kuratorium",
        Group.Kind.BOARD,
        "Das Kuratorium begleitet das Bündnis, berät die Lenkungsgruppe und wirbt für "
        "die Anliegen der Familien in der Stadtgesellschaft.",
        4,
        [300, 120],
        ["Jahresbericht des Bündnisses", "Schirmherrschaft Familienfest"],
    ),
    Plan(
        "Familienfreundliche Arbeitgeber",
        "familienfreundliche-arbeitgeber",
        Group.Kind.WORKING,
        "Wir gewinnen Betriebe für das Zertifikat FAMILIENbewusstes Unternehmen und "
        "organisieren Workshops zur Vereinbarkeit von Familie und Beruf.",
        5,
        [320, 230, 140, 45],
        ["Workshopreihe Vereinbarkeit", "Zertifikat und Jury", "Unternehmensfrühstück"],
    ),
    Plan(
        "Frühe Hilfen",
        "fruehe-hilfen",
        Group.Kind.WORKING,
        "Netzwerk Frühe Hilfen: Babybegrüßung, Hebammensprechstunde und Angebote für "
        "Familien mit Kindern bis drei Jahren.",
        5,
        [310, 200, 100, 30],
        ["Babybegrüßungspaket", "Hebammensprechstunde", "Elterncafé im Stadtteil"],
    ),
    Plan(
        "Ferienbetreuung",
        "ferienbetreuung",
        Group.Kind.WORKING,
        "Ferienspaß und Ferienbetreuung für Kinder von 6 bis 12 Jahren in den Oster-, "
        "Sommer- und Herbstferien, mit Plätzen für Familien mit wenig Geld.",
        5,
        [280, 190, 80],
        ["Sommerferienprogramm", "Betreuungsplätze und Ermäßigung", "Rückblick Herbstferien"],
    ),
    Plan(
        "Bündnistreffen",
        "buendnistreffen",
        Group.Kind.PLENARY,
        "Viermal im Jahr treffen sich alle Partner des Bündnisses: Neuigkeiten aus den "
        "Arbeitsgruppen, Austausch und Verabredungen.",
        0,
        [340, 250, 160, 70],
        ["Neuigkeiten aus den Arbeitsgruppen", "Familienfest im Stadtpark", "Austausch"],
    ),
]

DECISIONS = [
    "Das Bündnis beantragt Fördermittel beim Landesprogramm.",
    "Die nächste Veranstaltung findet im Familienzentrum Nord statt.",
    "Ein Flyer wird in vier Sprachen gedruckt.",
    "Die Arbeitsgruppe lädt zwei weitere Partner ein.",
    "Das Konzept wird in der vorliegenden Fassung angenommen.",
]
# What was said under each topic of the agenda: report, discussion, decision.
NOTES: dict[str, tuple[str, str, str]] = {
    "Bericht aus den Arbeitsgruppen": (
        "Die drei Arbeitsgruppen berichten: 14 Betriebe in der Workshopreihe, das "
        "Babybegrüßungspaket in fünf Sprachen, 180 Plätze im Ferienspaß.",
        "Die Arbeitsgruppen wünschen sich einen gemeinsamen Termin mit der Kita-Leitung.",
        "Die Koordinierungsstelle lädt die Kita-Leitungen zum nächsten Bündnistreffen ein.",
    ),
    "Haushalt und Fördermittel": (
        "Das Landesprogramm fördert das Bündnis weiter; der Eigenanteil der Stadt ist im "
        "Haushaltsentwurf enthalten.",
        "Für Übersetzungen und Dolmetscher fehlen im kommenden Jahr rund 2.000 Euro.",
        "Das Bündnis beantragt Fördermittel beim Landesprogramm für die Übersetzungen.",
    ),
    "Jahresplanung": (
        "Vier Bündnistreffen, das Familienfest im Stadtpark und zwei Workshops stehen fest.",
        "Das Familienfest soll wieder am ersten Sonntag der Sommerferien sein.",
        "Die Jahresplanung wird in der vorliegenden Fassung angenommen.",
    ),
    "Jahresbericht des Bündnisses": (
        "Der Entwurf des Jahresberichts zeigt mehr Anliegen von Familien aus dem Norden "
        "der Stadt und weniger aus dem Süden.",
        "Das Kuratorium fragt, wie Familien im Süden besser erreicht werden.",
        "Der Jahresbericht geht mit einer Seite zu den Stadtteilen an den Rat.",
    ),
    "Schirmherrschaft Familienfest": (
        "Die Oberbürgermeisterin hat die Schirmherrschaft für das Familienfest zugesagt.",
        "Sponsoren aus dem Unternehmensfrühstück sollen angesprochen werden.",
        "Das Kuratorium übernimmt die Ansprache der Sponsoren.",
    ),
    "Workshopreihe Vereinbarkeit": (
        "Drei Workshops zu Arbeitszeit, mobilem Arbeiten und Pflege von Angehörigen mit "
        "zusammen 38 Teilnehmenden aus 14 Betrieben.",
        "Die Betriebe wünschen einen Workshop zur Notfallbetreuung für Kinder.",
        "Der nächste Workshop behandelt die Notfallbetreuung für Kinder.",
    ),
    "Zertifikat und Jury": (
        "Sieben Betriebe haben das Zertifikat FAMILIENbewusstes Unternehmen erhalten; "
        "sechs sind in der laufenden Runde.",
        "Die Jury schlägt vor, Gespräche mit der Mitarbeitervertretung fest einzuplanen.",
        "Zu jeder Bewertung gehört ein Gespräch mit der Mitarbeitervertretung.",
    ),
    "Unternehmensfrühstück": (
        "Das Unternehmensfrühstück mit der Wirtschaftsförderung ist für März geplant.",
        "Die Krankenhäuser stellen ihre gemeinsame Großtagespflege vor.",
        "Die Arbeitsgruppe lädt zum Unternehmensfrühstück im Rathaus ein.",
    ),
    "Babybegrüßungspaket": (
        "Das Babybegrüßungspaket enthält den Elternordner, die Liste aller Kitas und "
        "Gutscheine der Partner; es gibt es jetzt in fünf Sprachen.",
        "Die Hebammen berichten, dass viele Eltern das Paket lieber im Familienbüro abholen.",
        "Das Paket wird auch in der Hebammensprechstunde ausgegeben.",
    ),
    "Hebammensprechstunde": (
        "Die Hebammensprechstunde im Familienzentrum Nord ist jeden Dienstag voll.",
        "Eine zweite Sprechstunde im Süden der Stadt wird gebraucht.",
        "Die Arbeitsgruppe sucht einen Raum für eine zweite Hebammensprechstunde im Süden.",
    ),
    "Elterncafé im Stadtteil": (
        "Das Elterncafé im Stadtteilzentrum West wird von 15 bis 20 Familien besucht.",
        "Eltern fragen nach Beratung zu Kita-Plätzen und Elterngeld vor Ort.",
        "Das Familienbüro berät einmal im Monat im Elterncafé.",
    ),
    "Sommerferienprogramm": (
        "Im Sommerferienprogramm gibt es 62 Angebote von 24 Partnern.",
        "Für Kinder mit Behinderung fehlen barrierefreie Angebote.",
        "Jeder Partner prüft ein Angebot auf Barrierefreiheit und meldet es bis Ostern.",
    ),
    "Betreuungsplätze und Ermäßigung": (
        "Ein Viertel der Plätze ging an Familien mit Ermäßigung.",
        "Die Ermäßigung soll ohne Nachweis beim Ferienspaß möglich sein.",
        "Die Ermäßigung wird auf Selbstauskunft gewährt.",
    ),
    "Rückblick Herbstferien": (
        "In den Herbstferien waren 140 Kinder in der Ferienbetreuung, 12 auf der Warteliste.",
        "Die Warteliste betraf vor allem Kinder von sechs bis acht Jahren.",
        "Für die Jüngsten werden zehn Plätze mehr angeboten.",
    ),
    "Neuigkeiten aus den Arbeitsgruppen": (
        "Die Arbeitsgruppen stellen ihre Vorhaben vor: Zertifikat, Babybegrüßung, Ferienspaß.",
        "Die Partner wünschen sich die Protokolle früher.",
        "Protokolle stehen spätestens zwei Wochen nach jedem Treffen in der Werkstatt.",
    ),
    "Familienfest im Stadtpark": (
        "Das Familienfest im Stadtpark hatte rund 3.000 Gäste und 35 Stände der Partner.",
        "Mehr Schatten und eine ruhige Ecke zum Stillen und Wickeln werden gewünscht.",
        "Beim nächsten Familienfest gibt es ein Still- und Wickelzelt.",
    ),
    "Austausch": (
        "Die Partner tauschen Termine und Neuigkeiten aus.",
        "Neue Partner stellen sich vor: die Hebammenpraxis und der Förderverein der Kita.",
        "",
    ),
}

TASKS = [
    "Raum für das nächste Treffen reservieren",
    "Entwurf des Flyers abstimmen",
    "Fördermittelantrag vorbereiten",
    "Partner für den Workshop ansprechen",
    "Pressemitteilung schreiben",
    "Rückmeldungen der Familien auswerten",
]
DOCUMENTS = [
    ("Konzeptskizze", "Konzepte", "Konzeptskizze der Arbeitsgruppe: Ziele, Zielgruppen, Zeitplan."),
    ("Teilnehmendenliste Vorlage", "Vorlagen", "Vorlage für die Teilnehmendenliste."),
    ("Jahresplanung", "Planung", "Termine und Vorhaben des kommenden Jahres."),
]


def _pdf(text: str) -> bytes:
    """A one-page PDF with ``text`` (Helvetica, WinAnsi), readable by pypdf."""
    lines = [text[i : i + 80] for i in range(0, len(text), 80)] or [""]
    ops = ["BT", "/F1 12 Tf", "14 TL", "50 790 Td"]
    for line in lines:
        safe = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    stream = "\n".join(ops).encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _at(days_ago: int, hour: int = 17) -> dt.datetime:
    """``days_ago`` days before today, moved to a working day (earlier for a past meeting,
    later for a coming one): nobody meets on a Sunday, a holiday or between the years."""
    day = timezone.localdate() - dt.timedelta(days=days_ago)
    step = dt.timedelta(days=-1 if days_ago > 0 else 1)
    while not calendar.is_working_day(day) or (day.month == 12 and day.day >= 24):
        day += step
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


def _people() -> tuple[list[User], list[tuple[User, int | None]]]:
    coordinators = list(User.objects.filter(email__in=COORDINATORS).order_by("email"))
    partners = []
    for user in User.objects.with_role(Role.PARTNER).filter(is_active=True).order_by("email"):
        membership = Membership.objects.filter(user=user).order_by("organisation__name").first()
        partners.append((user, membership.organisation_id if membership else None))
    return coordinators, partners


def load() -> int:
    if Group.objects.filter(slug="lenkungsgruppe").exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311  demo data, not a secret
    coordinators, partners = _people()
    if not coordinators:
        return 0
    created = 0
    for index, plan in enumerate(GROUPS):
        created += _group(plan, index, coordinators, partners, rng)
    for user in {*coordinators, *(user for user, _org in partners)}:
        MemberProfile.objects.get_or_create(user=user)
    created += feed.record_sent_editions()  # the Infobrief's sent editions, in the feed
    search_index.rebuild()
    return created


def _group(
    plan: Plan,
    index: int,
    coordinators: list[User],
    partners: list[tuple[User, int | None]],
    rng: random.Random,
) -> int:
    lead = coordinators[index % len(coordinators)]
    group = Group.objects.create(
        name=plan.name,
        slug=plan.slug,
        kind=plan.kind,
        purpose=plan.purpose,
        created_by=lead,
        created_at=_at(400),
    )
    created = 1
    for coordinator in coordinators:
        role = GroupMember.Role.LEAD if coordinator == lead else GroupMember.Role.MEMBER
        GroupMember.objects.create(group=group, user=coordinator, role=role, joined_at=_at(400))
        created += 1
    chosen = (
        partners if plan.partners == 0 else rng.sample(partners, min(plan.partners, len(partners)))
    )
    members: list[tuple[User, int | None]] = [(c, None) for c in coordinators]
    for user, organisation_id in chosen:
        GroupMember.objects.create(
            group=group,
            user=user,
            role=GroupMember.Role.MEMBER,
            organisation_id=organisation_id,
            joined_at=_at(380),
        )
        members.append((user, organisation_id))
        created += 1
    folders = {
        name: Folder.objects.create(group=group, name=name, created_at=_at(390))
        for name in sorted({folder for _t, folder, _x in DOCUMENTS})
    }
    created += len(folders)
    created += _documents(group, folders, [user for user, _o in members], rng)
    held = []
    for number, days in enumerate(plan.past, start=1):
        meeting = _meeting(group, plan, number, days, lead, members, rng, held=True)
        held.append(meeting)
        created += 1
    upcoming = _meeting(group, plan, len(plan.past) + 1, -21 - index * 5, lead, members, rng)
    created += 1
    for number, meeting in enumerate(held):
        last = number == len(held) - 1
        draft = last and plan.kind == Group.Kind.WORKING and plan.slug == "ferienbetreuung"
        created += _minutes(meeting, lead, members, rng, approved=not draft)
    created += _tasks(group, held, upcoming, [user for user, _o in members], lead, rng)
    return created


def _meeting(
    group: Group,
    plan: Plan,
    number: int,
    days_ago: int,
    lead: User,
    members: list[tuple[User, int | None]],
    rng: random.Random,
    *,
    held: bool = False,
) -> Meeting:
    starts = _at(days_ago)
    title = (
        f"{number}. Bündnistreffen"
        if plan.kind == Group.Kind.PLENARY
        else f"{plan.name}: {number}. Sitzung"
    )
    meeting = Meeting.objects.create(
        group=group,
        title=title,
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=2),
        place="Rathaus Musterstadt, Raum 101" if number % 2 else "Familienzentrum Nord",
        online_url="https://konferenz.musterstadt.example/buendnis" if number % 3 == 0 else "",
        status=Meeting.Status.HELD if held else Meeting.Status.PLANNED,
        created_by=lead,
        created_at=starts - dt.timedelta(days=28),
    )
    for position, topic in enumerate(["Begrüßung und Protokoll", *plan.topics], start=1):
        AgendaItem.objects.create(
            meeting=meeting,
            position=position,
            title=topic,
            owner=lead if position == 1 else rng.choice(members)[0],
            minutes_planned=10 if position == 1 else 30,
        )
    for user, _org in members:
        answer = rng.choices(
            [Reply.Answer.YES, Reply.Answer.NO, Reply.Answer.MAYBE], weights=[6, 2, 1]
        )[0]
        if not held and rng.random() < 0.3:
            continue
        Reply.objects.create(meeting=meeting, user=user, answer=answer)
        if held:
            Attendance.objects.create(
                meeting=meeting,
                user=user,
                organisation_id=_org,
                name=user.name or user.email,
                present=answer == Reply.Answer.YES,
            )
    url = reverse("network:meeting", kwargs={"slug": group.slug, "pk": meeting.pk})
    feed.record(
        group,
        Post.Kind.MEETING,
        feed.Sentence(gettext_noop("New meeting: %(title)s"), {"title": meeting.title}),
        url,
        source_key=f"meeting:{meeting.pk}:created",
        created_at=min(meeting.created_at, timezone.now()),
        notify=False,
    )
    return meeting


def _minutes(
    meeting: Meeting,
    lead: User,
    members: list[tuple[User, int | None]],
    rng: random.Random,
    *,
    approved: bool,
) -> int:
    finished = meeting.ends_at + dt.timedelta(days=3)
    minutes = Minutes.objects.create(
        meeting=meeting,
        status=Minutes.Status.APPROVED if approved else Minutes.Status.DRAFT,
        version=3,
        approved_at=finished + dt.timedelta(days=10) if approved else None,
        approved_by=lead if approved else None,
        updated_by=lead,
        updated_at=finished,
        created_at=finished,
    )
    created = 1
    decided = meeting.starts_at.date()
    for item in meeting.items.all():
        report, discussion, decision = NOTES.get(
            item.title,
            (f"{item.title} wurde vorgestellt.", "Die Gruppe hat beraten.", ""),
        )
        if not decision and item.position > 1:
            decision = rng.choice(DECISIONS)
        body = f"Bericht: {report}\n\nDiskussion: {discussion}"
        if decision:
            body += f"\n\nBeschluss: {decision}"
        section = MinutesSection.objects.create(
            minutes=minutes,
            agenda_item=item,
            position=item.position,
            heading=item.title,
            body=body,
        )
        created += 1
        if decision:
            Decision.objects.create(
                group=meeting.group,
                minutes=minutes,
                section=section,
                text=decision,
                decided_on=decided,
                position=item.position,
            )
            created += 1
    MinutesComment.objects.create(
        minutes=minutes,
        author=rng.choice(members)[0],
        text="Danke für das Protokoll, bei TOP 2 bitte noch den Termin ergänzen.",
        created_at=finished + dt.timedelta(days=2),
    )
    group = meeting.group
    url = reverse("network:minutes-detail", args=[group.slug, minutes.pk])
    if approved:
        feed.record(
            group,
            Post.Kind.MINUTES,
            feed.Sentence(
                gettext_noop("Minutes approved: %(meeting)s"), {"meeting": meeting.title}
            ),
            url,
            source_key=f"minutes:{minutes.pk}:approved",
            created_at=minutes.approved_at,
            notify=False,
        )
    return created + 1


def _tasks(
    group: Group,
    held: list[Meeting],
    upcoming: Meeting,
    users: list[User],
    lead: User,
    rng: random.Random,
) -> int:
    today = timezone.localdate()
    states = [
        (Task.Status.OPEN, 14),
        (Task.Status.OPEN, -5),  # overdue
        (Task.Status.IN_PROGRESS, 7),
        (Task.Status.DONE, -30),
        (Task.Status.CANCELLED, -60),
        (Task.Status.OPEN, None),
    ]
    created = 0
    for number, (status, due) in enumerate(states):
        source = held[-1 - number % len(held)] if held else None
        minutes = getattr(source, "minutes", None) if source else None
        task = Task.objects.create(
            group=group,
            title=TASKS[(number + len(group.name)) % len(TASKS)],
            description="Aus dem Protokoll übernommen." if minutes else "",
            owner=rng.choice(users),
            due_on=today + dt.timedelta(days=due) if due is not None else None,
            status=status,
            minutes=minutes,
            meeting=source,
            created_by=lead,
            created_at=(source.ends_at if source else timezone.now()),
            completed_at=timezone.now() - dt.timedelta(days=20)
            if status == Task.Status.DONE
            else None,
        )
        created += 1
        if status == Task.Status.OPEN and due is not None and due < 0:
            AgendaItem.objects.create(
                meeting=upcoming,
                position=upcoming.items.count() + 1,
                title=f"Offene Aufgabe: {task.title}",
                owner=task.owner,
                task=task,
            )
            created += 1
    return created


def _documents(
    group: Group, folders: dict[str, Folder], users: list[User], rng: random.Random
) -> int:
    created = 0
    for title, folder, text in DOCUMENTS:
        author = rng.choice(users)
        document = Document.objects.create(
            group=group,
            folder=folders[folder],
            title=f"{title} {group.name}",
            created_by=author,
            created_at=_at(300),
            updated_at=_at(100),
        )
        created += 1
        for number, (note, days) in enumerate([("Erste Fassung", 300), ("Überarbeitet", 100)], 1):
            data = _pdf(f"{title} {group.name}. {text} Fassung {number}: {note}.")
            version = DocumentVersion(
                document=document,
                number=number,
                original_name=f"{title.lower().replace(' ', '-')}-v{number}.pdf",
                size=len(data),
                content_type="application/pdf",
                note=note,
                text=f"{title} {group.name}. {text} Fassung {number}: {note}.",
                uploaded_by=rng.choice(users),
                uploaded_at=_at(days),
            )
            version.file.save("dokument.pdf", ContentFile(data), save=False)
            picture = previews.preview_png(data, "pdf")
            if picture:
                version.preview.save("vorschau.png", ContentFile(picture), save=False)
            version.save()
            created += 1
    return created
