"""Demo ideas of the Musterstadt Familienbeirat: 15 published ideas in every stage, with
the family office's reasons, dated progress notes, supports and comments; one idea is
linked to the Familienbeirat workshop, one to the demo survey (when the surveys demo
made one), and one more idea waits for review. A second run changes nothing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.events.models import Event
from familienrathaus.ideas.models import Comment, Idea, ProgressNote, Stage, Support
from familienrathaus.surveys.models import Survey

MEMBERS = [
    ("beirat.anna@musterstadt.example", "Anna Yilmaz"),
    ("beirat.ben@musterstadt.example", "Ben Schulte"),
    ("beirat.carla@musterstadt.example", "Carla Nowak"),
    ("beirat.deniz@musterstadt.example", "Deniz Kaya"),
    ("beirat.emma@musterstadt.example", "Emma Becker"),
    ("beirat.farid@musterstadt.example", "Farid Haddad"),
    ("beirat.greta@musterstadt.example", "Greta Hoffmann"),
    ("beirat.hanna@musterstadt.example", "Hanna Wolf"),
    ("beirat.ilias@musterstadt.example", "Ilias Papadopoulos"),
    ("beirat.jule@musterstadt.example", "Jule Krämer"),
]

# (title, text, stage, reason, [(days ago, progress note)], supports, [comments], link)
IDEAS: list[tuple[str, str, str, str, list[tuple[int, str]], int, list[str], str]] = [
    (
        "Wickeltisch in der Stadtbibliothek",
        "In der Stadtbibliothek gibt es keinen Wickeltisch. Mit Baby muss man nach Hause.",
        Stage.DONE,
        "Die Stadtbibliothek hat im Erdgeschoss einen Wickeltisch eingebaut; er steht auch "
        "auf der Karte der Still- und Wickelorte.",
        [
            (60, "Die Bibliothek hat zugesagt, einen Raum dafür frei zu machen."),
            (20, "Der Wickeltisch ist eingebaut und ausgeschildert."),
        ],
        9,
        ["Super, danke! Das war wirklich nötig.", "Gibt es auch Windeln für Notfälle?"],
        "",
    ),
    (
        "Ferienspaß-Anmeldung auch auf Papier",
        "Nicht alle Familien kommen mit der Online-Anmeldung zurecht. Bitte auch Papierbögen "
        "im Familienbüro anbieten.",
        Stage.DONE,
        "Seit den Osterferien liegen Anmeldebögen im Familienbüro und in den Familienzentren "
        "aus; wir tragen sie für Sie ein.",
        [(90, "Bögen gedruckt und an die Familienzentren verteilt.")],
        6,
        ["Meine Nachbarin hat das schon genutzt."],
        "",
    ),
    (
        "Schulwegplan für das Nordviertel",
        "Viele Kinder gehen über die Hauptstraße zur Grundschule. Ein Schulwegplan mit sicheren "
        "Querungen würde helfen.",
        Stage.IN_PROGRESS,
        "Das Ordnungsamt und die Grundschule Nordviertel erstellen gemeinsam einen Plan; Eltern "
        "können beim Schulweg-Check mitgehen.",
        [
            (45, "Erstes Treffen mit Schule, Polizei und Ordnungsamt."),
            (10, "Schulweg-Check mit 14 Eltern gemacht; der Entwurf des Plans entsteht."),
        ],
        12,
        ["Die Ampel an der Lindenallee ist viel zu kurz grün.", "Ich gehe gern beim Check mit."],
        "event",
    ),
    (
        "Spielplatz am Bach: Schattenplätze",
        "Im Sommer ist der Spielplatz am Bach mittags zu heiß. Sonnensegel oder Bäume wären gut.",
        Stage.IN_PROGRESS,
        "Das Grünflächenamt pflanzt im Herbst drei Bäume; bis sie Schatten geben, kommt ein "
        "Sonnensegel über den Sandkasten.",
        [(30, "Sonnensegel bestellt."), (5, "Standorte der Bäume mit den Eltern abgestimmt.")],
        10,
        ["Bitte auch eine Bank im Schatten!"],
        "",
    ),
    (
        "Familienpass für Alleinerziehende",
        "Ein Pass mit Ermäßigungen für Schwimmbad, Museum und Zoo würde Alleinerziehende "
        "entlasten.",
        Stage.IN_PROGRESS,
        "Der Rat hat den Familienpass beschlossen; wir sprechen gerade die Partner für "
        "Ermäßigungen an.",
        [(15, "Sieben Partner haben Ermäßigungen zugesagt.")],
        8,
        [],
        "survey",
    ),
    (
        "Sprechstunde am Abend",
        "Das Familienbüro ist nur vormittags offen. Berufstätige Eltern schaffen das nicht.",
        Stage.PLANNED,
        "Ab dem nächsten Quartal bietet das Familienbüro jeden Donnerstag bis 19 Uhr eine "
        "Sprechstunde an.",
        [(7, "Die Zeiten sind mit dem Personalrat abgestimmt.")],
        11,
        ["Das hilft uns sehr, danke."],
        "",
    ),
    (
        "Eltern-Kind-Café im Südviertel",
        "Im Südviertel gibt es keinen Treffpunkt für Eltern mit kleinen Kindern.",
        Stage.PLANNED,
        "Das Familienzentrum Südviertel öffnet im Frühjahr ein Café an zwei Vormittagen; "
        "ehrenamtliche Eltern sind willkommen.",
        [],
        7,
        ["Ich würde gern mithelfen!"],
        "",
    ),
    (
        "Mehrsprachige Infos zur Kita-Anmeldung",
        "Die Kita-Anmeldung ist nur auf Deutsch erklärt.",
        Stage.PLANNED,
        "Wir übersetzen die Anleitung in Türkisch, Ukrainisch, Russisch und Arabisch; sie "
        "erscheint im Familienwegweiser.",
        [],
        5,
        [],
        "",
    ),
    (
        "Kinderwagen-Stellplätze am Bahnhof",
        "Am Bahnhof kann man den Kinderwagen nirgends sicher abstellen.",
        Stage.UNDER_REVIEW,
        "Wir klären mit der Bahn, wem die Flächen gehören und ob dort Stellplätze möglich sind.",
        [],
        4,
        ["Auch für Fahrradanhänger wäre das gut."],
        "",
    ),
    (
        "Babyschwimmen im Hallenbad",
        "Das Hallenbad bietet kein Babyschwimmen an; die nächsten Kurse sind 20 km entfernt.",
        Stage.UNDER_REVIEW,
        "Das Hallenbad prüft, ob das Lehrschwimmbecken warm genug gemacht werden kann.",
        [],
        6,
        [],
        "",
    ),
    (
        "Leihbörse für Kinderausstattung",
        "Kinderwagen, Autositze und Kleidung werden schnell zu klein. Eine Leihbörse spart Geld.",
        Stage.UNDER_REVIEW,
        "Der Familienbeirat bespricht die Idee in seiner nächsten Werkstatt; danach suchen wir "
        "einen Ort.",
        [],
        9,
        ["Im Familienzentrum wäre Platz im Keller."],
        "",
    ),
    (
        "Bücherschrank für Kinderbücher",
        "Ein offener Bücherschrank nur mit Kinderbüchern am Marktplatz.",
        Stage.NEW,
        "",
        [],
        3,
        [],
        "",
    ),
    (
        "Familienfreundliche Toiletten in der Innenstadt",
        "In der Innenstadt fehlen öffentliche Toiletten mit Platz für Kinderwagen.",
        Stage.NEW,
        "",
        [],
        5,
        [],
        "",
    ),
    (
        "Kostenloser Bus für Familien am Wochenende",
        "Familien sollten am Wochenende kostenlos Bus fahren können.",
        Stage.NOT_POSSIBLE,
        "Die Stadt kann die Fahrpreise nicht selbst festlegen; das entscheidet der "
        "Verkehrsverbund. Wir haben die Idee dorthin weitergegeben. Kinder unter 6 Jahren "
        "fahren schon heute kostenlos.",
        [(25, "Brief an den Verkehrsverbund geschickt.")],
        7,
        ["Schade, aber danke für die Erklärung."],
        "",
    ),
    (
        "Skatepark auf dem Rathausplatz",
        "Jugendliche brauchen einen Ort zum Skaten, am besten mitten in der Stadt.",
        Stage.NOT_POSSIBLE,
        "Der Rathausplatz steht unter Denkmalschutz, dort ist kein Skatepark erlaubt. Die "
        "Jugendförderung sucht mit Jugendlichen einen anderen Ort.",
        [],
        4,
        [],
        "",
    ),
]

WAITING = (
    "Trinkbrunnen auf den Spielplätzen",
    "Auf den Spielplätzen gibt es kein Wasser. Trinkbrunnen wären im Sommer wichtig.",
)


def _members() -> list[User]:
    members = []
    for email, name in MEMBERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, name=name, role=Role.FAMILY)
        members.append(user)
    return members


def _survey() -> Survey | None:
    """The demo survey, if the surveys demo made one (the open one first)."""
    surveys = Survey.objects.filter(status=Survey.Status.PUBLISHED).order_by("-closes_at", "pk")
    return surveys.first() or Survey.objects.order_by("pk").first()


def load() -> int:
    if Idea.objects.filter(title=IDEAS[0][0]).exists():
        return 0
    members = _members()
    family = User.objects.filter(email="familie@musterstadt.example").first()
    workshop = Event.objects.filter(slug="familienbeirat-werkstatt").first()
    survey = _survey()
    now = timezone.now()
    created = 0
    for number, (title, text, stage, reason, notes, supports, comments, link) in enumerate(IDEAS):
        author = family if number in {0, 5} and family else members[number % len(members)]
        age = timedelta(days=120 - number * 6)
        idea = Idea(
            title=title,
            text=text,
            stage=stage,
            stage_reason=reason,
            stage_changed_at=now - age / 2 if stage != Stage.NEW else None,
            status=Idea.Status.PUBLISHED,
            published_at=now - age + timedelta(days=2),
            language="de",
            created_by=author,
        )
        if link == "event":
            idea.event = workshop
        if link == "survey" and survey is not None:
            idea.survey = survey
        idea.full_clean()
        idea.save()
        Idea.objects.filter(pk=idea.pk).update(created_at=now - age)
        for days, note in notes:
            ProgressNote.objects.create(
                idea=idea, day=(now - timedelta(days=days)).date(), text=note
            )
        for supporter in members[:supports]:
            Support.objects.create(idea=idea, user=supporter)
        for offset, comment in enumerate(comments, start=1):
            Comment.objects.create(
                idea=idea, author=members[(number + offset) % len(members)], text=comment
            )
        created += 1
    waiting = Idea(
        title=WAITING[0],
        text=WAITING[1],
        status=Idea.Status.SUBMITTED,
        language="de",
        created_by=members[0],
    )
    waiting.full_clean()
    waiting.save()
    return created + 1
