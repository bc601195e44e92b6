"""Demo partner organisations of Musterstadt: 30 partners with profile, address and contacts.

The first 20 each have a staff login (partner01 … partner20); the other 10 are run by
the staff of a related organisation (e.g. the Caritas team also keeps the Caritas
counselling centre), so they need no more logins. The six districts of Musterstadt
are created here too, if they do not exist yet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from familienrathaus.core.demo import ensure_user
from familienrathaus.core.models import District, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.slugs import german_slug
from familienrathaus.partners.models import Address, ContactPerson, Membership, Organisation

Kind = Organisation.Kind

DISTRICTS = ["Altstadt", "Nordviertel", "Südstadt", "Westfeld", "Osterholz", "Am Bach"]
POSTCODE = "12345"
CITY = "Musterstadt"


@dataclass(frozen=True)
class Contact:
    name: str
    role: str
    public: bool


@dataclass(frozen=True)
class Partner:
    name: str
    kind: str
    domain: str
    description: str
    street: str
    district: str
    lat: str
    lon: str
    contacts: list[Contact] = field(default_factory=list)
    phone: str = ""
    trusted: bool = False
    public: bool = True
    staff_of: int = 0  # 1-based number of the partner whose login also keeps this one


PARTNERS = [
    Partner(
        "Caritasverband Musterstadt", Kind.WELFARE, "caritas-musterstadt",
        "Der Caritasverband berät und begleitet Familien in allen Lebenslagen: bei "
        "Erziehungsfragen, in finanziellen Engpässen, bei Trennung und Scheidung.\n\n"
        "- Allgemeine Sozialberatung\n- Schuldnerberatung\n- Familienpflege",
        "Kirchstraße 12", "Altstadt", "51.400812", "7.188215",
        [Contact("Monika Brandt", "Leitung Familienberatung", True),
         Contact("Thomas Keller", "Schuldnerberatung", False)],
        phone="01234 5678-10", trusted=True,
    ),
    Partner(
        "Diakonie Musterstadt", Kind.WELFARE, "diakonie-musterstadt",
        "Die Diakonie bietet Schwangerschaftsberatung, Hilfen für Alleinerziehende und "
        "einen Familienentlastenden Dienst für Familien mit pflegebedürftigen Kindern.",
        "Lindenallee 4", "Nordviertel", "51.409470", "7.191830",
        [Contact("Sabine Krüger", "Schwangerschaftsberatung", True)],
        phone="01234 5678-20", trusted=True,
    ),
    Partner(
        "AWO Ortsverein Musterstadt", Kind.WELFARE, "awo-musterstadt",
        "Die Arbeiterwohlfahrt lädt zum offenen Familiencafé, zur Hausaufgabenhilfe und "
        "zu Ausflügen für Familien mit kleinem Geldbeutel ein.",
        "Bahnhofstraße 33", "Südstadt", "51.392260", "7.193420",
        [Contact("Jürgen Wolff", "Vorsitzender", True),
         Contact("Ayşe Demir", "Familiencafé", True)],
        phone="01234 5678-30",
    ),
    Partner(
        "DRK Kreisverband Musterstadt", Kind.WELFARE, "drk-musterstadt",
        "Erste-Hilfe-Kurse am Kind, Babysitterkurse für Jugendliche und der "
        "Hausnotruf für Seniorinnen und Senioren.",
        "Osterholzer Straße 41", "Osterholz", "51.401930", "7.207640",
        [Contact("Petra Schulz", "Kursorganisation", True)],
        phone="01234 5678-40",
    ),
    Partner(
        "Familienzentrum Sonnenblume", Kind.EDUCATION, "familienzentrum-sonnenblume",
        "Unser Familienzentrum verbindet Kita, Elternberatung und Begegnung. "
        "Eltern-Kind-Gruppen, Sprechstunden der Erziehungsberatung und ein "
        "Elterncafé finden direkt im Haus statt.",
        "Fliederweg 8", "Westfeld", "51.398640", "7.173910",
        [Contact("Claudia Neumann", "Leitung", True)],
        phone="01234 5678-50",
    ),
    Partner(
        "Kita Regenbogen", Kind.EDUCATION, "kita-regenbogen",
        "Städtische Kindertageseinrichtung für Kinder von einem Jahr bis zum "
        "Schuleintritt, mit integrativen Plätzen und Sprachförderung.",
        "Buchenweg 3", "Osterholz", "51.397810", "7.204120",
        [Contact("Heike Vogel", "Leitung", False)],
        phone="01234 5678-60",
    ),
    Partner(
        "Grundschule am Stadtpark", Kind.EDUCATION, "grundschule-stadtpark",
        "Offene Ganztagsgrundschule mit Betreuung bis 16 Uhr, Schulsozialarbeit "
        "und Ferienbetreuung in den Oster- und Sommerferien.",
        "Schillerstraße 20", "Nordviertel", "51.406250", "7.186540",
        [Contact("Markus Hoffmann", "Schulleitung", True),
         Contact("Lena Richter", "Schulsozialarbeit", True)],
        phone="01234 5678-70",
    ),
    Partner(
        "Volkshochschule Musterstadt", Kind.EDUCATION, "vhs-musterstadt",
        "Die VHS bietet Elternkurse, Sprach- und Integrationskurse mit "
        "Kinderbetreuung sowie Kurse für Großeltern und Enkel.",
        "Marktplatz 2", "Altstadt", "51.399420", "7.190560",
        [Contact("Dr. Andrea Lang", "Fachbereich Familie und Gesundheit", True)],
        phone="01234 5678-80", trusted=True,
    ),
    Partner(
        "Stadtbibliothek Musterstadt", Kind.ADMINISTRATION, "bibliothek-musterstadt",
        "Vorlesestunden für Kinder ab drei Jahren, Medienkisten für Kitas und der "
        "kostenlose Familienausweis für alle Musterstädter Familien.",
        "Burgstraße 7", "Altstadt", "51.401560", "7.191970",
        [Contact("Frank Berger", "Kinder- und Jugendbibliothek", True)],
        phone="01234 5678-90",
    ),
    Partner(
        "Jugendamt Musterstadt", Kind.ADMINISTRATION, "jugendamt-musterstadt",
        "Das Jugendamt unterstützt Familien mit Beratung, Hilfen zur Erziehung, "
        "Beistandschaften und der Vermittlung von Kindertagespflege.",
        "Rathausplatz 1", "Altstadt", "51.400150", "7.189630",
        [Contact("Stefanie Koch", "Allgemeiner Sozialer Dienst", True),
         Contact("Michael Becker", "Kindertagespflege", True)],
        phone="01234 5678-100", trusted=True,
    ),
    Partner(
        "Gesundheitsamt – Frühe Hilfen", Kind.ADMINISTRATION, "fruehe-hilfen-musterstadt",
        "Die Frühen Hilfen begleiten Schwangere und Familien mit Kindern bis drei "
        "Jahre: Familienhebammen, Willkommensbesuche und Elternsprechstunden.",
        "Goethestraße 15", "Südstadt", "51.393870", "7.188260",
        [Contact("Julia Schäfer", "Koordination Frühe Hilfen", True)],
        phone="01234 5678-110", trusted=True,
    ),
    Partner(
        "TuS Musterstadt 1890 e. V.", Kind.ASSOCIATION, "tus-musterstadt",
        "Vom Eltern-Kind-Turnen bis zum Seniorensport: Der TuS bietet über 20 "
        "Sportarten an. Kinder aus Familien mit geringem Einkommen turnen beitragsfrei.",
        "Am Sportpark 1", "Westfeld", "51.402740", "7.170880",
        [Contact("Uwe Schmitz", "Jugendwart", True)],
        phone="01234 5678-120",
    ),
    Partner(
        "Alleinerziehenden-Treff e. V.", Kind.ASSOCIATION, "alleinerziehende-musterstadt",
        "Treffpunkt, Austausch und gegenseitige Hilfe für Alleinerziehende – mit "
        "Kinderbetreuung während der Treffen.",
        "Mühlenweg 9", "Am Bach", "51.407890", "7.201350",
        [Contact("Nicole Fischer", "Ansprechpartnerin", True)],
    ),
    Partner(
        "Kinderschutzbund Musterstadt", Kind.ASSOCIATION, "kinderschutzbund-musterstadt",
        "Elternkurse „Starke Eltern – starke Kinder“, das Kinder- und Jugendtelefon "
        "und begleiteter Umgang nach Trennung.",
        "Südring 18", "Südstadt", "51.389540", "7.191150",
        [Contact("Karin Zimmermann", "Geschäftsführung", True),
         Contact("Oliver Braun", "Begleiteter Umgang", False)],
        phone="01234 5678-140",
    ),
    Partner(
        "Evangelische Kirchengemeinde St. Marien", Kind.CHURCH, "st-marien-musterstadt",
        "Krabbelgruppen, Kinderbibeltage, ein offener Mittagstisch und Besuchsdienste "
        "für ältere Menschen in der Gemeinde.",
        "Kirchplatz 1", "Altstadt", "51.398970", "7.187420",
        [Contact("Pfarrerin Anna Weber", "Pfarrerin", True)],
        phone="01234 5678-150",
    ),
    Partner(
        "Hebammenpraxis Storchennest", Kind.PRACTICE, "storchennest-musterstadt",
        "Geburtsvorbereitung, Rückbildung, Babymassage und Stillberatung – auch auf "
        "Englisch und Türkisch.",
        "Bachstraße 22", "Am Bach", "51.405630", "7.205820",
        [Contact("Miriam Hartmann", "Hebamme", True)],
        phone="01234 5678-160",
    ),
    Partner(
        "Kinderarztpraxis Dr. Sommer", Kind.PRACTICE, "kinderarzt-sommer",
        "Kinder- und Jugendmedizin mit Vorsorgeuntersuchungen, Impfsprechstunde und "
        "Beratung zu Entwicklung und Ernährung.",
        "Nordring 5", "Nordviertel", "51.411820", "7.194560",
        [Contact("Dr. Jan Sommer", "Kinderarzt", False)],
        phone="01234 5678-170",
    ),
    Partner(
        "Stadtwerke Musterstadt GmbH", Kind.COMPANY, "stadtwerke-musterstadt",
        "Als familienbewusstes Unternehmen bieten die Stadtwerke flexible Arbeitszeiten, "
        "ein Eltern-Kind-Büro und eine Ferienbetreuung für Kinder der Beschäftigten.",
        "Westfeldweg 50", "Westfeld", "51.395480", "7.176230",
        [Contact("Sandra Klein", "Personalabteilung", True)],
        phone="01234 5678-180",
    ),
    Partner(
        "Sparkasse Musterstadt", Kind.COMPANY, "sparkasse-musterstadt",
        "Die Sparkasse unterstützt den Ferienspaß und bietet kostenlose Budgetberatung "
        "für junge Familien an.",
        "Marktplatz 10", "Altstadt", "51.400640", "7.192380",
        [Contact("Robert Lehmann", "Kundenberatung", False)],
        phone="01234 5678-190",
    ),
    Partner(
        "Buchhandlung Seitenweise", Kind.SHOP, "seitenweise-musterstadt",
        "Kinderbuchlesungen am Samstagvormittag und Bücherkisten zum Ausleihen für "
        "Kitas und Grundschulen.",
        "Burgstraße 14", "Altstadt", "51.401950", "7.193110",
        [Contact("Eva Schröder", "Inhaberin", True)],
        phone="01234 5678-200",
    ),
    # Kept by the staff of a related partner above: no logins of their own.
    Partner(
        "Caritas-Familienberatungsstelle", Kind.WELFARE, "caritas-beratung-musterstadt",
        "Erziehungs-, Familien- und Lebensberatung für Eltern, Kinder und Jugendliche. "
        "Vertraulich, kostenfrei und unabhängig von Konfession.",
        "Goethestraße 3", "Südstadt", "51.394920", "7.186930",
        [Contact("Birgit Jung", "Diplom-Psychologin", True)],
        phone="01234 5678-11", trusted=True, staff_of=1,
    ),
    Partner(
        "Diakonie-Tafel Musterstadt", Kind.WELFARE, "tafel-musterstadt",
        "Lebensmittelausgabe für Menschen mit geringem Einkommen, dienstags und "
        "freitags, mit einem Spieltisch für Kinder.",
        "Uferweg 2", "Am Bach", "51.408930", "7.207480",
        [Contact("Helga Schwarz", "Koordination Ehrenamt", True)],
        staff_of=2,
    ),
    Partner(
        "AWO-Seniorentreff Osterholz", Kind.WELFARE, "awo-seniorentreff",
        "Treffpunkt für Seniorinnen und Senioren mit Mittagstisch, Gedächtnistraining "
        "und einem Generationencafé mit der Kita nebenan.",
        "Eichenweg 11", "Osterholz", "51.396340", "7.209710",
        [Contact("Gerd Hahn", "Leitung", False)],
        staff_of=3,
    ),
    Partner(
        "Familienbildungsstätte Musterstadt", Kind.EDUCATION, "fbs-musterstadt",
        "Kurse rund um Schwangerschaft, Geburt und das erste Lebensjahr, PEKiP-Gruppen "
        "und Kochkurse für Familien.",
        "Schillerstraße 31", "Nordviertel", "51.407480", "7.184760",
        [Contact("Tanja Roth", "Programmplanung", True),
         Contact("Ines Frank", "Verwaltung", False)],
        phone="01234 5678-85", staff_of=8,
    ),
    Partner(
        "Jugendzentrum Westfeld", Kind.ADMINISTRATION, "juz-westfeld",
        "Offener Treff für Jugendliche von 12 bis 18 Jahren mit Bandraum, "
        "Bewerbungstraining und Ausflügen in den Ferien.",
        "Westfeldweg 12", "Westfeld", "51.399870", "7.171520",
        [Contact("Kevin Arslan", "Jugendarbeit", True)],
        phone="01234 5678-105", staff_of=10,
    ),
    Partner(
        "Pflegestützpunkt Musterstadt", Kind.ADMINISTRATION, "pflegestuetzpunkt-musterstadt",
        "Neutrale Beratung für pflegende Angehörige und Familien mit "
        "pflegebedürftigen Kindern: Leistungen, Entlastung, Anträge.",
        "Rathausplatz 3", "Altstadt", "51.399730", "7.189010",
        [Contact("Martina Weiß", "Pflegeberatung", True)],
        phone="01234 5678-115", trusted=True, staff_of=11,
    ),
    Partner(
        "Schwimmverein Delphin e. V.", Kind.ASSOCIATION, "delphin-musterstadt",
        "Schwimmkurse für Kinder ab fünf Jahren, Aqua-Fitness für Schwangere und "
        "Familienschwimmen am Sonntag.",
        "Am Sportpark 4", "Westfeld", "51.403910", "7.172960",
        [Contact("Sven Krause", "Kursleitung", True)],
        staff_of=12,
    ),
    Partner(
        "Förderverein Kita Regenbogen e. V.", Kind.ASSOCIATION, "foerderverein-regenbogen",
        "Der Förderverein finanziert Ausflüge, Spielgeräte und das Sommerfest der "
        "Kita Regenbogen.",
        "Buchenweg 3", "Osterholz", "51.397650", "7.204480",
        [Contact("Daniel Lorenz", "Vorsitzender", False)],
        public=False, staff_of=6,
    ),
    Partner(
        "Katholische Kirchengemeinde St. Josef", Kind.CHURCH, "st-josef-musterstadt",
        "Familiengottesdienste, Zeltlager für Kinder und Jugendliche und eine "
        "Kleiderkammer für Familien.",
        "Nordring 21", "Nordviertel", "51.412640", "7.189870",
        [Contact("Pastor Lukas Meier", "Pastor", True)],
        phone="01234 5678-155", staff_of=15,
    ),
    Partner(
        "Physiotherapie am Bach", Kind.PRACTICE, "physio-am-bach",
        "Physiotherapie und Ergotherapie für Kinder, Beckenbodentraining nach der "
        "Geburt und Sturzprävention für ältere Menschen.",
        "Bachstraße 5", "Am Bach", "51.404810", "7.202640",
        [Contact("Laura Busch", "Praxisinhaberin", True)],
        phone="01234 5678-165", staff_of=16,
    ),
]  # fmt: skip


def _districts() -> tuple[dict[str, District], int]:
    created = 0
    districts: dict[str, District] = {}
    for position, name in enumerate(DISTRICTS):
        district = District.objects.filter(name=name).first()
        if district is None:
            district = District.objects.create(name=name, slug=german_slug(name), position=position)
            created += 1
        districts[name] = district
    return districts, created


def load() -> int:
    districts, created = _districts()
    logins: list[User] = []
    for number, partner in enumerate(PARTNERS, start=1):
        organisation, new = Organisation.objects.get_or_create(
            name=partner.name,
            defaults={
                "slug": german_slug(partner.name),
                "kind": partner.kind,
                "description": partner.description,
                "website": f"https://{partner.domain}.example.org",
                "email": f"info@{partner.domain}.example.org",
                "phone": partner.phone,
                "is_public": partner.public,
                "is_trusted": partner.trusted,
            },
        )
        created += new
        if not organisation.description:  # created by an older demo without a profile
            organisation.description = partner.description
            organisation.website = f"https://{partner.domain}.example.org"
            organisation.email = f"info@{partner.domain}.example.org"
            organisation.phone = partner.phone
            organisation.save()
        if not organisation.addresses.exists():
            Address.objects.create(
                organisation=organisation,
                street=partner.street,
                postcode=POSTCODE,
                city=CITY,
                district=districts[partner.district],
                latitude=Decimal(partner.lat),
                longitude=Decimal(partner.lon),
            )
            created += 1
        if not organisation.contacts.exists():
            for contact in partner.contacts:
                local = german_slug(contact.name.split(" ")[-1]) or "kontakt"
                ContactPerson.objects.create(
                    organisation=organisation,
                    name=contact.name,
                    role=contact.role,
                    email=f"{local}@{partner.domain}.example.org",
                    phone=partner.phone,
                    is_public=contact.public,
                )
                created += 1
        if partner.staff_of:
            user = logins[partner.staff_of - 1]
        else:
            email = f"partner{number:02d}@musterstadt.example"
            user, new = ensure_user(email, f"Team {partner.name}", Role.PARTNER)
            created += new
            logins.append(user)
        _, new = Membership.objects.get_or_create(user=user, organisation=organisation)
        created += new
    return created


# Beispieldorf, the demo's second alliance: a few partners, each with a staff login.
SECOND_DISTRICTS = ["Ortsmitte", "Oberdorf", "Mühlbach"]
SECOND_POSTCODE = "98765"
SECOND_CITY = "Beispieldorf"
# A partner account of Musterstadt that is also a partner in Beispieldorf.
BOTH_TOWNS = "partner01@musterstadt.example"

SECOND_PARTNERS = [
    Partner(
        "Familienzentrum Beispieldorf", Kind.ASSOCIATION, "familienzentrum-beispieldorf",
        "Treffpunkt für alle Familien im Dorf: Krabbelgruppe, Elterncafé und Beratung "
        "unter einem Dach.",
        "Schulstraße 4", "Ortsmitte", "48.951200", "11.402300",
        [Contact("Anna Huber", "Leitung", True)], phone="09876 5432-20", trusted=True,
    ),
    Partner(
        "Kita Regenbogen", Kind.EDUCATION, "kita-regenbogen-beispieldorf",
        "Die Gemeindekita mit drei Gruppen und einer Krippe für Kinder ab einem Jahr.",
        "Am Anger 7", "Oberdorf", "48.955800", "11.398100",
        [Contact("Maria Gruber", "Kitaleitung", True)], phone="09876 5432-30",
    ),
    Partner(
        "Sportverein Beispieldorf 1921", Kind.ASSOCIATION, "sv-beispieldorf",
        "Turnen, Fußball und Schwimmkurse für Kinder und Eltern.",
        "Sportplatzweg 2", "Mühlbach", "48.946900", "11.407600",
        [Contact("Josef Bauer", "Jugendleiter", True)], phone="09876 5432-40",
    ),
    Partner(
        "Pfarrei St. Martin Beispieldorf", Kind.CHURCH, "st-martin-beispieldorf",
        "Eltern-Kind-Gruppen, Familiengottesdienste und Hilfe für Familien in Not.",
        "Kirchplatz 1", "Ortsmitte", "48.950600", "11.400900",
        [Contact("Elisabeth Maier", "Gemeindereferentin", True)], phone="09876 5432-50",
    ),
]  # fmt: skip


def load_second() -> int:
    """Beispieldorf's districts and partners (inside its alliance)."""
    created = 0
    districts: dict[str, District] = {}
    for position, name in enumerate(SECOND_DISTRICTS):
        district, new = District.objects.get_or_create(
            name=name, defaults={"slug": german_slug(name), "position": position}
        )
        districts[name] = district
        created += new
    for number, partner in enumerate(SECOND_PARTNERS, start=1):
        organisation, new = Organisation.objects.get_or_create(
            name=partner.name,
            defaults={
                "slug": german_slug(partner.name),
                "kind": partner.kind,
                "description": partner.description,
                "website": f"https://{partner.domain}.example.org",
                "email": f"info@{partner.domain}.example.org",
                "phone": partner.phone,
                "is_trusted": partner.trusted,
            },
        )
        created += new
        if not organisation.addresses.exists():
            Address.objects.create(
                organisation=organisation,
                street=partner.street,
                postcode=SECOND_POSTCODE,
                city=SECOND_CITY,
                district=districts[partner.district],
                latitude=Decimal(partner.lat),
                longitude=Decimal(partner.lon),
            )
            created += 1
        if not organisation.contacts.exists():
            for contact in partner.contacts:
                local = german_slug(contact.name.split(" ")[-1])
                ContactPerson.objects.create(
                    organisation=organisation,
                    name=contact.name,
                    role=contact.role,
                    email=f"{local}@{partner.domain}.example.org",
                    phone=partner.phone,
                    is_public=contact.public,
                )
                created += 1
        email = f"partner{number:02d}@beispieldorf.example"
        user, new = ensure_user(email, f"Team {partner.name}", Role.PARTNER)
        created += new
        _, new = Membership.objects.get_or_create(user=user, organisation=organisation)
        created += new
    # One account in both towns (issue 23): Musterstadt's Caritas team also advises at
    # Beispieldorf's Familienzentrum, with the same login on both sites.
    first = Organisation.objects.get(name=SECOND_PARTNERS[0].name)
    user, new = ensure_user(BOTH_TOWNS, f"Team {PARTNERS[0].name}", Role.PARTNER)
    created += new
    _, new = Membership.objects.get_or_create(user=user, organisation=first)
    created += new
    return created
