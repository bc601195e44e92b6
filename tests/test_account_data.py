"""A family can download and delete its own data (DSGVO Art. 15, 17, 20)."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from familienrathaus.core.models import AuditEntry, User

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
