"""``manage.py load_demo``: the demo alliance of Musterstadt, safe to load twice."""

from __future__ import annotations

import io

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.core.management import call_command

from familienrathaus.core.demo import DEMO_PASSWORD
from familienrathaus.core.models import LegalPage, SiteSettings, User
from familienrathaus.core.models.users import Role
from familienrathaus.partners.models import Membership, Organisation

pytestmark = pytest.mark.django_db


def counts() -> dict[str, int]:
    return {
        "users": User.objects.count(),
        "addresses": EmailAddress.objects.count(),
        "authenticators": Authenticator.objects.count(),
        "organisations": Organisation.objects.count(),
        "memberships": Membership.objects.count(),
        "pages": LegalPage.objects.count(),
        "settings": SiteSettings.objects.count(),
    }


def load_demo() -> str:
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def test_loading_the_demo_twice_creates_nothing_the_second_time():
    load_demo()
    first = counts()

    output = load_demo()

    assert counts() == first
    assert "core: 0 new object(s)" in output
    assert "partners: 0 new object(s)" in output


def test_demo_has_about_twenty_partners_each_with_a_staff_login():
    load_demo()

    organisations = Organisation.objects.all()
    assert 25 <= organisations.count() <= 35
    for organisation in organisations:
        staff = [m.user for m in organisation.memberships.select_related("user")]
        assert staff, f"{organisation} has no staff login"
        for user in staff:
            assert user.role == Role.PARTNER
            assert user.check_password(DEMO_PASSWORD)
            assert EmailAddress.objects.filter(user=user, verified=True, primary=True).exists()


def test_demo_coordinators_have_a_second_factor_and_all_four_pages_exist():
    load_demo()

    coordinators = User.objects.filter(role__in=[Role.COORDINATOR, Role.ADMINISTRATOR])
    assert coordinators.exists()
    for user in coordinators:
        assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert set(LegalPage.objects.values_list("kind", flat=True)) == set(LegalPage.Kind.values)
    assert SiteSettings.objects.get().alliance_name == "Lokales Bündnis für Familie Musterstadt"


def test_demo_partner_can_log_in(client_for):
    load_demo()

    response = client_for(None).post(
        "/konto/login/", {"login": "partner01@musterstadt.example", "password": DEMO_PASSWORD}
    )

    assert response.status_code == 302
    assert response["Location"] == "/"
