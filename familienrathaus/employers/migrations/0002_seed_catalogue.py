"""Seed catalogue v1 "FAMILIENbewusstes Unternehmen" and the catalogue of measures.

The eight fields of action follow the audit berufundfamilie; the statements are what
an employer in Hamm's programme answers on the scale "nicht vorhanden / geplant /
teilweise umgesetzt / vollständig umgesetzt". Keys stay the same in later versions.
"""

from django.db import migrations
from django.utils import timezone

CATALOGUE_NAME = "FAMILIENbewusstes Unternehmen"

# (key, name, description, [(key, statement, minimum, evidence_wanted), ...])
FIELDS = [
    (
        "arbeitszeit",
        "Arbeitszeit",
        "Wie flexibel Beschäftigte ihre Arbeitszeit an die Bedürfnisse ihrer Familie anpassen können.",
        [
            ("gleitzeit", "Es gibt Gleitzeit oder andere flexible Arbeitszeitmodelle.", True, True),
            (
                "teilzeit",
                "Teilzeit ist in allen Bereichen und auf allen Ebenen möglich.",
                False,
                False,
            ),
            (
                "rueckkehr-vollzeit",
                "Beschäftigte können nach einer Teilzeitphase wieder in Vollzeit zurückkehren.",
                False,
                False,
            ),
            (
                "dienstplan",
                "Schicht- und Dienstpläne berücksichtigen Betreuungs- und Pflegezeiten und stehen früh fest.",
                False,
                False,
            ),
            (
                "kurzfristig-frei",
                "In familiären Notfällen ist kurzfristig Freistellung möglich.",
                True,
                False,
            ),
        ],
    ),
    (
        "arbeitsorganisation",
        "Arbeitsorganisation",
        "Wie Arbeit und Vertretung so organisiert sind, dass familiäre Aufgaben Platz haben.",
        [
            (
                "vertretung",
                "Vertretungen sind geregelt, sodass Abwesenheiten aufgefangen werden.",
                True,
                False,
            ),
            (
                "besprechungen",
                "Besprechungen liegen in familienfreundlichen Kernzeiten.",
                False,
                False,
            ),
            ("jobsharing", "Aufgaben können geteilt werden (z. B. Jobsharing).", False, False),
            ("arbeitsmenge", "Die Arbeitsmenge wird bei Teilzeit angepasst.", False, False),
        ],
    ),
    (
        "arbeitsort",
        "Arbeitsort",
        "Wo gearbeitet werden kann: mobiles Arbeiten, Homeoffice, kurze Wege.",
        [
            (
                "mobiles-arbeiten",
                "Es gibt eine verbindliche Regelung zum mobilen Arbeiten oder Homeoffice.",
                False,
                True,
            ),
            (
                "technik",
                "Die nötige Technik für das Arbeiten von zu Hause steht zur Verfügung.",
                False,
                False,
            ),
            (
                "eltern-kind-buero",
                "Es gibt ein Eltern-Kind-Büro oder einen Raum, in den Kinder im Notfall mitkommen können.",
                False,
                False,
            ),
        ],
    ),
    (
        "information-kommunikation",
        "Information und Kommunikation",
        "Wie Beschäftigte von den familienbewussten Angeboten erfahren.",
        [
            (
                "angebote-bekannt",
                "Alle Beschäftigten kennen die familienbewussten Angebote (z. B. Intranet, Aushang, Broschüre).",
                True,
                True,
            ),
            (
                "ansprechperson",
                "Es gibt eine feste Ansprechperson für Fragen zur Vereinbarkeit.",
                False,
                False,
            ),
            (
                "befragung",
                "Die Bedürfnisse der Beschäftigten werden regelmäßig erfragt.",
                False,
                True,
            ),
            (
                "nach-aussen",
                "Das familienbewusste Engagement wird nach außen dargestellt (z. B. in Stellenanzeigen).",
                False,
                False,
            ),
        ],
    ),
    (
        "fuehrung",
        "Führung",
        "Wie Führungskräfte Vereinbarkeit vorleben und unterstützen.",
        [
            (
                "leitbild",
                "Familienbewusstsein ist im Leitbild oder in den Führungsgrundsätzen verankert.",
                True,
                True,
            ),
            (
                "fuehrungskraefte-geschult",
                "Führungskräfte sind zum Thema Vereinbarkeit geschult.",
                False,
                False,
            ),
            (
                "mitarbeitergespraech",
                "Vereinbarkeit ist Thema im Mitarbeitergespräch.",
                False,
                False,
            ),
            ("fuehren-in-teilzeit", "Führen in Teilzeit ist möglich.", False, False),
        ],
    ),
    (
        "personalentwicklung",
        "Personalentwicklung",
        "Wie Familienphasen die berufliche Entwicklung nicht ausbremsen.",
        [
            (
                "elternzeit-kontakt",
                "Während der Elternzeit wird der Kontakt gehalten (z. B. Einladungen, Informationen).",
                False,
                False,
            ),
            (
                "wiedereinstieg",
                "Der Wiedereinstieg nach der Elternzeit wird geplant und begleitet.",
                True,
                False,
            ),
            (
                "weiterbildung-teilzeit",
                "Weiterbildungen sind auch für Teilzeitbeschäftigte zugänglich.",
                False,
                False,
            ),
            ("karriere", "Familienphasen sind kein Nachteil bei Beförderungen.", False, False),
        ],
    ),
    (
        "entgelt-leistungen",
        "Entgeltbestandteile und geldwerte Leistungen",
        "Welche finanziellen Hilfen und Leistungen Familien entlasten.",
        [
            (
                "kinderbetreuungszuschuss",
                "Es gibt einen Zuschuss zur Kinderbetreuung.",
                False,
                True,
            ),
            (
                "geldwerte-leistungen",
                "Es gibt geldwerte Leistungen für Familien (z. B. Jobticket, Jobrad, Gesundheitsangebote).",
                False,
                False,
            ),
            (
                "notlagen",
                "In Notlagen gibt es Unterstützung (z. B. Vorschuss, Darlehen).",
                False,
                False,
            ),
        ],
    ),
    (
        "service-familien",
        "Service für Familien",
        "Welche Dienste Beschäftigten die Betreuung von Kindern und die Pflege von Angehörigen erleichtern.",
        [
            (
                "kinderbetreuung",
                "Es gibt Betreuungsplätze oder Belegplätze in einer Kita.",
                False,
                True,
            ),
            (
                "notfallbetreuung",
                "Für Notfälle und Ferien gibt es eine Kinderbetreuung.",
                False,
                False,
            ),
            (
                "pflege",
                "Beschäftigte mit pflegebedürftigen Angehörigen werden beraten und unterstützt.",
                True,
                False,
            ),
            (
                "haushaltsnahe-dienste",
                "Es werden haushaltsnahe Dienstleistungen vermittelt.",
                False,
                False,
            ),
            (
                "familienservice",
                "Es gibt eine Familienservice-Stelle oder einen externen Familienservice.",
                False,
                False,
            ),
        ],
    ),
]

