"""About 150 demo offers of the partners of Musterstadt, across all themes, audiences and
districts. Generated from a list of offer types, each run by one or more partners in
one or more districts; a second run creates nothing (offers are found by slug).

Runs after the partners' demo (apps load in INSTALLED_APPS order); districts are
created here too if they are missing, so the order does not matter for them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from familienrathaus.core import demo_pictures
from familienrathaus.core.models import Audience, District, Language, Theme
from familienrathaus.core.slugs import german_slug
from familienrathaus.offers import demo_translations, search
from familienrathaus.offers.models import Offer, OfferImage, OfferLocation, OfferTime
from familienrathaus.partners.models import Organisation

DISTRICTS = ["Altstadt", "Nordviertel", "Südstadt", "Westfeld", "Osterholz", "Am Bach"]
# Centre of each district (WGS 84) and a few streets there.
CENTRES = {
    "Altstadt": (Decimal("51.4005"), Decimal("7.1900")),
    "Nordviertel": (Decimal("51.4090"), Decimal("7.1905")),
    "Südstadt": (Decimal("51.3925"), Decimal("7.1935")),
    "Westfeld": (Decimal("51.3985"), Decimal("7.1740")),
    "Osterholz": (Decimal("51.4015"), Decimal("7.2065")),
    "Am Bach": (Decimal("51.3950"), Decimal("7.1820")),
}
STREETS = {
    "Altstadt": ["Marktplatz", "Kirchstraße", "Burgstraße", "Rathausplatz"],
    "Nordviertel": ["Lindenallee", "Schillerstraße", "Goethestraße", "Nordring"],
    "Südstadt": ["Bahnhofstraße", "Südring", "Ahornweg", "Brückenstraße"],
    "Westfeld": ["Fliederweg", "Westfelder Straße", "Tulpenweg", "Am Sportplatz"],
    "Osterholz": ["Osterholzer Straße", "Buchenweg", "Eichenhain", "Waldstraße"],
    "Am Bach": ["Bachstraße", "Mühlenweg", "Uferpfad", "Wiesengrund"],
}

# Themes and audiences as seeded by core's migration.
BALANCE = "Balance von Familie und Arbeitswelt"
EDUCATION = "Bildung und Betreuung"
HEALTH = "Gesundheit"
PARENTING = "Erziehung in der Familie"
HOUSING = "Wohnen, Wohnumfeld und Mobilität"
LEISURE = "Sport, Freizeit und Kultur"
INTEGRATION = "Integration und Nachbarschaft"

EARLY = "Schwangere und junge Eltern / Frühe Hilfen"
SINGLE = "Alleinerziehende"
LOW_INCOME = "Familien mit geringem Einkommen"
CHILDREN = "Kinder"
YOUTH = "Jugendliche"
SENIORS = "Senior:innen"
CARERS = "Pflegende Angehörige"
CARE_CHILDREN = "Familien mit pflegebedürftigen Kindern"
MIGRANTS = "Zugewanderte"

MO, DI, MI, DO, FR, SA, SO = range(7)


@dataclass(frozen=True)
class Kind:
    """One type of offer; each (partner, district) in ``places`` becomes one offer."""

    title: str
    summary: str
    description: str
    themes: list[str]
    audiences: list[str]
    places: list[tuple[str, str]]
    ages: tuple[int | None, int | None] = (None, None)
    cost: str = Offer.Cost.FREE
    cost_note: str = ""
    languages: list[str] = field(default_factory=lambda: ["de"])
    accessibility: list[str] = field(default_factory=list)
    times: list[tuple[int, str, str, str]] = field(default_factory=list)
    times_note: str = ""
    phone: bool = True
    online: str = ""


CARITAS = "Caritasverband Musterstadt"
DIAKONIE = "Diakonie Musterstadt"
AWO = "AWO Ortsverein Musterstadt"
DRK = "DRK Kreisverband Musterstadt"
SONNENBLUME = "Familienzentrum Sonnenblume"
REGENBOGEN = "Kita Regenbogen"
SCHULE = "Grundschule am Stadtpark"
VHS = "Volkshochschule Musterstadt"
BIBLIOTHEK = "Stadtbibliothek Musterstadt"
JUGENDAMT = "Jugendamt Musterstadt"
FRUEHE_HILFEN = "Gesundheitsamt – Frühe Hilfen"
TUS = "TuS Musterstadt 1890 e. V."
ALLEINERZIEHENDE = "Alleinerziehenden-Treff e. V."
KINDERSCHUTZBUND = "Kinderschutzbund Musterstadt"
ST_MARIEN = "Evangelische Kirchengemeinde St. Marien"
STORCHENNEST = "Hebammenpraxis Storchennest"
KINDERARZT = "Kinderarztpraxis Dr. Sommer"
STADTWERKE = "Stadtwerke Musterstadt GmbH"
SPARKASSE = "Sparkasse Musterstadt"
SEITENWEISE = "Buchhandlung Seitenweise"
CARITAS_BERATUNG = "Caritas-Familienberatungsstelle"
TAFEL = "Diakonie-Tafel Musterstadt"
SENIORENTREFF = "AWO-Seniorentreff Osterholz"
FBS = "Familienbildungsstätte Musterstadt"
JUZ = "Jugendzentrum Westfeld"
PFLEGESTUETZPUNKT = "Pflegestützpunkt Musterstadt"
DELPHIN = "Schwimmverein Delphin e. V."
FOERDERVEREIN = "Förderverein Kita Regenbogen e. V."
ST_JOSEF = "Katholische Kirchengemeinde St. Josef"
PHYSIO = "Physiotherapie am Bach"

KINDS = [
    Kind(
        "Stillberatung",
        "Hebammen beraten Sie in allen Fragen rund ums Stillen – vertraulich und kostenlos.",
        "Ob Anlegen, wunde Brustwarzen oder die Frage, wie viel Milch Ihr Baby bekommt: "
        "In der offenen Sprechstunde nimmt sich eine Hebamme Zeit für Sie.\n\n"
        "Bringen Sie Ihr Baby gern mit. Eine Anmeldung ist nicht nötig.",
        [HEALTH],
        [EARLY],
        [
            (STORCHENNEST, "Am Bach"),
            (SONNENBLUME, "Westfeld"),
            (FRUEHE_HILFEN, "Altstadt"),
            (DIAKONIE, "Nordviertel"),
        ],
        ages=(0, 1),
        accessibility=["step_free"],
        times=[(DI, "09:30", "11:30", "")],
    ),
    Kind(
        "Hebammensprechstunde",
        "Offene Sprechstunde für Schwangere und Familien mit Neugeborenen – auch ohne eigene "
        "Hebamme.",
        "Sie haben keine Hebamme gefunden? In unserer Sprechstunde beantworten erfahrene "
        "Hebammen Ihre Fragen zu Schwangerschaft, Geburt und den ersten Wochen mit Baby.\n\n"
        "- Beratung zu Beschwerden in der Schwangerschaft\n- Gewichtskontrolle des Babys\n"
        "- Hilfe bei Anträgen rund um die Geburt",
        [HEALTH],
        [EARLY, MIGRANTS],
        [(STORCHENNEST, "Am Bach"), (FRUEHE_HILFEN, "Südstadt"), (DIAKONIE, "Nordviertel")],
        languages=["de", "tr", "ar"],
        times=[(DO, "14:00", "16:00", "")],
    ),
    Kind(
        "Elterncafé",
        "Ein offener Treff für Mütter und Väter mit Kindern bis drei Jahre – bei Kaffee und "
        "Gesprächen.",
        "Im Elterncafé lernen Sie andere Eltern aus Ihrem Viertel kennen. Die Kinder spielen, "
        "die Großen tauschen sich aus. Einmal im Monat kommt eine Fachkraft der "
        "Erziehungsberatung dazu.",
        [PARENTING, INTEGRATION],
        [EARLY, SINGLE, LOW_INCOME],
        [
            (SONNENBLUME, "Westfeld"),
            (AWO, "Südstadt"),
            (ST_MARIEN, "Altstadt"),
            (ST_JOSEF, "Osterholz"),
            (FBS, "Nordviertel"),
            (ST_JOSEF, "Am Bach"),
        ],
        ages=(0, 3),
        languages=["de", "tr"],
        accessibility=["step_free", "toilet"],
        times=[(MI, "09:00", "11:00", "")],
    ),
    Kind(
        "Krabbelgruppe",
        "Spielen, singen, andere Familien kennenlernen: die Krabbelgruppe für Babys ab sechs "
        "Monaten.",
        "Wir singen Lieder, machen Fingerspiele und erkunden gemeinsam Spielsachen. Die Eltern "
        "bekommen Anregungen für den Alltag mit Baby. Bitte bringen Sie eine Decke und "
        "Stoppersocken mit.",
        [PARENTING],
        [EARLY, CHILDREN],
        [
            (SONNENBLUME, "Westfeld"),
            (ST_MARIEN, "Altstadt"),
            (FBS, "Nordviertel"),
            (REGENBOGEN, "Osterholz"),
            (ST_JOSEF, "Am Bach"),
            (AWO, "Südstadt"),
        ],
        ages=(0, 2),
        times=[(MO, "10:00", "11:30", "")],
    ),
    Kind(
        "Hausaufgabenhilfe",
        "Ehrenamtliche helfen Schulkindern bei den Hausaufgaben – ruhig, geduldig und kostenlos.",
        "Nach der Schule ist ein ruhiger Platz mit Unterstützung oft Gold wert. Unsere "
        "Ehrenamtlichen helfen bei den Hausaufgaben, beim Lesen und beim Rechnen.\n\n"
        "Für Kinder aus Familien mit geringem Einkommen gibt es zusätzlich einen Imbiss.",
        [EDUCATION],
        [CHILDREN, LOW_INCOME, MIGRANTS],
        [
            (AWO, "Südstadt"),
            (SCHULE, "Nordviertel"),
            (JUZ, "Westfeld"),
            (ST_JOSEF, "Am Bach"),
            (CARITAS, "Osterholz"),
        ],
        ages=(6, 12),
        languages=["de", "ar", "uk"],
        times=[(MO, "14:00", "16:00", ""), (MI, "14:00", "16:00", "")],
        times_note="nicht in den Schulferien",
    ),
    Kind(
        "Schuldnerberatung",
        "Kostenlose, vertrauliche Beratung, wenn die Schulden über den Kopf wachsen.",
        "Wir verschaffen uns mit Ihnen einen Überblick, verhandeln mit Gläubigern und "
        "begleiten Sie auf Wunsch bis zur Verbraucherinsolvenz. Die Beratung ist kostenlos "
        "und unterliegt der Schweigepflicht.",
        [BALANCE, HOUSING],
        [LOW_INCOME, SINGLE],
        [(CARITAS, "Altstadt"), (DIAKONIE, "Nordviertel")],
        ages=(18, None),
        languages=["de", "tr", "ru"],
        accessibility=["step_free"],
        times=[(DI, "09:00", "12:00", "Termine nach Vereinbarung")],
    ),
    Kind(
        "Pflegeberatung",
        "Unabhängige Beratung für pflegende Angehörige: Pflegegrad, Entlastung, Hilfsmittel.",
        "Wenn ein Familienmitglied pflegebedürftig wird, stellen sich viele Fragen. Wir "
        "beraten Sie zu Pflegegrad und Leistungen der Pflegeversicherung, zu "
        "Entlastungsangeboten und zur Vereinbarkeit von Pflege und Beruf.\n\n"
        "Auf Wunsch kommen wir zu Ihnen nach Hause.",
        [HEALTH, BALANCE],
        [CARERS, SENIORS, CARE_CHILDREN],
        [(PFLEGESTUETZPUNKT, "Altstadt"), (CARITAS, "Osterholz"), (SENIORENTREFF, "Osterholz")],
        ages=(18, None),
        languages=["de", "pl", "ru"],
        accessibility=["step_free", "toilet", "hearing_loop"],
        times=[(MO, "09:00", "12:00", ""), (DO, "14:00", "17:00", "")],
    ),
    Kind(
        "Deutschkurs mit Kinderbetreuung",
        "Deutsch lernen, während die Kleinen nebenan betreut werden.",
        "Der Kurs richtet sich an Mütter und Väter, die Deutsch lernen möchten. Während des "
        "Unterrichts betreuen Erzieherinnen Ihre Kinder im Raum nebenan.\n\n"
        "Einstieg jederzeit möglich, bitte melden Sie sich vorher an.",
        [INTEGRATION, EDUCATION],
        [MIGRANTS, EARLY],
        [(VHS, "Altstadt"), (SONNENBLUME, "Westfeld"), (FBS, "Nordviertel")],
        ages=(16, None),
        cost=Offer.Cost.REDUCED,
        cost_note="15 € pro Monat, mit Musterstadt-Pass kostenlos",
        languages=["de", "ar", "uk", "tr"],
        accessibility=["child_care"],
        times=[(DI, "09:00", "11:30", ""), (DO, "09:00", "11:30", "")],
    ),
    Kind(
        "Erziehungsberatung",
        "Rat bei Sorgen mit Kindern und Jugendlichen, bei Trennung und Familienkonflikten.",
        "Unsere Psychologinnen und Sozialpädagogen beraten Eltern, Kinder und Jugendliche – "
        "vertraulich, kostenlos und auf Wunsch anonym.\n\n"
        "Typische Themen:\n\n- Trotz, Schlafprobleme, Schulangst\n- Trennung und Scheidung\n"
        "- Streit in der Familie",
        [PARENTING],
        [SINGLE, CHILDREN, YOUTH],
        [(CARITAS_BERATUNG, "Altstadt"), (JUGENDAMT, "Altstadt"), (SONNENBLUME, "Westfeld")],
        languages=["de", "en", "tr"],
        accessibility=["step_free"],
        times=[(MO, "08:30", "12:00", "offene Sprechstunde")],
        times_note="Termine auch am Nachmittag nach Vereinbarung",
    ),
    Kind(
        "Kinderturnen",
        "Bewegung, Spiel und Spaß für Kinder von drei bis sechs Jahren.",
        "Klettern, balancieren, rollen: Beim Kinderturnen entdecken die Kinder spielerisch, "
        "was ihr Körper kann. Eltern können in der ersten Stunde dabeibleiben.",
        [LEISURE, HEALTH],
        [CHILDREN],
        [
            (TUS, "Westfeld"),
            (TUS, "Nordviertel"),
            (TUS, "Südstadt"),
            (TUS, "Am Bach"),
            (TUS, "Osterholz"),
        ],
        ages=(3, 6),
        cost=Offer.Cost.FEE,
        cost_note="Vereinsbeitrag 8 € im Monat",
        times=[(MI, "15:30", "16:30", "")],
    ),
    Kind(
        "Eltern-Kind-Schwimmen",
        "Babys und Kleinkinder entdecken mit Mama oder Papa das Wasser.",
        "Im warmen Lehrschwimmbecken gewöhnen sich die Kleinen spielerisch ans Wasser. Die "
        "Kurse laufen über zehn Termine.",
        [LEISURE, HEALTH],
        [EARLY, CHILDREN],
        [(DELPHIN, "Am Bach"), (DELPHIN, "Südstadt")],
        ages=(0, 4),
        cost=Offer.Cost.REDUCED,
        cost_note="60 € für 10 Termine, ermäßigt 20 € mit Musterstadt-Pass",
        times=[(SA, "09:00", "09:45", "Babys"), (SA, "10:00", "10:45", "Kleinkinder")],
    ),
    Kind(
        "Ferienfreizeit",
        "Eine Woche Zeltlager mit Spielen, Lagerfeuer und Ausflügen für Kinder von 8 bis 12.",
        "In den Sommerferien fahren wir für eine Woche an den Sorpesee. Betreut werden die "
        "Kinder von ausgebildeten Jugendleiterinnen und -leitern.\n\n"
        "Für Familien mit geringem Einkommen übernimmt ein Förderfonds den größten Teil der "
        "Kosten.",
        [LEISURE],
        [CHILDREN, LOW_INCOME],
        [(ST_MARIEN, "Altstadt"), (AWO, "Südstadt"), (JUZ, "Westfeld")],
        ages=(8, 12),
        cost=Offer.Cost.REDUCED,
        cost_note="180 €, ermäßigt 30 €",
        times_note="in der zweiten Woche der Sommerferien",
    ),
    Kind(
        "Offener Jugendtreff",
        "Kicker, Musik, Gespräche: der Treff für Jugendliche ab 12 Jahren.",
        "Hier kannst du Freunde treffen, Billard spielen, kochen oder einfach abhängen. Die "
        "Mitarbeitenden haben ein offenes Ohr für Sorgen und helfen bei Bewerbungen.",
        [LEISURE, INTEGRATION],
        [YOUTH, MIGRANTS],
        [(JUZ, "Westfeld"), (ST_JOSEF, "Osterholz"), (TUS, "Am Bach"), (AWO, "Südstadt")],
        ages=(12, 18),
        languages=["de", "ar", "tr"],
        times=[(DI, "15:00", "20:00", ""), (FR, "15:00", "21:00", "")],
    ),
    Kind(
        "Babysitterkurs",
        "In zwei Tagen fit für die Kinderbetreuung – mit Zertifikat.",
        "Jugendliche ab 14 Jahren lernen, wie man Babys wickelt, was Kinder in welchem Alter "
        "brauchen und wie man bei kleinen Unfällen hilft. Wer teilnimmt, kommt in die "
        "Babysitterkartei.",
        [EDUCATION, BALANCE],
        [YOUTH],
        [(DRK, "Osterholz"), (FBS, "Nordviertel")],
        ages=(14, 18),
        cost=Offer.Cost.FEE,
        cost_note="25 € inkl. Material",
        times=[(SA, "10:00", "16:00", "zwei Samstage")],
    ),
    Kind(
        "Erste Hilfe am Kind",
        "Was tun bei Fieberkrampf, Verschlucken oder Verbrühung? Der Kurs für Eltern und "
        "Großeltern.",
        "Sie üben an Puppen die Wiederbelebung von Säuglingen und Kleinkindern und lernen, "
        "typische Notfälle zu erkennen.",
        [HEALTH],
        [EARLY, SENIORS],
        [(DRK, "Osterholz"), (DRK, "Altstadt"), (FBS, "Nordviertel"), (DRK, "Westfeld")],
        cost=Offer.Cost.FEE,
        cost_note="35 € pro Person",
        times=[(SA, "09:00", "15:00", "")],
    ),
    Kind(
        "Treff für Alleinerziehende",
        "Austausch, Tipps und gegenseitige Hilfe – während die Kinder betreut spielen.",
        "Alleinerziehende kennen die Herausforderungen: Arbeit, Kinder, Behördenpost. Im "
        "Treff finden Sie Menschen in derselben Lage, Informationen zu Unterhalt und "
        "Unterstützungsangeboten und manchmal einfach eine Pause.",
        [PARENTING, BALANCE],
        [SINGLE, LOW_INCOME],
        [
            (ALLEINERZIEHENDE, "Altstadt"),
            (ALLEINERZIEHENDE, "Südstadt"),
            (DIAKONIE, "Nordviertel"),
            (SONNENBLUME, "Westfeld"),
        ],
        languages=["de", "uk"],
        accessibility=["child_care"],
        times=[(DO, "16:00", "18:00", "")],
    ),
    Kind(
        "Beratung zu Unterhalt und Unterhaltsvorschuss",
        "Wir helfen beim Antrag auf Unterhaltsvorschuss und bei Fragen zum Kindesunterhalt.",
        "Das Jugendamt berät Sie zu Beistandschaften, Unterhaltsberechnung und zum "
        "Unterhaltsvorschuss. Bringen Sie bitte Ihre Unterlagen mit.",
        [BALANCE],
        [SINGLE, LOW_INCOME],
        [(JUGENDAMT, "Altstadt"), (ALLEINERZIEHENDE, "Südstadt")],
        ages=(18, None),
        accessibility=["step_free", "toilet"],
        times=[(DI, "08:30", "12:00", ""), (DO, "14:00", "17:30", "")],
    ),
    Kind(
        "Familienpass-Sprechstunde",
        "Rabatte bei Schwimmbad, Zoo und Kursen: wir stellen den Musterstadt-Pass aus.",
        "Familien mit geringem Einkommen erhalten mit dem Musterstadt-Pass Ermäßigungen bei "
        "vielen Angeboten in der Stadt. Wir prüfen Ihren Anspruch und stellen den Pass "
        "gleich aus.",
        [BALANCE, LEISURE],
        [LOW_INCOME],
        [(JUGENDAMT, "Altstadt"), (AWO, "Südstadt")],
        languages=["de", "tr", "ar", "uk"],
        times=[(MI, "09:00", "12:00", "")],
    ),
    Kind(
        "Lebensmittelausgabe",
        "Jede Woche frische Lebensmittel für Menschen mit geringem Einkommen.",
        "Die Tafel sammelt Lebensmittel, die sonst weggeworfen würden, und gibt sie gegen "
        "einen kleinen Beitrag weiter. Bitte bringen Sie Ihren Berechtigungsnachweis und "
        "eine Tasche mit.",
        [HOUSING, INTEGRATION],
        [LOW_INCOME, SENIORS, SINGLE],
        [(TAFEL, "Südstadt"), (TAFEL, "Nordviertel")],
        cost=Offer.Cost.REDUCED,
        cost_note="2 € pro Einkauf",
        languages=["de", "ru", "ar", "uk"],
        times=[(FR, "10:00", "13:00", "")],
    ),
    Kind(
        "Vorlesestunde",
        "Bilderbücher, Geschichten und Basteln für Kinder ab drei Jahren.",
        "Jede Woche lesen Ehrenamtliche eine Geschichte vor. Danach wird passend zum Buch "
        "gemalt oder gebastelt. Eltern dürfen gern dabeibleiben.",
        [EDUCATION, LEISURE],
        [CHILDREN],
        [
            (BIBLIOTHEK, "Altstadt"),
            (SEITENWEISE, "Altstadt"),
            (REGENBOGEN, "Osterholz"),
            (BIBLIOTHEK, "Am Bach"),
        ],
        ages=(3, 8),
        accessibility=["step_free"],
        times=[(FR, "15:00", "16:00", "")],
    ),
    Kind(
        "Mehrsprachige Vorlesestunde",
        "Geschichten auf Deutsch und in den Familiensprachen der Kinder.",
        "Eine Geschichte, zwei Sprachen: Vorleserinnen lesen abwechselnd auf Deutsch und auf "
        "Türkisch, Arabisch oder Ukrainisch. So erleben Kinder ihre Familiensprache als "
        "Schatz.",
        [EDUCATION, INTEGRATION],
        [CHILDREN, MIGRANTS],
        [(BIBLIOTHEK, "Altstadt"), (BIBLIOTHEK, "Nordviertel")],
        ages=(3, 10),
        languages=["de", "tr", "ar", "uk"],
        times=[(SA, "11:00", "12:00", "jeden ersten Samstag im Monat")],
    ),
    Kind(
        "Sprachförderung in der Kita",
        "Spielerische Sprachförderung für Kinder vor der Einschulung.",
        "In kleinen Gruppen erzählen, reimen und singen die Kinder. Die Eltern bekommen "
        "Ideen, wie sie die Sprache ihres Kindes im Alltag fördern können – in jeder Sprache.",
        [EDUCATION, INTEGRATION],
        [CHILDREN, MIGRANTS],
        [(REGENBOGEN, "Osterholz"), (SONNENBLUME, "Westfeld")],
        ages=(3, 6),
        languages=["de", "tr", "ar"],
        times=[(DI, "10:00", "11:00", "")],
    ),
    Kind(
        "Offene Ganztagsbetreuung in den Ferien",
        "Verlässliche Betreuung in den Oster- und Sommerferien für Grundschulkinder.",
        "Berufstätige Eltern können ihre Kinder in den Ferien von 7.30 bis 16 Uhr betreuen "
        "lassen – mit Mittagessen, Ausflügen und Projekten.",
        [BALANCE, EDUCATION],
        [CHILDREN, SINGLE],
        [(SCHULE, "Nordviertel"), (AWO, "Südstadt")],
        ages=(6, 10),
        cost=Offer.Cost.REDUCED,
        cost_note="60 € pro Woche, ermäßigt 15 € mit Musterstadt-Pass",
        times=[(MO, "07:30", "16:00", "montags bis freitags in den Ferien")],
    ),
    Kind(
        "Beratung zur Vereinbarkeit von Familie und Beruf",
        "Wiedereinstieg nach der Elternzeit, Teilzeit, Kinderbetreuung: wir beraten Sie.",
        "Wir besprechen mit Ihnen Ihre Situation, zeigen Betreuungsmöglichkeiten und helfen "
        "bei der Planung des beruflichen Wiedereinstiegs. Auch für Arbeitgeber aus "
        "Musterstadt.",
        [BALANCE],
        [EARLY, SINGLE],
        [(STADTWERKE, "Nordviertel"), (SPARKASSE, "Altstadt"), (JUGENDAMT, "Altstadt")],
        ages=(18, None),
        online="https://www.musterstadt.example/vereinbarkeit",
        times=[(DO, "15:00", "18:00", "")],
    ),
    Kind(
        "Vermittlung von Kindertagespflege",
        "Wir vermitteln Tagesmütter und -väter für Kinder unter drei Jahren.",
        "Die Fachberatung Kindertagespflege kennt alle Tagespflegepersonen in Musterstadt "
        "und hilft Ihnen, die passende Betreuung zu finden.",
        [BALANCE, EDUCATION],
        [EARLY, SINGLE],
        [(JUGENDAMT, "Altstadt")],
        ages=(0, 3),
        accessibility=["step_free", "toilet"],
        times=[(MO, "09:00", "12:00", ""), (MI, "14:00", "16:00", "")],
    ),
    Kind(
        "Familienhebamme",
        "Begleitung im ersten Lebensjahr für Familien in besonderen Lebenslagen.",
        "Familienhebammen besuchen Sie zu Hause – zum Beispiel, wenn Sie sehr jung sind, "
        "allein erziehen oder Ihr Baby zu früh geboren wurde. Das Angebot ist freiwillig und "
        "kostenlos.",
        [HEALTH, PARENTING],
        [EARLY, SINGLE, LOW_INCOME],
        [(FRUEHE_HILFEN, "Altstadt"), (FRUEHE_HILFEN, "Südstadt"), (FRUEHE_HILFEN, "Westfeld")],
        ages=(0, 1),
        languages=["de", "en", "ar"],
        times_note="Hausbesuche nach Vereinbarung",
    ),
    Kind(
        "Willkommensbesuch für Neugeborene",
        "Wir besuchen Sie nach der Geburt mit Informationen und einem kleinen Geschenk.",
        "Auf Wunsch kommt eine Mitarbeiterin der Frühen Hilfen zu Ihnen nach Hause, bringt "
        "das Willkommenspaket der Stadt und beantwortet Ihre Fragen.",
        [HEALTH, INTEGRATION],
        [EARLY],
        [(FRUEHE_HILFEN, "Nordviertel"), (FRUEHE_HILFEN, "Osterholz"), (FRUEHE_HILFEN, "Am Bach")],
        ages=(0, 1),
        languages=["de", "tr", "ru", "ar"],
        times_note="nach Terminabsprache",
    ),
    Kind(
        "Kinderärztliche Sprechstunde für Familien ohne Krankenversicherung",
        "Medizinische Hilfe für Kinder, auch ohne Versicherungskarte.",
        "Einmal im Monat untersucht Dr. Sommer Kinder, deren Familien keinen "
        "Versicherungsschutz haben. Vertraulich und kostenlos.",
        [HEALTH],
        [CHILDREN, MIGRANTS, LOW_INCOME],
        [(KINDERARZT, "Am Bach")],
        ages=(0, 17),
        languages=["de", "en", "ru"],
        times=[(MI, "16:00", "18:00", "jeden letzten Mittwoch im Monat")],
    ),
    Kind(
        "Rückenfit für pflegende Angehörige",
        "Rückenschonend pflegen: Übungen und Tipps von Physiotherapeutinnen.",
        "Wer einen Angehörigen pflegt, hebt und trägt viel. Im Kurs lernen Sie rückenschonende "
        "Techniken und Übungen für den Alltag.",
        [HEALTH, BALANCE],
        [CARERS, CARE_CHILDREN],
        [(PHYSIO, "Am Bach"), (PFLEGESTUETZPUNKT, "Altstadt")],
        ages=(18, None),
        cost=Offer.Cost.REDUCED,
        cost_note="Kosten übernimmt meist die Pflegekasse",
        accessibility=["step_free", "toilet"],
        times=[(MO, "18:00", "19:00", "")],
    ),
    Kind(
        "Familienentlastender Dienst",
        "Stundenweise Betreuung für Kinder mit Behinderung – damit Eltern durchatmen können.",
        "Geschulte Helferinnen und Helfer betreuen Ihr Kind zu Hause oder begleiten es zu "
        "Freizeitaktivitäten. Die Kosten können über die Verhinderungspflege abgerechnet "
        "werden.",
        [HEALTH, BALANCE],
        [CARE_CHILDREN, CARERS],
        [(DIAKONIE, "Nordviertel"), (CARITAS, "Altstadt")],
        ages=(0, 27),
        cost=Offer.Cost.REDUCED,
        cost_note="über die Pflegekasse abrechenbar",
        languages=["de", "dgs"],
        accessibility=["sign_language", "step_free"],
        times_note="nach Vereinbarung, auch am Wochenende",
    ),
    Kind(
        "Gesprächskreis für Eltern von Kindern mit Behinderung",
        "Erfahrungen teilen, Kraft tanken, voneinander lernen.",
        "Einmal im Monat treffen sich Eltern von Kindern mit Behinderung oder chronischer "
        "Erkrankung. Eine Sozialpädagogin moderiert; Gebärdensprachdolmetschung ist auf "
        "Anfrage möglich.",
        [HEALTH, PARENTING],
        [CARE_CHILDREN],
        [(DIAKONIE, "Nordviertel"), (KINDERSCHUTZBUND, "Südstadt")],
        languages=["de", "dgs"],
        accessibility=["sign_language", "step_free", "hearing_loop"],
        times=[(DO, "19:00", "21:00", "jeden zweiten Donnerstag im Monat")],
    ),
    Kind(
        "Seniorentreff mit Enkelnachmittag",
        "Kaffee, Kuchen und einmal im Monat ein Nachmittag mit den Enkeln.",
        "Der Treff lädt Seniorinnen und Senioren zum Klönen, Spielen und Singen ein. Am "
        "Enkelnachmittag basteln Groß und Klein gemeinsam.",
        [INTEGRATION, LEISURE],
        [SENIORS, CHILDREN],
        [
            (SENIORENTREFF, "Osterholz"),
            (ST_MARIEN, "Altstadt"),
            (ST_JOSEF, "Am Bach"),
            (ST_MARIEN, "Westfeld"),
        ],
        cost=Offer.Cost.FEE,
        cost_note="1,50 € für Kaffee und Kuchen",
        accessibility=["step_free", "toilet"],
        times=[(MI, "14:30", "17:00", "")],
    ),
    Kind(
        "Leihgroßeltern",
        "Ehrenamtliche Omas und Opas schenken Familien Zeit.",
        "Wir bringen Familien ohne Großeltern in der Nähe mit älteren Menschen zusammen, die "
        "gern Zeit mit Kindern verbringen. Ein Kennenlerngespräch steht am Anfang.",
        [INTEGRATION, BALANCE],
        [SENIORS, SINGLE, CHILDREN],
        [(FBS, "Nordviertel"), (SENIORENTREFF, "Osterholz")],
        times_note="Vermittlung nach Vereinbarung",
    ),
    Kind(
        "Nachbarschaftscafé",
        "Treffpunkt für alle im Viertel – mit Tauschregal und Reparaturecke.",
        "Im Nachbarschaftscafé kommen alte und neue Nachbarn ins Gespräch. Jeden ersten "
        "Samstag reparieren Ehrenamtliche kaputte Kinderspielzeuge und Fahrräder.",
        [INTEGRATION, HOUSING],
        [MIGRANTS, SENIORS, LOW_INCOME],
        [
            (ST_JOSEF, "Osterholz"),
            (AWO, "Südstadt"),
            (ST_MARIEN, "Altstadt"),
            (JUZ, "Westfeld"),
            (DIAKONIE, "Nordviertel"),
        ],
        languages=["de", "tr", "pl", "ar"],
        accessibility=["step_free"],
        times=[(SA, "10:00", "13:00", "")],
    ),
    Kind(
        "Beratung für neu Zugewanderte",
        "Hilfe bei Anmeldung, Kita-Platz, Schule und Behördenpost.",
        "Sie sind neu in Musterstadt? Wir helfen beim Ausfüllen von Anträgen, erklären das "
        "Schulsystem und begleiten Sie auf Wunsch zu Ämtern.",
        [INTEGRATION],
        [MIGRANTS],
        [(CARITAS, "Altstadt"), (DIAKONIE, "Nordviertel"), (AWO, "Südstadt")],
        languages=["de", "en", "ar", "uk", "ru", "tr"],
        times=[(MO, "13:00", "16:00", "")],
    ),
    Kind(
        "Frauentreff International",
        "Frauen aus aller Welt treffen sich zum Kochen, Reden und Deutschüben.",
        "Beim Frauentreff lernen Sie andere Frauen kennen, üben Deutsch im Gespräch und "
        "erfahren viel über das Leben in Musterstadt. Kinder werden nebenan betreut.",
        [INTEGRATION],
        [MIGRANTS, SINGLE],
        [(FBS, "Nordviertel"), (ST_JOSEF, "Osterholz")],
        languages=["de", "ar", "tr", "uk"],
        accessibility=["child_care"],
        times=[(DO, "09:30", "11:30", "")],
    ),
    Kind(
        "Wohnberatung",
        "Hilfe bei der Wohnungssuche, bei Mietschulden und drohender Räumung.",
        "Wir unterstützen Familien, die eine bezahlbare Wohnung suchen oder ihre Wohnung zu "
        "verlieren drohen – mit Beratung zu Wohngeld, Wohnberechtigungsschein und "
        "Mietrecht.",
        [HOUSING],
        [LOW_INCOME, SINGLE, MIGRANTS],
        [(CARITAS, "Altstadt"), (DIAKONIE, "Nordviertel")],
        ages=(18, None),
        languages=["de", "tr", "ar"],
        times=[(MI, "09:00", "12:00", "")],
    ),
    Kind(
        "Energiesparberatung für Familien",
        "Strom und Heizkosten senken: kostenlose Beratung bei Ihnen zu Hause.",
        "Unsere Energieberater kommen zu Ihnen, messen den Verbrauch Ihrer Geräte und zeigen, "
        "wo Sie sparen können. Haushalte mit geringem Einkommen erhalten ein "
        "Energiesparpaket gratis.",
        [HOUSING],
        [LOW_INCOME, SENIORS],
        [(STADTWERKE, "Nordviertel")],
        online="https://www.stadtwerke-musterstadt.example/energieberatung",
        times_note="Hausbesuche nach Terminvereinbarung",
    ),
    Kind(
        "Sicher mit dem Rad zur Schule",
        "Radfahrtraining für Grundschulkinder im Schonraum und im Straßenverkehr.",
        "Die Kinder üben Bremsen, Handzeichen und Abbiegen, zuerst auf dem Schulhof, dann "
        "mit Begleitung im Viertel. Räder und Helme können geliehen werden.",
        [HOUSING, EDUCATION],
        [CHILDREN],
        [(SCHULE, "Nordviertel"), (TUS, "Westfeld")],
        ages=(8, 10),
        times=[(FR, "14:00", "15:30", "")],
    ),
    Kind(
        "Familienfahrradwerkstatt",
        "Gemeinsam Fahrräder reparieren – Werkzeug und Ersatzteile sind da.",
        "Unter Anleitung reparieren Familien ihre Räder selbst. Gespendete Kinderräder geben "
        "wir gegen eine kleine Spende weiter.",
        [HOUSING, LEISURE],
        [LOW_INCOME, CHILDREN, YOUTH],
        [(JUZ, "Westfeld"), (ST_JOSEF, "Am Bach")],
        languages=["de", "ar"],
        times=[(SA, "11:00", "14:00", "")],
    ),
    Kind(
        "Starke Eltern – starke Kinder",
        "Der Elternkurs des Kinderschutzbundes: Erziehung ohne Gewalt, mit Humor und Gelassenheit.",
        "In acht Abenden geht es um Grenzen setzen, Gefühle verstehen und den Umgang mit "
        "Konflikten. Die Kursleiterinnen bringen viele Alltagsbeispiele mit.",
        [PARENTING],
        [SINGLE, CHILDREN],
        [
            (KINDERSCHUTZBUND, "Südstadt"),
            (FBS, "Nordviertel"),
            (SONNENBLUME, "Westfeld"),
            (ST_JOSEF, "Am Bach"),
        ],
        cost=Offer.Cost.REDUCED,
        cost_note="40 € für den Kurs, ermäßigt 10 €",
        languages=["de", "tr"],
        times=[(MO, "19:00", "21:00", "acht Termine")],
    ),
    Kind(
        "Pubertät – Gelassen durch stürmische Zeiten",
        "Infoabend und Gesprächsgruppe für Eltern von Jugendlichen.",
        "Streit ums Handy, schlechte Noten, erste Liebe: Fachleute geben Tipps und Eltern "
        "tauschen Erfahrungen aus.",
        [PARENTING],
        [YOUTH],
        [(CARITAS_BERATUNG, "Altstadt"), (JUZ, "Westfeld")],
        times=[(DI, "19:30", "21:00", "einmal im Monat")],
    ),
    Kind(
        "Medienkompetenz für Familien",
        "Handy, Tablet, Spielekonsole: wie viel ist gut? Ein Abend mit Tipps zum Ausprobieren.",
        "Eltern lernen Jugendschutzeinstellungen kennen und sprechen über Regeln, die zur "
        "Familie passen. Kinder ab zehn dürfen mitkommen.",
        [EDUCATION, PARENTING],
        [CHILDREN, YOUTH],
        [(BIBLIOTHEK, "Altstadt"), (VHS, "Altstadt"), (SCHULE, "Nordviertel")],
        online="https://www.vhs-musterstadt.example/medien",
        times=[(MI, "18:30", "20:30", "")],
    ),
    Kind(
        "Väter-Kind-Samstag",
        "Zeit für Papas und ihre Kinder: Werken, Kochen, Toben.",
        "Einmal im Monat gehört der Samstagvormittag den Vätern und ihren Kindern. Wir bauen "
        "Nistkästen, backen Brot oder toben in der Turnhalle.",
        [PARENTING, LEISURE],
        [CHILDREN, SINGLE],
        [(FBS, "Nordviertel"), (SONNENBLUME, "Westfeld"), (TUS, "Südstadt")],
        ages=(3, 10),
        times=[(SA, "10:00", "12:30", "jeden dritten Samstag im Monat")],
    ),
    Kind(
        "Kinderchor",
        "Singen macht stark: der Kinderchor für alle von 6 bis 11.",
        "Wir singen Lieder aus aller Welt, üben für kleine Auftritte und haben viel Spaß. "
        "Vorkenntnisse braucht niemand.",
        [LEISURE],
        [CHILDREN],
        [(ST_MARIEN, "Altstadt"), (ST_JOSEF, "Osterholz")],
        ages=(6, 11),
        times=[(DO, "16:30", "17:30", "")],
    ),
    Kind(
        "Familiensport im Park",
        "Bewegung an der frischen Luft für die ganze Familie – ohne Anmeldung.",
        "Jeden Sonntagvormittag laden Übungsleiter zu Spielen, Lauf- und Fangspielen im "
        "Stadtpark ein. Bei Regen geht es in die Halle.",
        [LEISURE, HEALTH],
        [CHILDREN, LOW_INCOME, SENIORS],
        [(TUS, "Nordviertel"), (TUS, "Am Bach"), (TUS, "Westfeld")],
        accessibility=["step_free"],
        times=[(SO, "10:00", "11:30", "")],
    ),
    Kind(
        "Inklusives Schwimmen",
        "Schwimmen für Kinder mit und ohne Behinderung, mit zusätzlicher Betreuung im Wasser.",
        "In kleinen Gruppen lernen alle Kinder in ihrem Tempo. Das Bad hat einen Lift und eine "
        "barrierefreie Umkleide.",
        [LEISURE, HEALTH],
        [CARE_CHILDREN, CHILDREN],
        [(DELPHIN, "Am Bach")],
        ages=(5, 14),
        cost=Offer.Cost.REDUCED,
        cost_note="20 € im Quartal, ermäßigt 5 €",
        accessibility=["step_free", "toilet", "easy_language"],
        times=[(FR, "16:00", "17:00", "")],
    ),
    Kind(
        "Lernpatenschaften",
        "Ehrenamtliche Patinnen und Paten begleiten Kinder ein Jahr lang beim Lernen.",
        "Eine feste Bezugsperson trifft sich einmal pro Woche mit dem Kind – zum Lernen, "
        "Lesen oder für einen Ausflug in die Bücherei.",
        [EDUCATION, INTEGRATION],
        [CHILDREN, MIGRANTS, LOW_INCOME],
        [(KINDERSCHUTZBUND, "Südstadt"), (FOERDERVEREIN, "Osterholz")],
        ages=(6, 14),
        languages=["de", "uk", "ar"],
        times_note="Termine vereinbaren Pate und Familie",
    ),
    Kind(
        "Spielplatzpaten",
        "Familien kümmern sich gemeinsam um ihren Spielplatz.",
        "Spielplatzpaten melden Schäden, organisieren Aufräumaktionen und ein Spielplatzfest "
        "im Sommer. Machen Sie mit!",
        [HOUSING, INTEGRATION],
        [CHILDREN, SENIORS],
        [(FOERDERVEREIN, "Osterholz"), (AWO, "Südstadt")],
        times_note="Treffen nach Absprache",
    ),
    Kind(
        "Sprechstunde der Schulsozialarbeit",
        "Ansprechpartnerin für Kinder, Eltern und Lehrkräfte – bei kleinen und großen Sorgen.",
        "Die Schulsozialarbeiterin hilft bei Streit, Mobbing, Schulangst und bei Anträgen aus "
        "dem Bildungs- und Teilhabepaket.",
        [EDUCATION, PARENTING],
        [CHILDREN, LOW_INCOME],
        [(SCHULE, "Nordviertel")],
        ages=(6, 10),
        times=[(MO, "08:00", "12:00", ""), (DO, "08:00", "12:00", "")],
    ),
    Kind(
        "Bildung und Teilhabe – Beratung zum Antrag",
        "Zuschüsse für Klassenfahrt, Schulbedarf, Mittagessen und Vereinsbeitrag.",
        "Kinder aus Familien mit Bürgergeld, Wohngeld oder Kinderzuschlag haben Anspruch auf "
        "Leistungen für Bildung und Teilhabe. Wir helfen beim Antrag.",
        [EDUCATION, BALANCE],
        [LOW_INCOME, CHILDREN, YOUTH],
        [(JUGENDAMT, "Altstadt"), (AWO, "Südstadt"), (CARITAS, "Osterholz")],
        languages=["de", "tr", "ar", "uk", "ru"],
        times=[(DI, "13:00", "16:00", "")],
    ),
    Kind(
        "Schwangerschaftsberatung",
        "Vertrauliche Beratung in der Schwangerschaft, auch zu finanziellen Hilfen.",
        "Wir beraten Sie zu Mutterschutz, Elterngeld und Stiftungsmitteln für Schwangere in "
        "Not und begleiten Sie in schwierigen Situationen.",
        [HEALTH, BALANCE],
        [EARLY, SINGLE, LOW_INCOME],
        [(DIAKONIE, "Nordviertel"), (CARITAS_BERATUNG, "Altstadt")],
        languages=["de", "en", "ru", "ar"],
        accessibility=["step_free"],
        times=[(MO, "09:00", "12:00", ""), (MI, "14:00", "17:00", "")],
    ),
    Kind(
        "Babymassage",
        "Sanfte Berührung für Ihr Baby: ein Kurs über fünf Termine.",
        "Babymassage beruhigt, hilft bei Bauchweh und stärkt die Bindung. Sie lernen die "
        "Griffe Schritt für Schritt an Ihrem eigenen Baby. Bitte bringen Sie ein großes "
        "Handtuch mit.",
        [HEALTH, PARENTING],
        [EARLY],
        [(STORCHENNEST, "Am Bach"), (FBS, "Nordviertel"), (PHYSIO, "Am Bach")],
        ages=(0, 1),
        cost=Offer.Cost.FEE,
        cost_note="45 € für fünf Termine",
        times=[(MI, "10:00", "11:00", "")],
    ),
    Kind(
        "Yoga für Schwangere",
        "Entspannen, durchatmen, Kraft sammeln für die Geburt.",
        "Sanfte Yogaübungen lindern Rückenschmerzen und bereiten auf die Geburt vor. Ab der "
        "zwölften Schwangerschaftswoche, Vorkenntnisse sind nicht nötig.",
        [HEALTH],
        [EARLY],
        [(STORCHENNEST, "Am Bach"), (VHS, "Altstadt")],
        ages=(16, None),
        cost=Offer.Cost.FEE,
        cost_note="8 € pro Stunde, Zehnerkarte 70 €",
        times=[(DO, "18:30", "19:45", "")],
    ),
    Kind(
        "Spielgruppe für ukrainische Familien",
        "Ігрова група: Spielen, Singen und Ankommen für Kinder aus der Ukraine.",
        "Eine ukrainische Erzieherin leitet die Gruppe. Die Kinder spielen und singen, die "
        "Eltern bekommen Informationen zu Kita, Schule und Behörden in Musterstadt.",
        [INTEGRATION, EDUCATION],
        [MIGRANTS, CHILDREN],
        [(SONNENBLUME, "Westfeld"), (ST_MARIEN, "Altstadt")],
        ages=(1, 6),
        languages=["uk", "ru", "de"],
        times=[(FR, "09:30", "11:30", "")],
    ),
    Kind(
        "Computerkurs für Großeltern und Enkel",
        "Enkel erklären Tablet und Smartphone – und Großeltern erzählen von früher.",
        "In vier Nachmittagen entdecken Großeltern mit ihren Enkeln Videotelefonie, Fotos "
        "und sichere Passwörter. Geräte können gestellt werden.",
        [EDUCATION, LEISURE],
        [SENIORS, CHILDREN],
        [(VHS, "Altstadt")],
        ages=(8, None),
        cost=Offer.Cost.REDUCED,
        cost_note="20 € pro Paar, ermäßigt 5 €",
        times=[(MI, "15:00", "17:00", "vier Termine")],
    ),
]

# Offers whose last confirmation is long ago: some due for the yearly reminder, some stale.
OLD = {
    "schuldnerberatung-nordviertel": 480,
    "kinderchor-osterholz": 400,
    "spielplatzpaten-suedstadt": 500,
    "vorlesestunde-osterholz": 380,
}


def _vocabulary() -> tuple[
    dict[str, Theme], dict[str, Audience], dict[str, Language], dict[str, District]
]:
    districts = {}
    for position, name in enumerate(DISTRICTS):
        district = District.objects.filter(name=name).first()
        if district is None:
            district = District.objects.create(name=name, slug=german_slug(name), position=position)
        districts[name] = district
    return (
        {t.name: t for t in Theme.objects.all()},
        {a.name: a for a in Audience.objects.all()},
        {lang.code: lang for lang in Language.objects.all()},
        districts,
    )


def _title(kind: Kind, organisation: str, district: str) -> str:
    """The type's name, with the district (or the partner, if the district repeats)."""
    if len(kind.places) == 1:
        return kind.title
    if [d for _o, d in kind.places].count(district) > 1:
        return f"{kind.title} – {organisation}"
    return f"{kind.title} {district}"


