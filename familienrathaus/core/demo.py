"""Demo data of the fictional alliances of Musterstadt (``load``) and of the smaller
Beispieldorf (``load_second``, the second alliance on the install). For local use only."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from familienrathaus.core import demo_translations
from familienrathaus.core.models import LegalPage, SiteSettings, User
from familienrathaus.core.models.users import Role

DEMO_PASSWORD = "Musterstadt-Demo-2026"  # noqa: S105  documented demo login, local use only
# Base32 secret of the demo coordinators' authenticator; README shows how to use it.
DEMO_TOTP_SECRET = "MUSTERSTADTFAMILIENRATHAUSDEMO23"  # noqa: S105  documented demo

LEGAL_PAGES = {
    LegalPage.Kind.IMPRINT: (
        "Impressum",
        """## Angaben gemäß § 5 DDG

Lokales Bündnis für Familie Musterstadt
c/o Stadt Musterstadt, Familienbüro
Rathausplatz 1
12345 Musterstadt

**Vertreten durch:** Bürgermeisterin Erika Mustermann

**Kontakt:** Telefon 01234 56789-0, E-Mail familienbuero@musterstadt.example

## Verantwortlich für den Inhalt

Familienbüro der Stadt Musterstadt, Rathausplatz 1, 12345 Musterstadt

*Dies ist eine Demo-Seite eines ausgedachten Bündnisses.*
""",
    ),
    LegalPage.Kind.PRIVACY: (
        "Datenschutzerklärung",
        """## Wer ist verantwortlich?

Die Stadt Musterstadt, Familienbüro, Rathausplatz 1, 12345 Musterstadt.

## Welche Daten wir verarbeiten

- Wenn Sie die Seite nur lesen: keine personenbezogenen Daten außer den technisch nötigen
  Server-Protokollen (IP-Adresse, Zeitpunkt, aufgerufene Seite), die nach 7 Tagen gelöscht werden.
- Wenn Sie ein Konto anlegen: Ihre E-Mail-Adresse und Ihr Passwort (verschlüsselt gespeichert).
- Wenn Sie uns eine Rückmeldung senden: was Sie ins Formular schreiben.

## Anliegen und Beschwerden

Ein Anliegen lesen die Koordinierungsstelle und die Stelle, an die wir es weitergeben; Ihren
Namen und Ihre Kontaktdaten erfährt diese Stelle nur, wenn Sie „mit meinem Namen“ wählen.
Zwölf Monate nach der letzten Änderung eines abgeschlossenen Anliegens schwärzen wir es:
Name, Kontaktdaten, Texte und Anhänge werden gelöscht; für die Statistik bleiben nur Art,
Thema, Ortsteil, Eingangsweg, Status und Daten. Zwei Jahre danach löschen wir es ganz.

## Babybegrüßung

Wenn Sie Ihr Kind zur Babybegrüßung anmelden, speichern wir die Namen der Eltern, die
Anschrift, Geburtsdatum und Vornamen des Kindes, Ihre Kontaktdaten, Ihre Sprache und
Wünsche, für eine Überweisung des Begrüßungsgeldes Kontoinhaber und IBAN. Das Familienbüro
nutzt sie nur für Paket, Termin und Begrüßungsgeld, für die Erinnerungs-E-Mails, wenn Sie
sie bestätigt haben, und um Ihren Kita-Wunsch an das Kita-Amt weiterzugeben, wenn Sie ihn
senden. Daten des Standesamts verwenden wir nicht: Die Anmeldung ist freiwillig. Zwölf
Monate nach dem letzten Schritt löschen wir Ihre Angaben; für die Statistik bleiben nur
Zahlen je Monat und Ortsteil. Belege über ein ausgezahltes Begrüßungsgeld bewahrt die
Stadtkasse getrennt davon zehn Jahre auf, wie sie es muss.

## Keine Verfolgung

Wir setzen keine Analyse- oder Werbedienste ein und laden nichts von fremden Servern.
Wir verwenden nur technisch notwendige Cookies (Anmeldung, Spracheinstellung), daher ist kein
Cookie-Banner nötig.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung, Einschränkung der Verarbeitung,
Datenübertragbarkeit und Widerspruch. Wenden Sie sich dazu an das Familienbüro.
""",
    ),
    LegalPage.Kind.ACCESSIBILITY: (
        "Erklärung zur Barrierefreiheit",
        """Die Stadt Musterstadt ist bemüht, diese Website im Einklang mit der
Barrierefreie-Informationstechnik-Verordnung (BITV 2.0) barrierefrei zugänglich zu machen.

## Stand der Vereinbarkeit

Diese Website ist mit der BITV 2.0 weitgehend vereinbar. Jede Seite wird vor der
Veröffentlichung automatisch auf Barrieren geprüft (WCAG 2.1, Stufe AA).

## Barriere melden

Sind Ihnen Barrieren aufgefallen? Nutzen Sie das Formular unten auf dieser Seite.

## Schlichtungsverfahren

Wenn wir Ihnen nicht weiterhelfen, können Sie sich an die Schlichtungsstelle nach dem
Behindertengleichstellungsrecht Ihres Landes wenden.
""",
    ),
    LegalPage.Kind.EASY_LANGUAGE: (
        "Leichte Sprache",
        """## Herzlich willkommen!

Das ist die Internet-Seite vom **Bündnis für Familie** in Musterstadt.

Im Bündnis arbeiten viele Gruppen zusammen.
Zum Beispiel: Vereine, Kitas, Schulen und die Stadt.

Alle wollen Familien helfen.

## Was finden Sie hier?

