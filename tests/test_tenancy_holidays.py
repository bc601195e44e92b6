"""Two alliances on one install, the Ferienspaß, its lottery and the printed guide (issue
23, "Isolation"): the same programme, activity and lottery slugs in Musterstadt and
Beispieldorf. Each host shows, exports, numbers, reminds and builds its own alliance's
rows only; background jobs run in the alliance that started them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.guide import services as guide_services
from familienrathaus.guide.models import GuideBuild
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Booking, Invoice, InvoiceCounter, Payment, Period
from familienrathaus.lottery import services as lottery_services
from familienrathaus.lottery.models import Outcome, Run
from tests.conftest import alliance_client, english_client
from tests.factories import (
    TOTP_SECRET,
    ActivityFactory,
    BookingFactory,
    ChildFactory,
    OccasionFactory,
    OfferFactory,
    PeriodFactory,
    UserFactory,
    occasion,
    pdf_text,
    wish,
)

# Each test starts with an empty cache (no rate limit or cached page of another).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

A, B = "Musterstadt-only", "Beispieldorf-only"
B_HOST = "http://beispieldorf.localhost:8000"


def _user(email: str, role: str) -> User:
    user: User = UserFactory(role=role, email=email)
    if role == Role.COORDINATOR:
        TOTP.activate(user, TOTP_SECRET)
    return user


def _programme(word: str, key: str) -> dict[str, Any]:
    """A booking programme and a lottery programme of the active alliance, with the same
    slugs in both alliances; titles and names carry ``word``."""
    coordinator = _user(f"koordination-{key}@example.org", Role.COORDINATOR)
    family = _user(f"familie-{key}@example.org", Role.FAMILY)
    period = PeriodFactory(name=f"{word} Sommerferien", slug="sommerferien")
    activity = ActivityFactory(period=period, title=f"{word} Kanutour", slug="kanutour")
    tomorrow = timezone.localdate() + timedelta(days=1)
    place = OccasionFactory(activity=activity, fee=Decimal("5.00"), day=tomorrow)
    child = ChildFactory(family=family, first_name=f"{word} Mia")
    booking = BookingFactory(child=child, occasion=place, fee=Decimal("5.00"))
    services.issue_invoices(actor=coordinator, period=period)
    invoice = Invoice.objects.get(period=period)
    autumn = PeriodFactory(wish_phase=True, name=f"{word} Herbstferien", slug="herbstferien")
    canoe = occasion(autumn, title=f"{word} Zeltlager", places=1)
    wish(child, canoe, 1)
    guide = GuideBuild.objects.create(
        status=GuideBuild.Status.DONE, scope_name=word, finished_at=timezone.now()
    )
    guide.file.save("wegweiser.pdf", ContentFile(f"%PDF-1.4 {word}".encode()))
    return {
        "coordinator": coordinator,
        "family": family,
        "period": period,
        "activity": activity,
        "occasion": place,
        "child": child,
        "booking": booking,
        "invoice": invoice,
        "autumn": autumn,
        "guide": guide,
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    a = _programme(A, "a")
    with tenancy.activate(second_alliance):
        b = _programme(B, "b")
    return {"a": a, "b": b, "second": second_alliance}


def _pages(client: Client, paths: list[str]) -> str:
    text = ""
    for path in paths:
        response = client.get(path, follow=True)
        assert response.status_code == 200, path
        text += response.content.decode("utf-8-sig")
    return text


PUBLIC = [
    "/ferienspass/",
    "/ferienspass/sommerferien/",
    "/ferienspass/aktivitaet/kanutour/",
    "/ferienspass/herbstferien/beliebtheit/",
    "/api/v1/holidays/periods",
    "/api/v1/holidays/periods/sommerferien/occasions",
]
GUIDE = "/wegweiser.pdf"
FAMILY = [
    "/ferienspass/familie/",
    "/ferienspass/meine-buchungen/",
    "/ferienspass/herbstferien/wuensche/",
    "/ferienspass/familie/daten.json",
    "/api/v1/holidays/children",
    "/api/v1/holidays/bookings",
]
BACK_OFFICE = [
    "/verwaltung/ferienspass/programme/",
    "/verwaltung/ferienspass/angebote/",
    "/verwaltung/ferienspass/sommerferien/rechnungen/",
    "/verwaltung/ferienspass/sommerferien/rechnungen/?format=csv",
    "/verwaltung/ferienspass/zahlungen/",
    "/verwaltung/ferienspass/los/herbstferien/",
    "/verwaltung/ferienspass/los/herbstferien/kinder/",
    "/verwaltung/wegweiser/",
    "/verwaltung/wegweiser/?format=csv",
]


def test_public_pages_and_api_show_the_hosts_alliance_only(
    both: dict[str, Any], anon_client: Client
) -> None:
    mine = _pages(anon_client, PUBLIC)
    assert f"{A} Kanutour" in mine
    assert f"{A} Zeltlager" in mine
    assert B not in mine
    theirs = _pages(alliance_client(both["second"]), PUBLIC)
    assert f"{B} Kanutour" in theirs
    assert f"{B} Sommerferien" in theirs
    assert f"{B} Zeltlager" in theirs
    assert A not in theirs
    assert b"".join(anon_client.get(GUIDE).streaming_content) == f"%PDF-1.4 {A}".encode()
    guide = alliance_client(both["second"]).get(GUIDE)
    assert b"".join(guide.streaming_content) == f"%PDF-1.4 {B}".encode()


def test_the_brochure_lists_the_hosts_activities_and_links_to_its_host(
    both: dict[str, Any], anon_client: Client, tmp_path: Path
) -> None:
    path = "/ferienspass/sommerferien/broschuere.pdf"
    mine = pdf_text(anon_client.get(path).content, tmp_path)
    assert f"{A} Kanutour" in mine
    assert B not in mine
    theirs = pdf_text(alliance_client(both["second"]).get(path).content, tmp_path)
    assert f"{B} Kanutour" in theirs
    assert A not in theirs
    assert "beispieldorf.localhost" in theirs


def test_a_family_sees_its_alliance_and_the_other_s_feeds_and_invoices_are_not_found(
    both: dict[str, Any],
) -> None:
    a, b = both["a"], both["b"]
    mine = _pages(english_client(a["family"]), FAMILY)
    assert f"{A} Mia" in mine
    assert B not in mine
    client = alliance_client(both["second"], b["family"])
    theirs = _pages(client, FAMILY)
    assert f"{B} Mia" in theirs
    assert f"{B} Kanutour" in theirs
    assert A not in theirs
    feed = client.get(f"/ferienspass/kalender/{b['child'].feed_token}.ics").content.decode()
    assert f"{B} Kanutour" in feed
    assert f"URL:{B_HOST}/" in feed.replace("\r\n ", "")
    assert client.get(f"/ferienspass/rechnung/{b['invoice'].pk}.pdf").status_code == 200
    # A's child's feed and A's invoice do not exist on B's host, nor B's on A's.
    assert client.get(f"/ferienspass/kalender/{a['child'].feed_token}.ics").status_code == 404
    assert client.get(f"/ferienspass/rechnung/{a['invoice'].pk}.pdf").status_code == 404
    anon = english_client()
    assert anon.get(f"/ferienspass/kalender/{b['child'].feed_token}.ics").status_code == 404


def test_coordinator_of_b_sees_b_only_and_a_s_addresses_are_not_found(
    both: dict[str, Any],
) -> None:
    a, b = both["a"], both["b"]
    client = alliance_client(both["second"], b["coordinator"])
    html = _pages(client, BACK_OFFICE)
    assert f"{B} Kanutour" in html
    assert f"{B} Mia" in html
    assert A not in html
    own = _pages(english_client(a["coordinator"]), BACK_OFFICE)
    assert f"{A} Kanutour" in own
    assert B not in own
    for path in [
        f"/verwaltung/ferienspass/programme/{a['period'].pk}/",
        f"/verwaltung/ferienspass/angebote/{a['activity'].pk}/",
        f"/verwaltung/ferienspass/termine/{a['occasion'].pk}/",
        f"/verwaltung/ferienspass/termine/{a['occasion'].pk}/teilnehmende.csv",
        f"/verwaltung/ferienspass/los/herbstferien/kinder/{a['child'].pk}/",
        f"/verwaltung/wegweiser/{a['guide'].pk}/",
    ]:
        assert client.get(path).status_code == 404, path
    response = client.post(f"/verwaltung/ferienspass/rechnung/{a['invoice'].pk}/bezahlt/")
    assert response.status_code == 404
    assert Invoice.objects.get(pk=a["invoice"].pk).status == Invoice.Status.OPEN


def test_invoice_numbers_count_per_alliance(both: dict[str, Any]) -> None:
    """Each alliance starts at its own first number and counts on by itself."""
    a, b, second = both["a"], both["b"], both["second"]
    year = timezone.localdate().year
    assert a["invoice"].number == f"FS-{year}-00001"
    assert b["invoice"].number == f"FS-{year}-00001"
    with tenancy.activate(second):
        extra = BookingFactory(child=b["child"], occasion=OccasionFactory(activity=b["activity"]))
        assert services.issue_invoices(actor=b["coordinator"], period=b["period"]) == 1
        assert Invoice.objects.get(lines__0__booking=extra.pk).number == f"FS-{year}-00002"
        assert InvoiceCounter.objects.get(year=year).last == 2
    assert InvoiceCounter.objects.get(year=year).last == 1
    # The same bank entry may be paid in to each alliance once.
    entry = {"account": "DE02120300000000202051", "entry_ref": "2026-REF-1"}
    paid = {"method": Payment.Method.IMPORT, "match": Payment.Match.UNMATCHED, **entry}
    Payment.objects.create(amount=Decimal("5"), booked_on=timezone.localdate(), **paid)
    with tenancy.activate(second):
        Payment.objects.create(amount=Decimal("5"), booked_on=timezone.localdate(), **paid)
    with pytest.raises(IntegrityError), transaction.atomic():
        Payment.objects.create(amount=Decimal("5"), booked_on=timezone.localdate(), **paid)


def test_housekeeping_for_b_reminds_b_s_families_only(both: dict[str, Any]) -> None:
    a, b, second = both["a"], both["b"], both["second"]
    call_command("holidays_housekeeping", alliance="beispieldorf", stdout=None)
    assert Booking.objects.get(pk=a["booking"].pk).reminded_at is None
    assert not OutboxMessage.objects.filter(purpose="holidays.booking_reminder").exists()
    with tenancy.activate(second):
        assert Booking.objects.get(pk=b["booking"].pk).reminded_at is not None
        mail = OutboxMessage.objects.get(purpose="holidays.booking_reminder")
    assert mail.to == [b["family"].email]
    assert f"{B} Kanutour" in mail.body_text
    assert A not in mail.body_text
    # Without --alliance: once for each alliance; A's family is reminded now.
    call_command("holidays_housekeeping", stdout=None)
    assert Booking.objects.get(pk=a["booking"].pk).reminded_at is not None


def test_a_lottery_confirmed_on_b_s_host_mails_b_s_families_with_links_to_b(
    both: dict[str, Any], immediate_tasks: None
) -> None:
    b, second = both["b"], both["second"]
    with tenancy.activate(second):
        run = lottery_services.start_run(actor=b["coordinator"], period=b["autumn"], seed=1)
        assert lottery_services.execute_run(run.pk) == Run.Status.DONE
        Period.objects.filter(pk=b["autumn"].pk).update(
            wish_end=timezone.now() - timedelta(minutes=1)
        )
    client = alliance_client(second, b["coordinator"])
    response = client.post(f"/verwaltung/ferienspass/los/lauf/{run.pk}/bestaetigen/")
    assert response.status_code == 302
    with tenancy.activate(second):
        assert Run.objects.get(pk=run.pk).status == Run.Status.CONFIRMED
        assert {o.child_id for o in Outcome.objects.filter(run=run)} == {b["child"].pk}
        mail = OutboxMessage.objects.get(purpose="lottery.outcome")
    assert mail.to == [b["family"].email]
    assert f"{B_HOST}/ferienspass/herbstferien/los-ergebnis/" in mail.body_text
    assert A not in mail.body_text
    # Nothing of A's was run, written or mailed.
    assert not Run.objects.exists()
    assert not Outcome.objects.exists()
    assert not OutboxMessage.objects.filter(purpose="lottery.outcome").exists()


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_each_job_in_the_alliance_that_started_it(
    second_alliance: tenancy.Alliance, run_worker: Callable[[], str], tmp_path: Path
) -> None:
    """A lottery run and a guide build started in Beispieldorf: the worker (started with
    Musterstadt active here) runs both inside Beispieldorf, on Beispieldorf's rows."""
    OfferFactory(in_guide=True, title=f"{A} Krabbelgruppe")
    coordinator_a = _user("koordination-a@example.org", Role.COORDINATOR)
    with tenancy.activate(second_alliance):
        OfferFactory(in_guide=True, title=f"{B} Krabbelgruppe")
        coordinator = _user("koordination-b@example.org", Role.COORDINATOR)
        family = _user("familie-b@example.org", Role.FAMILY)
        autumn = PeriodFactory(wish_phase=True, name=f"{B} Herbstferien", slug="herbstferien")
        camp = occasion(autumn, title=f"{B} Zeltlager", places=1)
        child = ChildFactory(family=family, first_name=f"{B} Mia")
        wish(child, camp, 1)
        run = lottery_services.start_run(actor=coordinator, period=autumn, seed=1)
        build = guide_services.request_build(actor=coordinator, scope=GuideBuild.Scope.ALL)
    own_build = guide_services.request_build(actor=coordinator_a, scope=GuideBuild.Scope.ALL)
    run_worker()
    assert GuideBuild.objects.get(pk=own_build.pk).status == GuideBuild.Status.DONE
    with tenancy.activate(second_alliance):
        run.refresh_from_db()
        assert run.status == Run.Status.DONE, run.error
        assert [o.child_id for o in Outcome.objects.filter(run=run)] == [child.pk]
        build.refresh_from_db()
        assert build.status == GuideBuild.Status.DONE, build.error
        text = pdf_text(build.file.read(), tmp_path)
    assert f"{B} Krabbelgruppe" in text
    assert A not in text
    assert "beispieldorf.localhost" in text
