"""Two alliances on one install (core.tenancy): the core's pages, logins, API tokens,
caches, jobs, commands and mail links of one never show the other's."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from familienrathaus.core import audit, jobs, periodic, selectors, tenancy
from familienrathaus.core.models import (
    AllianceMembership,
    AuditEntry,
    LegalPage,
    SiteSettings,
    Theme,
    User,
)
from familienrathaus.core.models.users import Role
from familienrathaus.core.services import create_api_token
from familienrathaus.core.tasks import RECOVER_EVERY, recover_jobs
from tests.conftest import alliance_client, coordinator_with_totp, english_client
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


@jobs.provides("core.tests.alliance_name_probe")
@task()
def alliance_name_probe() -> str:
    """A task that says which alliance it runs in."""
    return selectors.site_settings().alliance_name


@pytest.fixture
def village(second_alliance: Any) -> Any:
    """Beispieldorf with a legal page, a theme and a coordinator; Musterstadt (the first
    alliance) with the same page kind, theme slug and its own coordinator."""
    SiteSettings.objects.update_or_create(defaults={"alliance_name": "Bündnis Musterstadt"})
    LegalPage.objects.create(kind="impressum", title="Impressum", body="Stadt Musterstadt")
    Theme.objects.create(name="Nur Stadt", slug="nur-hier")
    with tenancy.activate(second_alliance):
        LegalPage.objects.create(kind="impressum", title="Impressum", body="Gemeinde Beispieldorf")
        Theme.objects.create(name="Nur Dorf", slug="nur-hier")
    return second_alliance


def coordinator_of(alliance: Any, email: str) -> User:
    with tenancy.activate(alliance):
        return coordinator_with_totp(email)


def test_each_host_shows_its_own_alliance(village: Any, anon_client: Any) -> None:
    village_page = alliance_client(village).get("/en/").content.decode()
    town_page = anon_client.get("/en/").content.decode()
    assert "Beispieldorf" in village_page and "Musterstadt" not in village_page
    assert "Musterstadt" in town_page and "Beispieldorf" not in town_page
    # The first alliance also answers on its own subdomain.
    first = tenancy.first()
    assert first is not None
    assert "Musterstadt" in alliance_client(first).get("/en/").content.decode()


def test_legal_pages_are_each_alliances_own(village: Any, anon_client: Any) -> None:
    url = reverse("core:legal_page", kwargs={"kind": "impressum"})
    assert "Gemeinde Beispieldorf" in alliance_client(village).get(url).content.decode()
    town = anon_client.get(url).content.decode()
    assert "Stadt Musterstadt" in town and "Beispieldorf" not in town


def test_an_unknown_subdomain_is_not_found_and_a_suspended_alliance_answers_503(
    village: Any, anon_client: Any
) -> None:
    assert anon_client.get("/en/", HTTP_HOST="nirgendwo.localhost").status_code == 404
    village.is_active = False
    village.save()
    response = alliance_client(village).get("/en/")
    assert response.status_code == 503
    assert anon_client.get("/en/").status_code == 200


def test_an_account_logs_in_on_its_alliances_host_and_joins_another_as_a_family(
    village: Any, anon_client: Any
) -> None:
    with tenancy.activate(village):
        UserFactory(role=Role.COORDINATOR, email="mutter@beispieldorf.example")
    login = reverse("account_login")
    form = {"login": "mutter@beispieldorf.example", "password": DEFAULT_PASSWORD}
    village_client = alliance_client(village)
    assert village_client.post(login, form).status_code == 302
    assert "_auth_user_id" in village_client.session
    # The same account on Musterstadt's host: it joins Musterstadt as a family (issue 23,
    # "families register per alliance"), its role in Beispieldorf unchanged.
    assert anon_client.post(login, form).status_code == 302
    assert User.objects.get(email="mutter@beispieldorf.example").role == Role.FAMILY
    with tenancy.activate(village):
        assert User.objects.get(email="mutter@beispieldorf.example").role == Role.COORDINATOR


def test_a_session_of_one_alliance_is_nobody_on_the_others_host(village: Any) -> None:
    town_coordinator = coordinator_of(tenancy.require(), "koordination@musterstadt.example")
    client = english_client(town_coordinator)
    assert client.get(reverse("core:dashboard")).status_code == 200
    # The same session cookie sent to Beispieldorf's host: not logged in there.
    response = client.get(reverse("core:dashboard"), HTTP_HOST="beispieldorf.localhost")
    assert response.status_code == 302
    assert "login" in response["Location"]


def test_back_office_shows_the_coordinators_own_alliance(village: Any) -> None:
    village_coordinator = coordinator_of(village, "koordination@beispieldorf.example")
    with tenancy.activate(village):
        audit.record(actor=village_coordinator, action="Dorfeintrag", object_type="test")
    audit.record(actor=None, action="Stadteintrag", object_type="test")
    client = alliance_client(village, village_coordinator)
    log = client.get(reverse("core:audit_log")).content.decode()
    assert "Dorfeintrag" in log and "Stadteintrag" not in log
    vocabularies = client.get(reverse("core:vocabularies")).content.decode()
    assert "Nur Dorf" in vocabularies and "Nur Stadt" not in vocabularies
    # Musterstadt's theme by its id on Beispieldorf's host: not found.
    town_theme = Theme.objects.get(slug="nur-hier")
    edit = reverse("core:vocabulary_edit", kwargs={"kind": "themen", "pk": town_theme.pk})
    assert client.get(edit).status_code == 404


def test_an_api_token_works_only_on_its_alliances_host(village: Any) -> None:
    with tenancy.activate(village):
        partner = UserFactory(role=Role.PARTNER, email="partner@beispieldorf.example")
        _token, key = create_api_token(user=partner, name="Dorf-App")
    headers = {"Authorization": f"Bearer {key}"}
    village_client = alliance_client(village)
    answer = village_client.get("/api/v1/me", headers=headers)
    assert answer.status_code == 200
    assert answer.json()["email"] == "partner@beispieldorf.example"
    assert english_client().get("/api/v1/me", headers=headers).status_code == 401


def test_cached_values_are_each_alliances_own(village: Any) -> None:
    cache.set("frh-test", "Stadt")
    with tenancy.activate(village):
        assert cache.get("frh-test") is None
        cache.set("frh-test", "Dorf")
    assert cache.get("frh-test") == "Stadt"


def test_site_settings_and_links_are_each_alliances_own(village: Any, settings: Any) -> None:
    with tenancy.activate(village):
        assert selectors.site_settings().alliance_name.endswith("Beispieldorf")
        assert tenancy.site_url().startswith("http://beispieldorf.localhost")
    assert selectors.site_settings().alliance_name == "Bündnis Musterstadt"
    assert tenancy.site_url() == settings.SITE_URL
    village.domain = "familie.beispieldorf.de"
    village.save()
    # An own domain is one of the install's host names too (DJANGO_ALLOWED_HOSTS).
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "familie.beispieldorf.de"]
    with tenancy.activate(village):
        assert tenancy.site_url() == "http://familie.beispieldorf.de"
    page = alliance_client(village).get("/en/", HTTP_HOST="familie.beispieldorf.de")
    assert "Beispieldorf" in page.content.decode()


def test_a_job_runs_in_the_alliance_that_enqueued_it(village: Any) -> None:
    with tenancy.activate(village):
        result = jobs.enqueue("core.tests.alliance_name_probe")
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.args_kwargs["kwargs"] == {tenancy.ALLIANCE_KWARG: village.pk}
    # Run by the worker, outside any alliance: the task sees Beispieldorf.
    task = jobs.task_named("core.tests.alliance_name_probe")
    with tenancy.unscoped():
        assert task.call(**row.args_kwargs["kwargs"]) == "Lokales Bündnis für Familie Beispieldorf"


def test_a_periodic_task_runs_once_in_each_alliance(village: Any) -> None:
    with tenancy.unscoped():
        results = recover_jobs.call()
    assert set(results) == {tenancy.require().slug, "beispieldorf"}
    assert periodic.interval(recover_jobs) == RECOVER_EVERY


def test_a_command_works_on_the_named_alliance_or_on_each(village: Any) -> None:
    out = StringIO()
    call_command("prune_old_data", "--alliance", "beispieldorf", "--dry-run", stdout=out)
    with pytest.raises(Exception, match="nirgendwo"):
        call_command("prune_old_data", "--alliance", "nirgendwo", stdout=StringIO())


def test_createsuperuser_makes_an_operator_who_administers_the_named_alliance(
    village: Any,
) -> None:
    call_command(
        "createsuperuser",
        "--noinput",
        "--email",
        "chef@beispieldorf.example",
        "--alliance",
        "beispieldorf",
        stdout=StringIO(),
    )
    with tenancy.unscoped():
        account = User.objects.get(email="chef@beispieldorf.example")
    assert account.is_superuser
    memberships = AllianceMembership._base_manager.filter(user=account)
    assert [(m.alliance_id, m.role) for m in memberships] == [(village.pk, Role.ADMINISTRATOR)]
    # An operator works on every alliance's site, without a role there.
    assert User.objects.get(email="chef@beispieldorf.example").role is None


def test_new_alliances_start_with_the_vocabularies(village: Any) -> None:
    with tenancy.activate(village):
        assert Theme.objects.filter(slug="bildung-und-betreuung").exists()
        assert AuditEntry.objects.count() == 0
