"""A family can download and delete its own data (DSGVO Art. 15, 17, 20)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from familienrathaus.core.models import AuditEntry, User
from familienrathaus.holidays.models import ReductionClaim
from familienrathaus.lottery.services import save_wishes
from tests.factories import ChildFactory, PeriodFactory, pdf_upload
from tests.factories.lottery import occasion

pytestmark = pytest.mark.django_db


def make_family() -> User:
    return User.objects.create_user("mia@example.org", "ein-langes-Passwort-1", name="Mia")


def test_family_downloads_own_data_as_json(client) -> None:
    user = make_family()
    client.force_login(user)
    response = client.get(reverse("core:account_data"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["account"]["email"] == "mia@example.org"
    assert data["account"]["name"] == "Mia"


def test_data_download_needs_login(client) -> None:
    response = client.get(reverse("core:account_data"))
    assert response.status_code == 302
    assert "/konto/login/" in response["Location"]


def test_wrong_password_keeps_account(client) -> None:
    user = make_family()
    client.force_login(user)
    response = client.post(reverse("core:account_delete"), {"password": "falsch"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    assert User.objects.filter(pk=user.pk).exists()


def test_family_deletes_account_and_is_logged_out(client) -> None:
    user = make_family()
    client.force_login(user)
    response = client.post(reverse("core:account_delete"), {"password": "ein-langes-Passwort-1"})
    assert response.status_code == 302
    assert not User.objects.filter(email="mia@example.org").exists()
    entry = AuditEntry.objects.get(action="account.delete")
    assert "mia" not in json.dumps(entry.changes) and "mia" not in entry.object_repr
    assert client.get(reverse("core:account")).status_code == 302


def test_readable_data_page_needs_login_and_lists_the_account(client) -> None:
    response = client.get(reverse("core:account_data") + "?format=html")
    assert response.status_code == 302
    user = make_family()
    client.force_login(user)
    page = client.get(reverse("core:account_data") + "?format=html").content.decode()
    assert "mia@example.org" in page
    assert "Download your data (JSON)" in page or "Daten herunterladen" in page


def test_readable_data_page_names_the_data_in_german(client) -> None:
    client.force_login(make_family())
    ChildFactory(family=User.objects.get(), first_name="Ole")
    page = client.get(
        reverse("core:account_data") + "?format=html", HTTP_ACCEPT_LANGUAGE="de"
    ).content.decode()
    assert "Vorname" in page and "Ole" in page
    assert "First name" not in page and "Email" not in page


def test_holiday_data_download_has_the_lottery_wishes_and_the_proof(client) -> None:

    user = make_family()
    client.force_login(user)
    period = PeriodFactory(wish_phase=True)
    child = ChildFactory(family=user, first_name="Ole")
    save_wishes(
        actor=user, period=period, child=child, entries=[(occasion(period).pk, "ABCD-EFGH")]
    )
    kind = period.reduction_kinds.create(name="Familienpass", percent=50)
    client.post(
        f"/ferienspass/{period.slug}/ermaessigung/", {"kind": kind.pk, "proof": pdf_upload()}
    )
    claim = ReductionClaim.objects.get()

    data = client.get("/ferienspass/familie/daten.json").json()
    assert data["lottery"]["wishes"][0]["group_code"] == "ABCD-EFGH"
    assert data["reductions"][0]["proof_file"] == f"/ferienspass/ermaessigung/{claim.pk}/nachweis/"