- Angebote für Familien.
- Termine und Feste.
- Ferien-Angebote für Kinder.
- Orte, an denen Kinder Hilfe finden.

## Sie haben eine Frage?

Rufen Sie an: 01234 56789-0.
Oder schreiben Sie eine E-Mail: familienbuero@musterstadt.example
""",
    ),
}

PEOPLE = [
    ("koordination@musterstadt.example", "Petra Koordinatorin", Role.COORDINATOR, True),
    ("familienbuero@musterstadt.example", "Jonas Familienbüro", Role.COORDINATOR, True),
    ("admin@musterstadt.example", "Alex Administrator", Role.ADMINISTRATOR, True),
    ("familie@musterstadt.example", "Familie Beispiel", Role.FAMILY, False),
]


def ensure_user(email: str, name: str, role: str, *, totp: bool = False) -> tuple[User, bool]:
    """The demo account with this address, a member of the active alliance with
    ``role`` (an account of the other demo alliance joins it: one person, two towns)."""
    user = User.objects.find_account(email)
    created = user is None
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, name=name, role=role)
        EmailAddress.objects.create(user=user, email=email, primary=True, verified=True)
    elif user.role is None:
        user.role = role
        user.save_role()
        created = True
    if totp and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
        TOTP.activate(user, DEMO_TOTP_SECRET)
    return user, created


def load() -> int:
    created = 0
    _, new = SiteSettings.objects.get_or_create(
        defaults={
            "alliance_name": "Lokales Bündnis für Familie Musterstadt",
            "municipality": "Stadt Musterstadt",
            "tagline": "Gemeinsam für Familien in Musterstadt – alles aus einer Hand.",
            "contact_email": "familienbuero@musterstadt.example",
            "contact_phone": "01234 56789-0",
            "contact_address": "Familienbüro im Rathaus\nRathausplatz 1\n12345 Musterstadt",
            "primary_colour": "#0b5394",
            # The example IBAN of the German banks' documentation: invoices show a
            # GiroCode in the demo, and nobody's account is named.
            "bank_account_holder": "Stadt Musterstadt – Familienbüro",
            "bank_iban": "DE89370400440532013000",
            "bank_bic": "COBADEFFXXX",
            "listed_in_directory": True,  # on verzeichnis.localhost (directory app)
        },
    )
    created += new
    for kind, (title, body) in LEGAL_PAGES.items():
        _, new = LegalPage.objects.get_or_create(kind=kind, defaults={"title": title, "body": body})
        created += new
    for email, name, role, totp in PEOPLE:
        _, new = ensure_user(email, name, role, totp=totp)
        created += new
    demo_translations.load()  # English, Turkish and Ukrainian summaries and names
    return created


# Beispieldorf: the second, smaller alliance of the demo (German only).
SECOND_SETTINGS = {
    "alliance_name": "Lokales Bündnis für Familie Beispieldorf",
    "municipality": "Gemeinde Beispieldorf",
    "federal_state": "BY",
    "tagline": "Familien in Beispieldorf gut begleitet – vom Kinderwagen bis zur Schultüte.",
    "contact_email": "familie@beispieldorf.example",
    "contact_phone": "09876 5432-0",
    "contact_address": "Gemeindeverwaltung Beispieldorf\nDorfplatz 3\n98765 Beispieldorf",
    "primary_colour": "#2e7d32",
    "bank_account_holder": "Gemeinde Beispieldorf",
    "bank_iban": "DE02120300000000202051",
    "bank_bic": "BYLADEM1001",
    # Parts a small village does without (core.parts): no holiday programme, no employers.
    "disabled_apps": ["holidays", "employers"],
    "listed_in_directory": True,
}
SECOND_PEOPLE = [
    ("koordination@beispieldorf.example", "Sabine Koordinatorin", Role.COORDINATOR, True),
]
# Musterstadt's wording with Beispieldorf's names and contact data.
SECOND_WORDS = [
    ("Stadt Musterstadt, Familienbüro", "Gemeinde Beispieldorf, Familienbüro"),
    ("Familienbüro der Stadt Musterstadt", "Familienbüro der Gemeinde Beispieldorf"),
    ("Rathausplatz 1", "Dorfplatz 3"),
    ("12345 Musterstadt", "98765 Beispieldorf"),
    ("Bürgermeisterin Erika Mustermann", "Erster Bürgermeister Max Beispiel"),
    ("01234 56789-0", "09876 5432-0"),
    ("familienbuero@musterstadt.example", "familie@beispieldorf.example"),
    ("Die Stadt Musterstadt", "Die Gemeinde Beispieldorf"),
    ("Stadtkasse", "Gemeindekasse"),
    ("Musterstadt", "Beispieldorf"),
]


def _second(text: str) -> str:
    for old, new in SECOND_WORDS:
        text = text.replace(old, new)
    return text


def load_second() -> int:
    """Beispieldorf's settings, legal pages and coordinator (inside its alliance)."""
    created = 0
    site, new = SiteSettings.objects.get_or_create(defaults=SECOND_SETTINGS)
    created += new
    if site.municipality != SECOND_SETTINGS["municipality"]:  # the row a new alliance gets
        for field, value in SECOND_SETTINGS.items():
            setattr(site, field, value)
        site.full_clean()
        site.save()
    for kind, (title, body) in LEGAL_PAGES.items():
        _, new = LegalPage.objects.get_or_create(
            kind=kind, defaults={"title": title, "body": _second(body)}
        )
        created += new
    for email, name, role, totp in SECOND_PEOPLE:
        _, new = ensure_user(email, name, role, totp=totp)
        created += new
    return created
