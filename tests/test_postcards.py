"""QR postcards ("Kurzer Draht zum Rat"): print-ready A6 cards and their short addresses."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sessions.models import Session
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.models import AuditEntry
from familienrathaus.core.models.users import Role
from familienrathaus.postcards import permissions
from familienrathaus.postcards.models import Postcard, PostcardScan
from tests.factories import PostcardFactory, UserFactory, pdf_images, pdf_info, pdf_text

LIST = reverse("postcards:list")
CREATE = reverse("postcards:create")
BERLIN = ZoneInfo("Europe/Berlin")
A6_LONG, A6_SHORT = 419.528, 297.638  # 148 mm and 105 mm in PDF points


def form(**data):
    return {
        "target_path": "/angebote/",
        "headline": "Frühe Hilfen in Musterstadt",
        "text": "Fragen rund um Schwangerschaft und Baby? Scannen Sie den Code.",
        "orientation": "landscape",
        **data,
    }


def scan(client, postcard, **extra):
    return client.get(f"/k/{postcard.code}", **extra)


def at(monkeypatch, moment: datetime) -> None:
    """Let the clock show ``moment`` (for the day a scan counts on)."""
    monkeypatch.setattr("django.utils.timezone.now", lambda: moment)


# --------------------------------------------------------------------------- who may


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.FAMILY, False),
        (Role.PARTNER, False),
        (Role.COORDINATOR, True),
        (Role.ADMINISTRATOR, True),
    ],
)
@pytest.mark.django_db
def test_only_coordinators_manage_postcards(role, allowed):
    assert permissions.can_manage_postcards(UserFactory(role=role)) is allowed


@pytest.mark.django_db
def test_partner_staff_and_families_cannot_use_the_postcard_pages(
    partner_client, family_client, anon_client
):
    card = PostcardFactory()
    pages = [
        LIST,
        CREATE,
        reverse("postcards:detail", args=[card.pk]),
        reverse("postcards:edit", args=[card.pk]),
        reverse("postcards:pdf", args=[card.pk]),
    ]
    for client in (partner_client, family_client):
        for page in pages:
            assert client.get(page).status_code == 403, page
        assert client.post(CREATE, form()).status_code == 403
    for page in pages:
        assert anon_client.get(page).status_code == 302
    assert Postcard.objects.count() == 1


@pytest.mark.django_db
def test_the_back_office_shows_coordinators_the_postcard_tile(coordinator_client, partner_client):
    assert LIST in coordinator_client.get(reverse("core:dashboard")).content.decode()
    assert LIST not in partner_client.get(reverse("core:dashboard")).content.decode()


# --------------------------------------------------------------------------- creating


@pytest.mark.django_db
def test_coordinator_creates_a_postcard(coordinator_client, coordinator):
    response = coordinator_client.post(
        CREATE, form(target_path="/angebote/?audience=alleinerziehende")
    )
    card = Postcard.objects.get()
    assert response.status_code == 302
    assert response["Location"] == unprefixed(reverse("postcards:detail", args=[card.pk]))
    assert card.target_path == "/angebote/?audience=alleinerziehende"
    assert card.created_by == coordinator
    assert len(card.code) == 6
    page = coordinator_client.get(response["Location"]).content.decode()
    assert f"127.0.0.1:8000/k/{card.code}" in page
    assert "Download PDF for print" in page
    entry = AuditEntry.objects.get(action="postcard.create")
    assert entry.actor == coordinator
    assert entry.changes["headline"]["after"] == "Frühe Hilfen in Musterstadt"


@pytest.mark.django_db
def test_a_full_address_of_this_site_is_reduced_to_its_path(coordinator_client, settings):
    settings.SITE_URL = "https://familie.musterstadt.example"
    coordinator_client.post(
        CREATE, form(target_path="https://familie.musterstadt.example/angebote/?theme=gesundheit")
    )
    coordinator_client.post(CREATE, form(target_path=" http://testserver/seite/impressum/ "))
    assert sorted(Postcard.objects.values_list("target_path", flat=True)) == [
        "/angebote/?theme=gesundheit",
        "/seite/impressum/",
    ]


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("https://evil.example/", "Only pages of this site"),
        ("//evil.example/", "Only pages of this site"),
        ("/\\evil.example", "backslashes"),
        ("\\\\evil.example", "starting with a single"),
        ("javascript:alert(1)", "starting with a single"),
        ("/%0a/evil", "no page"),
        ("/angebote/\t/evil", "control characters"),
        ("angebote/", "starting with a single"),
        ("/gibt-es-nicht/", "This site has no page at /gibt-es-nicht/"),
        ("/verwaltung/", "Choose a public page"),
        ("/k/abcdef", "Choose a public page"),
        ("/konto/login/", "Choose a public page"),
    ],
)
@pytest.mark.django_db
def test_addresses_outside_the_public_site_are_refused(coordinator_client, target, message):
    response = coordinator_client.post(CREATE, form(target_path=target))
    content = response.content.decode()
    assert response.status_code == 200
    assert message in content
    assert 'id="id_target_path-error"' in content
    # What was typed stays in the form.
    assert 'value="Frühe Hilfen in Musterstadt"' in content
    assert not Postcard.objects.exists()


@pytest.mark.django_db
def test_missing_fields_are_named_and_the_rest_is_kept(coordinator_client):
    response = coordinator_client.post(CREATE, form(headline="", text="x" * 401))
    content = response.content.decode()
    assert 'id="id_headline-error"' in content
    assert 'id="id_text-error"' in content
    assert 'value="/angebote/"' in content
    assert not Postcard.objects.exists()


@pytest.mark.django_db
def test_a_printed_card_can_be_pointed_at_another_page(coordinator_client, coordinator):
    card = PostcardFactory(target_path="/angebote/")
    code = card.code
    response = coordinator_client.post(
        reverse("postcards:edit", args=[card.pk]), form(target_path="/seite/impressum/")
    )
    assert response.status_code == 302
    card.refresh_from_db()
    assert card.target_path == "/seite/impressum/"
    assert card.code == code  # the printed card keeps working
    entry = AuditEntry.objects.get(action="postcard.update")
    assert entry.changes["target_path"] == {"before": "/angebote/", "after": "/seite/impressum/"}
    assert scan(coordinator_client, card)["Location"] == "/seite/impressum/"


# --------------------------------------------------------------------------- short address


@pytest.mark.django_db
def test_the_short_address_leads_to_the_page_and_counts_per_day(anon_client, monkeypatch):
    card = PostcardFactory(target_path="/angebote/?theme=gesundheit")
    at(monkeypatch, datetime(2026, 3, 2, 9, 0, tzinfo=BERLIN))
    first = scan(anon_client, card)
    assert first.status_code == 302
    assert first["Location"] == "/angebote/?theme=gesundheit"
    assert first["Cache-Control"] == "no-store"
    scan(anon_client, card)
    # Just before midnight in Berlin (already the next day in UTC terms it is not).
    at(monkeypatch, datetime(2026, 3, 2, 23, 59, tzinfo=BERLIN))
    scan(anon_client, card)
    at(monkeypatch, datetime(2026, 3, 3, 0, 1, tzinfo=BERLIN))
    scan(anon_client, card)

    counts = dict(PostcardScan.objects.filter(postcard=card).values_list("day", "count"))
    assert counts == {
        datetime(2026, 3, 2).date(): 3,
        datetime(2026, 3, 3).date(): 1,
    }


@pytest.mark.django_db
def test_a_scan_stores_nothing_about_the_person(anon_client, coordinator_client):
    card = PostcardFactory()
    audit_before = AuditEntry.objects.count()
    sessions_before = Session.objects.count()
    response = scan(
        anon_client,
        card,
        HTTP_USER_AGENT="Mozilla/5.0 (iPhone) Safari",
        REMOTE_ADDR="203.0.113.7",
        HTTP_REFERER="https://praxis.example/",
    )
    assert response.status_code == 302
    assert not response.cookies
    assert Session.objects.count() == sessions_before
    assert AuditEntry.objects.count() == audit_before
    # The alliance the card belongs to; nothing about the person.
    assert {field.name for field in PostcardScan._meta.get_fields()} == {
        "id",
        "alliance",
        "postcard",
        "day",
        "count",
    }
    row = PostcardScan.objects.values().get()
    assert set(row) == {"id", "alliance_id", "postcard_id", "day", "count"}
    assert row["count"] == 1
    # A logged-in coordinator's scan is counted the same way, without a note of who.
    scan(coordinator_client, card)
    assert PostcardScan.objects.get().count == 2


@pytest.mark.django_db
def test_scans_that_create_the_days_row_at_once_are_both_counted(anon_client, monkeypatch):
    card = PostcardFactory()
    real_update = QuerySet.update
    raced: list[bool] = []

    def update_while_another_scan_creates_the_row(queryset, **kwargs):
        if queryset.model is PostcardScan and not raced:
            raced.append(True)
            # Another scan finds no row either and creates it, just before ours does.
            PostcardScan.objects.create(postcard=card, day=timezone.localdate(), count=1)
            return 0
        return real_update(queryset, **kwargs)

    monkeypatch.setattr(QuerySet, "update", update_while_another_scan_creates_the_row)
    assert scan(anon_client, card).status_code == 302
    assert raced
    assert PostcardScan.objects.get().count == 2


@pytest.mark.django_db
def test_unknown_codes_get_the_not_found_page(anon_client):
    response = anon_client.get("/k/gibtsnicht")
    assert response.status_code == 404
    assert "<main" in response.content.decode()


@pytest.mark.django_db
def test_a_code_read_in_capitals_works_and_a_head_request_is_not_counted(anon_client):
    card = PostcardFactory(code="ab3xy9")
    assert anon_client.get("/k/AB3XY9")["Location"] == card.target_path
    assert anon_client.head("/k/ab3xy9").status_code == 302
    assert PostcardScan.objects.get().count == 1


@pytest.mark.django_db
def test_a_stored_target_pointing_elsewhere_is_never_followed(anon_client):
    card = PostcardFactory()
    Postcard.objects.filter(pk=card.pk).update(target_path="//evil.example/")
    assert scan(anon_client, card).status_code == 404
    Postcard.objects.filter(pk=card.pk).update(target_path="/\\evil.example")
    assert scan(anon_client, card).status_code == 404
    assert not PostcardScan.objects.exists()


# ----------------------------------------------------------------- scans in the back office


@pytest.mark.django_db
def test_the_list_shows_scans_of_the_last_30_days_and_in_total(coordinator_client, monkeypatch):
    card = PostcardFactory(headline="Kurzer Draht Kinderarzt")
    today = datetime.now(BERLIN).date()
    PostcardScan.objects.create(postcard=card, day=today, count=4)
    PostcardScan.objects.create(postcard=card, day=today - timedelta(days=29), count=2)
    PostcardScan.objects.create(postcard=card, day=today - timedelta(days=30), count=7)
    PostcardFactory(headline="Noch nie gescannt")

    content = coordinator_client.get(LIST).content.decode()
    row = content[content.index("Kurzer Draht Kinderarzt") :]
    row = row[: row.index("</tr>")]
    cells = [cell.split(">")[-1] for cell in row.split("</td>")]
    assert "6" in cells
    assert "13" in cells
    assert "Noch nie gescannt" in content

    detail = coordinator_client.get(reverse("postcards:detail", args=[card.pk]))
    assert detail.content.decode().count('scope="row"') == 30


@pytest.mark.django_db
def test_scans_per_card_and_day_can_be_downloaded(coordinator_client):
    card = PostcardFactory(code="abc234", headline="Frühe Hilfen")
    PostcardScan.objects.create(postcard=card, day=datetime(2026, 3, 2).date(), count=5)
    response = coordinator_client.get(LIST + "?format=csv")
    assert response["Content-Type"].startswith("text/csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Short code;Headline;Page;Day;Scans"
    assert lines[1] == "abc234;Frühe Hilfen;/angebote/;02.03.2026;5"
    xlsx = coordinator_client.get(LIST + "?format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


# --------------------------------------------------------------------------- the PDF


@pytest.mark.parametrize(
    ("orientation", "size"),
    [("landscape", (A6_LONG, A6_SHORT)), ("portrait", (A6_SHORT, A6_LONG))],
)
@pytest.mark.django_db
def test_the_postcard_is_an_a6_pdf_with_qr_code_and_short_address(
    coordinator_client, tmp_path, orientation, size
):
    card = PostcardFactory(
        code="k7m2pq",
        orientation=orientation,
        headline="Kurzer Draht zum Rat",
        text="Rat und Hilfe rund ums Baby – schnell gefunden.",
    )
    response = coordinator_client.get(reverse("postcards:pdf", args=[card.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="postkarte-k7m2pq.pdf"' in response["Content-Disposition"]
    content = response.content

    info = pdf_info(content, tmp_path)
    assert info["Pages"] == "1"
    assert info["Tagged"] == "yes"
    width, _, height = info["Page size"].split()[:3]
    assert (round(float(width), 1), round(float(height), 1)) == (
        round(size[0], 1),
        round(size[1], 1),
    )
    text = pdf_text(content, tmp_path)
    assert "Kurzer Draht zum Rat" in text
    assert "127.0.0.1:8000/k/k7m2pq" in text
    assert "Lokales Bündnis für Familie" in text
    assert any(w == h for w, h in pdf_images(content, tmp_path))  # the QR code


# --------------------------------------------------------------------------- demo data


@pytest.mark.django_db
def test_demo_postcards_load_once_and_lead_to_real_pages():
    from familienrathaus.core import demo as core_demo
    from familienrathaus.postcards import demo
    from familienrathaus.postcards.validators import validate_target_path

    core_demo.load()
    assert demo.load() > 0
    assert demo.load() == 0
    for card in Postcard.objects.all():
        validate_target_path(card.target_path)
        assert card.scans.exists()
