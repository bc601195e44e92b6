"""The host's operators' area (core.operators): superusers create, set up, suspend,
resume and delete alliances and see each one's size and activity."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from familienrathaus.core import tenancy
from familienrathaus.core.models import Alliance, AuditEntry, OutboxMessage, User
from familienrathaus.core.models.users import Role
from familienrathaus.core.operators import importer, selectors, transfer
from familienrathaus.offers.models import Offer
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories import TOTP_SECRET
from tests.factories.core import OutboxMessageFactory
from tests.test_tenancy_export import counts, fill

pytestmark = pytest.mark.django_db


@pytest.fixture
def operator() -> User:
    """The host's operator: a superuser of no alliance, with the test second factor."""
    with tenancy.unscoped():
        user = User.objects.create_superuser("betrieb@example.org", "geheim-und-lang-1")
    TOTP.activate(user, TOTP_SECRET)
    return user


@pytest.fixture
def operator_client(operator: User) -> Any:
    return english_client(operator)


@pytest.fixture
def exports(settings: Any, tmp_path: Path) -> Path:
    settings.VAR_DIR = tmp_path / "var"
    return tmp_path / "var" / "exports"


def test_only_operators_reach_the_area(operator_client: Any, anon_client: Any) -> None:
    response = anon_client.get("/en/betrieb/")
    assert response.status_code == 302 and "/konto/login/" in response["Location"]
    coordinator = english_client(coordinator_with_totp("koordination@example.org"))
    assert coordinator.get("/en/betrieb/").status_code == 403
    assert coordinator.get("/en/betrieb/neu/").status_code == 403
    page = operator_client.get("/en/betrieb/")
    assert page.status_code == 200
    assert "manage.py migrate" in page.content.decode()


def test_an_operator_sets_up_the_second_factor_first() -> None:
    with tenancy.unscoped():
        user = User.objects.create_superuser("neu@example.org", "geheim-und-lang-1")
    response = english_client(user).get("/en/betrieb/")
    assert response.status_code == 302
    assert "/totp/" in response["Location"]


def test_the_area_answers_on_any_alliance_host(operator: User, second_alliance: Any) -> None:
    assert alliance_client(second_alliance, operator).get("/en/betrieb/").status_code == 200


def test_create_makes_a_working_site_with_its_coordinator(operator_client: Any) -> None:
    response = operator_client.post(
        "/en/betrieb/neu/",
        {
            "slug": "neudorf",
            "name": "Bündnis Neudorf",
            "domain": "",
            "coordinator_email": "Chefin@Neudorf.example",
        },
    )
    assert response.status_code == 302
    (alliance,) = tenancy.alliances("neudorf")
    page = alliance_client(alliance).get("/en/")
    assert page.status_code == 200
    with tenancy.activate(alliance):
        coordinator = User.objects.get(email="chefin@neudorf.example")
        assert coordinator.role == Role.COORDINATOR
        mail = OutboxMessage.objects.get(purpose="core:operators_welcome")
        assert mail.to == ["chefin@neudorf.example"]
        assert "neudorf.localhost" in mail.body_text and "password" in mail.body_text.lower()
        assert AuditEntry.objects.filter(action="alliance.create").exists()


def test_create_refuses_a_taken_short_name(operator_client: Any, second_alliance: Any) -> None:
    response = operator_client.post(
        "/en/betrieb/neu/",
        {"slug": "beispieldorf", "name": "Noch eins", "coordinator_email": "a@b.example"},
    )
    assert response.status_code == 200
    assert "already exists" in response.content.decode()


def test_the_directory_host_is_nobodys_address(operator_client: Any, settings: Any) -> None:
    settings.FRH_DIRECTORY_HOST = "verzeichnis.localhost"
    form = {"name": "Verzeichnisdorf", "coordinator_email": "a@b.example"}
    response = operator_client.post("/en/betrieb/neu/", {**form, "slug": "verzeichnis"})
    assert response.status_code == 200
    assert "the install&#x27;s directory of alliances" in response.content.decode()
    response = operator_client.post(
        "/en/betrieb/neu/", {**form, "slug": "dorf", "domain": "verzeichnis.localhost"}
    )
    assert "the install&#x27;s directory of alliances" in response.content.decode()
    with tenancy.unscoped():
        assert not Alliance.objects.filter(name="Verzeichnisdorf").exists()


def test_settings_of_the_operator(operator_client: Any, second_alliance: Any) -> None:
    form = operator_client.get("/en/betrieb/beispieldorf/").content.decode()
    assert 'name="mails_per_hour"' in form and 'name="tile_url"' in form
    response = operator_client.post(
        "/en/betrieb/beispieldorf/",
        {
            "name": second_alliance.name,
            "domain": "familie.beispieldorf.example",
            "sender_email": "post@beispieldorf.example",
            "sender_name": "Bündnis Beispieldorf",
            "tile_url": "",
            "tile_attribution": "",
            "upload_quota_mb": "500",
            "mails_per_hour": "300",
        },
    )
    assert response.status_code == 302
    second_alliance.refresh_from_db()
    assert second_alliance.domain == "familie.beispieldorf.example"
    assert second_alliance.mails_per_hour == 300 and second_alliance.upload_quota_mb == 500
    with tenancy.activate(second_alliance):
        entry = AuditEntry.objects.get(action="alliance.update")
        assert entry.changes["mails_per_hour"] == {"before": 2000, "after": 300}