def load() -> int:
    themes, audiences, languages, districts = _vocabulary()
    organisations = {o.name: o for o in Organisation.objects.all()}
    existing = set(Offer.objects.values_list("slug", flat=True))
    now = timezone.now()
    created = 0
    number = 0
    for kind in KINDS:
        for organisation_name, district_name in kind.places:
            number += 1
            organisation = organisations.get(organisation_name)
            if organisation is None:  # the partners' demo did not run
                continue
            title = _title(kind, organisation_name, district_name)
            slug = german_slug(title)
            if slug in existing:
                continue
            existing.add(slug)
            age = OLD.get(slug, 20 + number * 2)
            offer = Offer(
                organisation=organisation,
                title=title,
                slug=slug,
                summary=kind.summary,
                description=kind.description,
                age_min=kind.ages[0],
                age_max=kind.ages[1],
                cost=kind.cost,
                cost_note=kind.cost_note,
                accessibility=kind.accessibility,
                online_url=kind.online,
                phone=f"01234 5678-{100 + number}" if kind.phone else "",
                email=f"angebote@{german_slug(organisation_name)[:30].strip('-')}.example",
                times_note=kind.times_note,
                status=Offer.Status.PUBLISHED,
                published_at=now - timedelta(days=age),
                confirmed_at=None if slug in OLD else now - timedelta(days=number % 90),
            )
            offer.full_clean()
            offer.save()
            offer.themes.set([themes[name] for name in kind.themes])
            offer.audiences.set([audiences[name] for name in kind.audiences])
            offer.languages.set([languages[code] for code in kind.languages if code in languages])
            offer.districts.set([districts[district_name]])
            OfferTime.objects.bulk_create(
                OfferTime(
                    offer=offer,
                    weekday=weekday,
                    opens=time.fromisoformat(opens),
                    closes=time.fromisoformat(closes),
                    note=note,
                )
                for weekday, opens, closes, note in kind.times
            )
            lat, lon = CENTRES[district_name]
            shift = Decimal((number % 7) - 3) / Decimal(1000)
            OfferLocation.objects.create(
                offer=offer,
                label=organisation_name,
                street=f"{STREETS[district_name][number % 4]} {number % 40 + 1}",
                postcode="12345",
                city="Musterstadt",
                district=districts[district_name],
                latitude=lat + shift,
                longitude=lon - shift,
            )
            created += 1
    if created:  # a few offers with a picture, as partners add them
        for offer in Offer.objects.filter(images__isnull=True).order_by("pk")[:2]:
            picture = OfferImage.objects.create(offer=offer, alt_text=demo_pictures.ALT)
            demo_pictures.give([picture], "image")
    if created:
        reindex_all = getattr(search, "reindex_all", None)
        if reindex_all is not None:
            reindex_all()
        else:
            for offer in Offer.objects.filter(status=Offer.Status.PUBLISHED):
                search.reindex(offer)
    demo_translations.load(KINDS, _title)  # 32 offers in English, Turkish, Ukrainian
    return created
