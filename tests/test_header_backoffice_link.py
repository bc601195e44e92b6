"""Partner staff and coordinators reach the back office from the header ("Verwaltung");
families and visitors do not see the link."""

from __future__ import annotations

import pytest
from django.test import Client

from familienrathaus.core.models import User

pytestmark = pytest.mark.django_db

LINK = '<a class="frh-header__link" href="/verwaltung/"'


def german(user: User | None) -> Client:
    client = Client(headers={"accept-language": "de"})
    if user is not None:
        client.force_login(user)
    return client


def test_partner_staff_see_the_verwaltung_link(partner_user: User) -> None:
    page = german(partner_user).get("/").content.decode()
    assert LINK in page
    assert ">Verwaltung</a>" in page


def test_coordinators_see_it_marked_current_in_the_back_office(coordinator: User) -> None:
    client = german(coordinator)
    assert LINK in client.get("/").content.decode()
    response = client.get("/verwaltung/", follow=True)
    assert f'{LINK} aria-current="page">Verwaltung</a>' in response.content.decode()


def test_families_and_visitors_do_not(family_user: User) -> None:
    assert LINK not in german(family_user).get("/").content.decode()
    assert LINK not in german(None).get("/").content.decode()
