"""Demo of the welcome for newborns (Babybegrüßung) in Musterstadt, for local use only.

About 150 registrations over the last year across the districts and the site's
languages, in every state: just registered, checked, package prepared, done (handed
over at the Rathaus, posted, visited) and declined (not eligible, or the same child
twice); three possible duplicates (one open, one "not the same child", one declined as
the same child). Grants requested, approved, paid in cash and by transfer (one SEPA
transfer file for the cash office), a few approved transfers waiting for the next file,
and one refused with a reason. A stock of package items, one running low. Appointment
slots for the next weeks (pick-up Tuesdays and Thursdays, the long office hours, and home
visits on Wednesdays), some booked. 30 Kita wishes, some of the same child twice.

The steps go through the app's services (desk, stock, slots, grants, transfer files,
Kita wishes) so the demo is what the screens would have made; registrations are written
directly because the service checks the age limit against today, and every step is
dated back afterwards so the reports spread over the year. The services' mails to the
demo's made-up addresses are taken out of the outbox again. Logins (demo password):
the coordinators of ``core.demo``; ``kitaamt@musterstadt.example`` (the Kita office: the
Kita wishes only). Loading again creates nothing once registrations exist.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone

from familienrathaus.core import calendar
from familienrathaus.core.demo import ensure_user
from familienrathaus.core.models import District, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.welcome import duplicates
from familienrathaus.welcome.models import (
    Grant,
    KitaInterest,
    Payment,
    Registration,
    Slot,
    StockItem,
    TransferBatch,
)
from familienrathaus.welcome.selectors import kita as kita_selectors
from familienrathaus.welcome.selectors import settings as settings_selectors
from familienrathaus.welcome.services import desk, grants, kita, payments, slots, stock

SEED = 19
COUNT = 150
KITA_OFFICE_LOGIN = "kitaamt@musterstadt.example"
COORDINATOR_LOGIN = "koordination@musterstadt.example"
POSTCODES = {"Altstadt": "12345", "Nordviertel": "12347", "Südstadt": "12349"}
DEFAULT_POSTCODE = "12346"
BANKS = ("37040044", "50010517", "12030000", "10090000", "43060967")
R, H = Registration.Status, Registration.Handover
LANGUAGE_WEIGHTS = (("de", 70), ("tr", 22), ("en", 8))

FIRST_NAMES = {
    "de": ["Mia", "Emil", "Emma", "Noah", "Hanna", "Paul", "Lina", "Ben", "Ida", "Finn", "Lotta"],
    "tr": ["Elif", "Yusuf", "Zeynep", "Emir", "Defne", "Mehmet", "Ayla", "Kerem", "Nisa"],
    "en": ["Olivia", "Jack", "Amelia", "Leo", "Grace", "Theo"],
}
PARENTS = {
    "de": [
        ("Anna", "Jonas", "Becker"),
        ("Julia", "Lukas", "Schmidt"),
        ("Sarah", "Tim", "Wagner"),
        ("Laura", "Felix", "Hoffmann"),
        ("Katharina", "Max", "Schulz"),
        ("Lea", "Jan", "Krüger"),
        ("Marie", "David", "Neumann"),
        ("Sophie", "Simon", "Braun"),
        ("Nina", "Philipp", "Zimmermann"),
        ("Lisa", "Stefan", "Hartmann"),
    ],
    "tr": [
        ("Ayşe", "Can", "Yılmaz"),
        ("Fatma", "Murat", "Kaya"),
        ("Emine", "Ali", "Demir"),
        ("Merve", "Emre", "Şahin"),
        ("Büşra", "Hakan", "Çelik"),
    ],
    "en": [("Emily", "James", "Walker"), ("Chloe", "Daniel", "Evans")],
}
ASCII = str.maketrans(
    {"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss", "ç": "c", "ğ": "g", "ı": "i", "ş": "s"}
)
STREETS = ["Lindenallee", "Bahnhofstraße", "Marktplatz", "Fliederweg", "Mühlenweg", "Buchenweg"]


def _ascii(name: str) -> str:
    return name.lower().translate(ASCII)


def _iban(rng: random.Random) -> str:
    bban = rng.choice(BANKS) + f"{rng.randrange(10**9, 10**10)}"
    number = int("".join(str(int(c, 36)) for c in bban + "DE00"))
    return f"DE{98 - number % 97:02d}{bban}"


def _working_moment(rng: random.Random, day: dt.date) -> dt.datetime:
    """A time in office hours on the working day on or before ``day``."""
    while not calendar.is_working_day(day):
        day -= dt.timedelta(days=1)
    clock = dt.time(rng.randint(8, 16), rng.choice((0, 10, 20, 30, 40, 50)))
    return timezone.make_aware(dt.datetime.combine(day, clock))


def _settings(kita_office: User) -> None:
    row = settings_selectors.get()
    row.postcodes = ", ".join(sorted({*POSTCODES.values(), DEFAULT_POSTCODE}))
    row.kita_office_email = "kita@musterstadt.example"
    row.kita_registration_url = "https://kita.musterstadt.example/anmeldung"
    row.office_hours = "Di 8–18 Uhr und Do 8–18 Uhr (lange Sprechstunden), Mi Hausbesuche"
    row.save()
    row.kita_office_users.add(kita_office)


def _stock(actor: User) -> dict[str, StockItem]:
    items = [
        ("mappe", "Elternmappe mit Familienwegweiser", StockItem.For.BOTH, "", 400, 20),
        ("laetzchen", "Lätzchen mit Stadtwappen", StockItem.For.BOTH, "", 300, 20),
        ("buch", "Babybuch „Mein erstes Jahr“", StockItem.For.FIRST, "", 250, 15),
        ("malbuch", "Malbuch für Geschwister", StockItem.For.SIBLING, "", 120, 10),
        ("tr", "Hoş geldin bebek – Elternbrief auf Türkisch", StockItem.For.BOTH, "tr", 80, 10),
        ("spieluhr", "Spieluhr „Schlaf, Kindlein“", StockItem.For.FIRST, "", 200, 15),
    ]
    created = {}
    for position, (key, name, version, language, quantity, warn) in enumerate(items):
        created[key] = stock.save_item(
            actor=actor,
            item=None,
            values={
                "name": name,
                "version": version,
                "language": language,
                "quantity": quantity,
                "warn_below": warn,
                "per_package": 1,
                "active": True,
                "position": position,
            },
        )
    return created


def _slots(actor: User, today: dt.date) -> None:
    place = "Rathaus Musterstadt, Familienbüro, Zimmer 12"
    slots.create_from_pattern(
        actor=actor,
        pattern=slots.Pattern(
            kind=Slot.Kind.PICKUP,
            weekdays=(1, 3),
            first_day=today + dt.timedelta(days=1),
            weeks=6,
            start=dt.time(8),
            end=dt.time(18),
            minutes=20,
            capacity=1,
            place=place,
            note="Lange Sprechstunde",
        ),
    )
    slots.create_from_pattern(
        actor=actor,
        pattern=slots.Pattern(
            kind=Slot.Kind.VISIT,
            weekdays=(2,),
            first_day=today + dt.timedelta(days=1),
            weeks=6,
            start=dt.time(13),
            end=dt.time(17),
            minutes=60,
            capacity=1,
            note="Hausbesuch durch das Familienbüro",
        ),
    )


def _new_registration(
    rng: random.Random,
    *,
    number: int,
    created: dt.datetime,
    districts: list[District],
    coordinator: User,
    grant_amount: Decimal,
    copy_of: Registration | None = None,
) -> Registration:
    offered = {code for code, _name in settings.LANGUAGES}
    languages = [(code, weight) for code, weight in LANGUAGE_WEIGHTS if code in offered]
    language = rng.choices([c for c, _w in languages], weights=[w for _c, w in languages])[0]
    mother, father, surname = rng.choice(PARENTS[language])
    district = rng.choice(districts)
    birth = created.date() - dt.timedelta(days=rng.randint(5, 70))
    values: dict[str, Any] = {
        "child_first_name": rng.choice(FIRST_NAMES[language]) if rng.random() < 0.85 else "",
        "birth_date": birth,
        "first_born": rng.random() < 0.55,
        "parent_names": f"{mother} und {father} {surname}",
        "street": f"{rng.choice(STREETS)} {rng.randint(1, 80)}",
        "town": "Musterstadt",
        "postcode": POSTCODES.get(district.name, DEFAULT_POSTCODE),
        "district": district,
        "language": language,
        "email": f"{_ascii(mother)}.{_ascii(surname)}.{number}@example.org"
        if rng.random() < 0.9
        else "",
        "phone": f"01234 {rng.randint(100000, 999999)}",
        "delivery": rng.choice(list(Registration.Delivery.values)),
        "wants_followup": rng.random() < 0.4,
    }
    if copy_of is not None:  # the same child, registered again
        for name in ("child_first_name", "birth_date", "parent_names", "postcode", "district"):
            values[name] = getattr(copy_of, name)
        values["language"] = copy_of.language
    wants_grant = rng.random() < 0.75
    payout = rng.choice(list(Registration.Payout.values)) if wants_grant else ""
    channel = rng.choices(list(Registration.Channel.values), weights=(80, 8, 6, 6))[0]
    registration = Registration.objects.create(
        **values,
        reference=f"BB-{created.year}-{number:04d}",
        wants_grant=wants_grant,
        payout=payout,
        account_holder=values["parent_names"].split(" und ")[0] + f" {surname}"
        if payout == Registration.Payout.TRANSFER
        else "",
        iban=_iban(rng) if payout == Registration.Payout.TRANSFER else "",
        consent_version=1,
        consented_at=created,
        channel=channel,
        recorded_by=coordinator if channel != Registration.Channel.ONLINE else None,
        guide_token=secrets.token_urlsafe(32),
        package_version=(
            Registration.PackageVersion.FIRST
            if values["first_born"]
            else Registration.PackageVersion.SIBLING
        ),
        package_language=language,
        last_step_at=created,
        created_at=created,
    )
    registration.possible_duplicate_of = duplicates.find_duplicate(registration)
    if registration.possible_duplicate_of is not None:
        registration.save(update_fields=["possible_duplicate_of"])
    if wants_grant:
        Grant.objects.create(registration=registration, amount=grant_amount, created_at=created)
    return registration


def _later(
    rng: random.Random, start: dt.datetime, days: tuple[int, int], now: dt.datetime
) -> dt.datetime:
    moment = _working_moment(rng, (start + dt.timedelta(days=rng.randint(*days))).date())
    return min(max(moment, start + dt.timedelta(hours=1)), now - dt.timedelta(minutes=5))


def _backdate(registration: Registration, **moments: dt.datetime) -> None:
    last = max(moments.values())
    Registration.objects.filter(pk=registration.pk).update(**moments, last_step_at=last)


def _walk(
    rng: random.Random, registration: Registration, coordinator: User, now: dt.datetime
) -> None:
    """Take the registration as far as its age suggests, through the desk's services."""
    age = (now - registration.created_at).days
    if registration.possible_duplicate_of is not None:
        return  # the coordinator has not compared it yet (one is resolved in load())
    target = rng.random()
    if age < 5 or (age < 14 and target < 0.5):
        return  # just registered
    checked_at = _later(rng, registration.created_at, (1, 6), now)
    if target < 0.06:
        desk.check(
            actor=coordinator,
            registration=registration,
            eligible=False,
            reason="Die Familie wohnte bei der Geburt nicht in Musterstadt und ist erst "
            "nach mehr als sechs Monaten zugezogen.",
            proof_seen=False,
        )
        _backdate(registration, decided_at=checked_at)
        return
    desk.check(
        actor=coordinator,
        registration=registration,
        eligible=True,
        reason="",
        proof_seen=True,
    )
    _backdate(registration, decided_at=checked_at)
    if (age < 30 and target < 0.6) or target > 0.97:
        return  # checked, package not yet packed
    prepared_at = _later(rng, checked_at, (1, 5), now)
    desk.prepare(
        actor=coordinator,
        registration=registration,
        version=registration.package_version,
        language=registration.language,
    )
    _backdate(registration, decided_at=checked_at, prepared_at=prepared_at)
    if (age < 45 and target < 0.85) or target > 0.93:
        return  # prepared, waiting for the appointment (or the family did not come)
    done_at = _later(rng, prepared_at, (2, 20), now)
    handovers: dict[str, str] = {
        Registration.Delivery.POST: H.POSTED,
        Registration.Delivery.VISIT: H.VISITED,
    }
    handover = handovers.get(registration.delivery, H.HANDED)
    desk.complete(actor=coordinator, registration=registration, handover=handover)
    _backdate(registration, decided_at=checked_at, prepared_at=prepared_at, done_at=done_at)