# (title, field_key, description)
MEASURES = [
    (
        "Flexible Arbeitszeiten",
        "arbeitszeit",
        "Gleitzeit, Arbeitszeitkonten oder Vertrauensarbeitszeit einführen.",
    ),
    (
        "Regelung zum mobilen Arbeiten/Homeoffice",
        "arbeitsort",
        "Eine Dienstvereinbarung zum mobilen Arbeiten abschließen.",
    ),
    (
        "Notfallbetreuung für Kinder",
        "service-familien",
        "Betreuung für Kinder bei Ausfall der Kita oder Schule organisieren.",
    ),
    (
        "Unterstützung bei der Pflege von Angehörigen",
        "service-familien",
        "Beratung, Pflegelotsinnen und -lotsen, Freistellung bei Pflege.",
    ),
    (
        "Kontakthalteprogramm in der Elternzeit",
        "personalentwicklung",
        "Einladungen, Informationen und Vertretungseinsätze während der Elternzeit.",
    ),
    (
        "Familienservice-Stelle",
        "service-familien",
        "Eine Ansprechstelle für alle Fragen der Vereinbarkeit einrichten.",
    ),
    ("Eltern-Kind-Büro", "arbeitsort", "Einen Arbeitsplatz mit Spielecke für Notfälle einrichten."),
    (
        "Schulung der Führungskräfte zur Vereinbarkeit",
        "fuehrung",
        "Führungskräfte für familienbewusstes Führen schulen.",
    ),
    (
        "Informationsmappe zur Vereinbarkeit",
        "information-kommunikation",
        "Alle Angebote für Beschäftigte gebündelt veröffentlichen.",
    ),
    (
        "Planbare Dienstpläne",
        "arbeitszeit",
        "Dienstpläne früh veröffentlichen und Wünsche berücksichtigen.",
    ),
    (
        "Zuschuss zur Kinderbetreuung",
        "entgelt-leistungen",
        "Einen steuerfreien Zuschuss zu Kita-Beiträgen zahlen.",
    ),
    (
        "Gemeinsame Großtagespflege mit anderen Arbeitgebern",
        "service-familien",
        "Betreuungsplätze zusammen mit anderen Arbeitgebern schaffen.",
    ),
]


def seed(apps, schema_editor):
    Catalogue = apps.get_model("employers", "Catalogue")
    FieldOfAction = apps.get_model("employers", "FieldOfAction")
    Criterion = apps.get_model("employers", "Criterion")
    MeasureTemplate = apps.get_model("employers", "MeasureTemplate")
    if not Catalogue.objects.filter(name=CATALOGUE_NAME).exists():
        catalogue = Catalogue.objects.create(
            name=CATALOGUE_NAME, version=1, created_at=timezone.now()
        )
        for position, (key, name, description, criteria) in enumerate(FIELDS, start=1):
            field = FieldOfAction.objects.create(
                catalogue=catalogue,
                position=position * 10,
                name=name,
                description=description,
                key=key,
            )
            for cpos, (ckey, text, minimum, evidence) in enumerate(criteria, start=1):
                Criterion.objects.create(
                    field=field,
                    position=cpos * 10,
                    text=text,
                    minimum=minimum,
                    evidence_wanted=evidence,
                    key=ckey,
                )
    if not MeasureTemplate.objects.exists():
        for position, (title, field_key, description) in enumerate(MEASURES, start=1):
            MeasureTemplate.objects.create(
                title=title, field_key=field_key, description=description, position=position * 10
            )


def unseed(apps, schema_editor):
    """Nothing to undo: the rows go with the tables."""


class Migration(migrations.Migration):
    dependencies = [("employers", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