def test_suspend_and_resume(operator_client: Any, second_alliance: Any) -> None:
    confirm = operator_client.get("/en/betrieb/beispieldorf/sperren/")
    assert confirm.status_code == 200 and "Suspend" in confirm.content.decode()
    assert second_alliance.is_active  # a GET changes nothing
    operator_client.post("/en/betrieb/beispieldorf/sperren/")
    assert alliance_client(second_alliance).get("/en/").status_code == 503
    operator_client.post("/en/betrieb/beispieldorf/freigeben/")
    assert alliance_client(second_alliance).get("/en/").status_code == 200
    with tenancy.activate(second_alliance):
        actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"alliance.suspend", "alliance.resume"} <= actions


def test_delete_exports_first_then_nothing_of_the_alliance_remains(
    operator_client: Any,
    second_alliance: Any,
    exports: Path,
    immediate_tasks: None,
    django_capture_on_commit_callbacks: Any,
) -> None:
    town_rows = fill(tenancy.first(), "musterstadt")
    village_rows = fill(second_alliance, "beispieldorf")
    village_before = counts(second_alliance)
    files = [village_rows["picture"].image, village_rows["attachment"].file]
    assert all(f.storage.exists(f.name) for f in files)

    page = operator_client.get("/en/betrieb/beispieldorf/loeschen/").content.decode()
    town_before = counts(tenancy.first())
    assert "beispieldorf-" in page and ".zip" in page  # where the export goes
    wrong = operator_client.post("/en/betrieb/beispieldorf/loeschen/", {"slug": "beispiel"})
    assert wrong.status_code == 200 and tenancy.alliances("beispieldorf")
    with django_capture_on_commit_callbacks(execute=True):
        response = operator_client.post(
            "/en/betrieb/beispieldorf/loeschen/", {"slug": "beispieldorf"}, follow=True
        )
    assert response.status_code == 200

    assert tenancy.alliances("beispieldorf") == []
    assert set(counts(second_alliance).values()) == {0}
    assert not any(f.storage.exists(f.name) for f in files)
    with tenancy.unscoped():
        assert not User._base_manager.filter(email="familie@beispieldorf.example").exists()
    # The other alliance is untouched; its audit log has the deletion.
    deletion_logged = {"core.auditentry": town_before["core.auditentry"] + 1}
    assert counts(tenancy.first()) == {**town_before, **deletion_logged}
    assert town_rows["picture"].image.storage.exists(town_rows["picture"].image.name)
    (export,) = exports.glob("beispieldorf-*.zip")
    assert str(export) in response.content.decode()
    assert "deleted" in response.content.decode()
    entry = AuditEntry.objects.get(action="alliance.delete")
    assert entry.changes["export"] == str(export)

    # The export is the whole alliance: it imports back.
    importer.import_alliance(export)
    (back,) = tenancy.alliances("beispieldorf")
    assert counts(back) == village_before
    with tenancy.activate(back):
        assert Offer.objects.get().title == "Elterncafé beispieldorf"
    assert transfer.canonical(export)["offers.offer"][0]["title"] == "Elterncafé beispieldorf"


def test_size_and_activity_per_alliance(
    operator_client: Any, second_alliance: Any, settings: Any
) -> None:
    village = fill(second_alliance, "beispieldorf")
    now = timezone.now()
    with tenancy.activate(second_alliance):
        OutboxMessageFactory.create_batch(2)
        old = OutboxMessageFactory()
        OutboxMessage.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=31))
        User.objects.filter(email="familie@beispieldorf.example").update(
            last_login=now - timedelta(hours=3)
        )
        AuditEntry.objects.update(created_at=now - timedelta(days=2))
    sizes = village["picture"].image.size + village["attachment"].file.size

    (figures,) = [f for f in selectors.alliance_figures() if f.alliance.pk == second_alliance.pk]
    assert figures.rows == sum(counts(second_alliance).values())
    assert (figures.files, figures.file_bytes) == (2, sizes)
    assert figures.mails == 2
    assert figures.last_login == now - timedelta(hours=3)
    assert figures.last_change == now - timedelta(days=2)
    page = operator_client.get("/en/betrieb/").content.decode()
    assert f'data-bytes="{sizes}"' in page


def test_the_list_asks_no_more_queries_for_more_alliances(
    operator_client: Any, second_alliance: Any, fresh_cache: None
) -> None:
    operator_client.get("/en/betrieb/")
    with CaptureQueriesContext(connection) as few:
        operator_client.get("/en/betrieb/")
    for number in range(5):
        tenancy.create(slug=f"dorf-{number}", name=f"Dorf {number}")
    operator_client.get("/en/betrieb/")
    with CaptureQueriesContext(connection) as many:
        page = operator_client.get("/en/betrieb/").content.decode()
    assert "Dorf 4" in page
    assert len(many) == len(few)