def _money(
    rng: random.Random, registrations: list[Registration], coordinator: User, now: dt.datetime
) -> None:
    """Approve the grants of eligible families; pay cash at once, transfers by one file
    (the most recent approvals wait for the next file); refuse one with a reason."""
    eligible = [
        r
        for r in registrations
        if r.wants_grant
        and Registration.objects.filter(
            pk=r.pk, eligibility=Registration.Eligibility.ELIGIBLE
        ).exists()
    ]
    refused = eligible.pop(len(eligible) // 3)
    grants.refuse(
        actor=coordinator,
        registration=refused,
        reason="Das Begrüßungsgeld wurde für dieses Kind bereits 2025 in der Nachbargemeinde "
        "gezahlt (Nachweis liegt vor); es gibt es nur einmal je Kind.",
    )
    Grant.objects.filter(registration=refused).update(
        decided_at=_later(rng, refused.created_at, (3, 8), now)
    )
    batch_cutoff = now - dt.timedelta(days=21)
    for registration in eligible:
        registration.refresh_from_db()
        decided = _later(rng, registration.created_at, (2, 8), now)
        payout = registration.payout or Registration.Payout.CASH
        grants.approve(
            actor=coordinator,
            registration=registration,
            payout=payout,
            account_holder=registration.account_holder,
            iban=registration.iban,
        )
        Grant.objects.filter(registration=registration).update(decided_at=decided)
        if payout == Registration.Payout.CASH and registration.status == R.DONE:
            payment = grants.pay_cash(
                actor=coordinator, registration=registration, payee_name=registration.parent_names
            )
            paid_at = registration.done_at or decided
            Payment.objects.filter(pk=payment.pk).update(
                paid_at=paid_at, created_at=paid_at, keep_until=grants.keep_until(paid_at)
            )
    waiting = list(
        payments.waiting_grants().filter(decided_at__lt=batch_cutoff).values_list("pk", flat=True)
    )
    if waiting:
        batch = payments.create_batch(actor=coordinator, only=waiting)
        made = now - dt.timedelta(days=20)
        TransferBatch.objects.filter(pk=batch.pk).update(created_at=made)
        Payment.objects.filter(batch=batch).update(paid_at=made, created_at=made)


def _duplicates(rng: random.Random, registrations: list[Registration], coordinator: User) -> None:
    """Of the registrations marked as possibly the same child: one declined as the same
    child, one cleared as not the same; the rest wait for the coordinator."""
    marked = [r for r in registrations if r.possible_duplicate_of_id]
    if marked:
        desk.resolve_duplicate(actor=coordinator, registration=marked[0], same=True)
    if len(marked) > 1:
        desk.resolve_duplicate(actor=coordinator, registration=marked[1], same=False)


def _book_slots(registrations: list[Registration]) -> None:
    """Some recent families chose their appointment."""
    for registration in registrations:
        if not registration.wants_appointment or registration.status in (R.DONE, R.DECLINED):
            continue
        free = (
            Slot.objects.filter(
                kind=slots.kind_for(registration),
                starts_at__gt=timezone.now(),
                registrations__isnull=True,  # no one booked it yet
            )
            .order_by("starts_at")
            .first()
        )
        if free is None:
            return
        slots.book(registration=registration, slot_id=free.pk)


def _kita_wishes(
    rng: random.Random, registrations: list[Registration], coordinator: User, now: dt.datetime
) -> int:
    """30 Kita wishes: most from the families' guides, some on their own, four of a
    child whose family sent the wish twice."""
    places = list(kita_selectors.kitas())
    if not places:
        return 0
    today = timezone.localdate()
    chosen = rng.sample(registrations, 26)
    made: list[KitaInterest] = []
    for index, registration in enumerate(chosen):
        registration.refresh_from_db()
        wanted = max(
            registration.birth_date + dt.timedelta(days=rng.choice((365, 400, 550, 730))),
            today + dt.timedelta(days=rng.randint(20, 200)),
        )
        care_from = (wanted.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        wish = kita.Wish(
            child_first_name=registration.child_first_name,
            birth_date=registration.birth_date,
            parent_names=registration.parent_names,
            email=registration.email,
            phone=registration.phone,
            postcode=registration.postcode,
            district=registration.district,
            language=registration.language,
            care_from=care_from,
            hours_per_week=rng.choice((25, 35, 35, 45)),
            places=rng.sample(places, rng.randint(1, min(3, len(places)))),
            note="Geschwisterkind ist bereits in der Kita." if index % 7 == 0 else "",
        )
        interest = kita.submit(wish=wish, registration=registration if index % 5 else None)
        sent = _later(rng, registration.created_at, (5, 60), now)
        KitaInterest.objects.filter(pk=interest.pk).update(created_at=sent, last_step_at=sent)
        made.append(interest)
    # The same child again: three families sent their wish a second time, one from the
    # guide with a changed first choice, and one standalone with a different e-mail.
    for interest in made[:4]:
        interest.refresh_from_db()
        again = kita.submit(
            wish=kita.Wish(
                child_first_name=interest.child_first_name,
                birth_date=interest.birth_date,
                parent_names=interest.parent_names,
                email=interest.email if interest.email else "",
                phone=interest.phone or "01234 555666",
                postcode=interest.postcode,
                district=interest.district,
                language=interest.language,
                care_from=interest.care_from,
                hours_per_week=interest.hours_per_week,
                places=rng.sample(places, 1),
            ),
            registration=None,
        )
        sent = interest.created_at + dt.timedelta(days=rng.randint(3, 20))
        sent = min(sent, now - dt.timedelta(hours=2))
        KitaInterest.objects.filter(pk=again.pk).update(created_at=sent, last_step_at=sent)
    # The Kita office took the oldest over; one family withdrew.
    oldest = KitaInterest.objects.order_by("created_at")
    for interest in oldest[:9]:
        if interest.possible_duplicate_of_id is None:
            kita.set_status(actor=coordinator, interest=interest, status=KitaInterest.Status.PASSED)
    last = oldest.filter(status=KitaInterest.Status.NEW).last()
    if last is not None:
        kita.set_status(actor=coordinator, interest=last, status=KitaInterest.Status.WITHDRAWN)
    return KitaInterest.objects.count()


def load() -> int:
    if Registration.objects.exists():
        return 0
    rng = random.Random(SEED)  # noqa: S311  a reproducible demo, nothing secret
    coordinator = ensure_user(COORDINATOR_LOGIN, "Petra Koordinatorin", Role.COORDINATOR)[0]
    kita_office = ensure_user(KITA_OFFICE_LOGIN, "Kita-Amt Musterstadt", Role.FAMILY)[0]
    outbox_before = OutboxMessage.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    _settings(kita_office)
    row = settings_selectors.get()
    now = timezone.now()
    today = timezone.localdate()
    districts = list(District.objects.all()) or [
        District.objects.create(name="Altstadt", slug="altstadt")
    ]
    items = _stock(coordinator)
    _slots(coordinator, today)

    moments = sorted(
        _working_moment(rng, today - dt.timedelta(days=rng.randint(0, 364))) for _ in range(COUNT)
    )
    moments = [min(m, now - dt.timedelta(minutes=30)) for m in moments]
    numbers: dict[int, int] = {}
    registrations: list[Registration] = []
    for index, created in enumerate(moments):
        numbers[created.year] = numbers.get(created.year, 0) + 1
        copy_of = None
        if index in (60, 100, 140):  # the same child registered twice
            copy_of = registrations[index - rng.randint(1, 3)]
        registrations.append(
            _new_registration(
                rng,
                number=numbers[created.year],
                created=created,
                districts=districts,
                coordinator=coordinator,
                grant_amount=row.grant_amount,
                copy_of=copy_of,
            )
        )
    for registration in registrations:
        _walk(rng, registration, coordinator, now)
    _duplicates(rng, registrations, coordinator)
    for registration in registrations:
        registration.refresh_from_db()
    _money(rng, registrations, coordinator, now)
    _book_slots([r for r in registrations if (now - r.created_at).days < 20][:8])
    # The musical boxes ran low: the inventory found a damaged delivery.
    low = items["spieluhr"]
    low.refresh_from_db()
    if low.quantity > 6:
        stock.correct(
            actor=coordinator,
            item=low,
            change=6 - low.quantity,
            reason="Inventur: Lieferung beschädigt, Nachbestellung läuft",
        )
    wishes = _kita_wishes(rng, registrations, coordinator, now)
    OutboxMessage.objects.filter(pk__gt=outbox_before).delete()
    return COUNT + wishes + len(items)
