"""``manage.py load_demo``: the demo alliances of Musterstadt (the install's first, also on
the plain address) and Beispieldorf (on beispieldorf.localhost), safe to load twice."""

from __future__ import annotations

import io
import time

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from familienrathaus.core import tenancy
from familienrathaus.core.demo import DEMO_PASSWORD, DEMO_TOTP_SECRET
from familienrathaus.core.i18n import unprefixed
from familienrathaus.core.models import LegalPage, SiteSettings, User
from familienrathaus.core.models.users import Role
from familienrathaus.events.models import Event
from familienrathaus.news.models import NewsPost
from familienrathaus.offers.models import Offer
from familienrathaus.partners.models import Membership, Organisation
from familienrathaus.places.models import Notinsel, Place

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
        "offers": Offer.objects.count(),
        "events": Event.objects.count(),
        "places": Place.objects.count(),
        "news": NewsPost.objects.count(),
    }


def both_counts() -> dict[str, dict[str, int]]:
    return tenancy.for_each(counts)


def load_demo() -> str:
    output = io.StringIO()
    call_command("load_demo", stdout=output)
    return output.getvalue()


def test_loading_the_demo_twice_creates_nothing_the_second_time():
    load_demo()
    first = both_counts()

    output = load_demo()

    assert both_counts() == first
    assert set(first) == {"musterstadt", "beispieldorf"}
    musterstadt, beispieldorf = output.split("Lokales Bündnis für Familie Beispieldorf")
    assert "core: 0 new object(s)" in musterstadt
    assert "partners: 0 new object(s)" in musterstadt
    assert "core: 0 new object(s)" in beispieldorf
    assert "offers: 0 new object(s)" in beispieldorf


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

    coordinators = User.objects.with_role(Role.COORDINATOR, Role.ADMINISTRATOR)
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


def host_client(host: str) -> Client:
    return Client(HTTP_HOST=host, HTTP_ACCEPT_LANGUAGE="de")


def page(host: str, path: str = "/") -> str:
    response = host_client(host).get(path)
    assert response.status_code == 200, (host, path, response.status_code)
    return response.content.decode()


def test_demo_has_musterstadt_first_and_a_smaller_beispieldorf_each_on_its_own_host():
    load_demo()

    musterstadt = tenancy.first()
    assert musterstadt is not None
    assert (musterstadt.slug, musterstadt.name) == (
        "musterstadt",
        "Lokales Bündnis für Familie Musterstadt",
    )
    beispieldorf = tenancy.Alliance.objects.get(slug="beispieldorf")
    assert beispieldorf.name == "Lokales Bündnis für Familie Beispieldorf"
    assert tenancy.site_url(beispieldorf).startswith("http://beispieldorf.localhost")
    with tenancy.activate(beispieldorf):
        site = SiteSettings.objects.get()
        assert (site.municipality, site.federal_state) == ("Gemeinde Beispieldorf", "BY")
        assert site.primary_colour != "#0b5394"
        assert 3 <= Organisation.objects.count() <= 4
        assert 6 <= Offer.objects.filter(status=Offer.Status.PUBLISHED).count() <= 8
        assert 4 <= Event.objects.filter(status=Event.Status.PUBLISHED).count() <= 5
        assert 5 <= Place.objects.count() <= 6
        assert Notinsel.objects.filter(status=Notinsel.Status.ACTIVE).count() == 1
        assert 1 <= NewsPost.objects.filter(status=NewsPost.Status.PUBLISHED).count() <= 2
    with tenancy.activate(musterstadt):
        musterstadt_partners = list(Organisation.objects.values_list("name", flat=True))

    home = page("beispieldorf.localhost")
    assert "Lokales Bündnis für Familie Beispieldorf" in home
    assert "Musterstadt" not in home
    offers = page("beispieldorf.localhost", reverse("offers:list"))
    assert "Eltern-Kind-Turnen" in offers
    assert "Krabbelgruppe" in offers
    for name in musterstadt_partners:
        assert name not in offers or name == "Kita Regenbogen"  # both have one
    assert "Musterstadt" not in offers
    # Beispieldorf does without a holiday programme and the employers' part (core.parts).
    holidays = reverse("holidays:index")
    assert host_client("beispieldorf.localhost").get(holidays).status_code == 404
    assert f'href="{holidays}"' not in home and f'href="{holidays}"' in page("testserver")

    for host in ("musterstadt.localhost", "testserver", "127.0.0.1"):
        home = page(host)
        assert "Lokales Bündnis für Familie Musterstadt" in home
        assert "Beispieldorf" not in home


def test_beispieldorfs_coordinator_is_coordinator_there_and_only_a_family_elsewhere():
    load_demo()
    login = {"login": "koordination@beispieldorf.example", "password": DEMO_PASSWORD}
    there = host_client("beispieldorf.localhost")
    plain = host_client("testserver")

    password_step = there.post(reverse("account_login"), login)
    code = format_hotp_value(hotp_value(DEMO_TOTP_SECRET, int(time.time()) // 30))
    code_step = there.post(reverse("mfa_authenticate"), {"code": code})
    # On Musterstadt's address the same account joins as a family (issue 23): the
    # password is right, its second factor is asked next.
    elsewhere = plain.post(reverse("account_login"), login)

    assert password_step["Location"] == unprefixed(reverse("mfa_authenticate"))
    assert code_step.status_code == 302
    village = tenancy.Alliance.objects.get(slug="beispieldorf")
    with tenancy.activate(village):
        coordinator = User.objects.get(email="koordination@beispieldorf.example")
        assert coordinator.role == Role.COORDINATOR
    assert there.session["_auth_user_id"] == str(coordinator.pk)
    assert elsewhere["Location"] == unprefixed(reverse("mfa_authenticate"))
    assert User.objects.get(email="koordination@beispieldorf.example").role == Role.FAMILY


def test_one_demo_partner_works_in_both_towns():
    load_demo()
    both = "partner01@musterstadt.example"
    assert User.objects.get(email=both).role == Role.PARTNER
    with tenancy.activate(tenancy.Alliance.objects.get(slug="beispieldorf")):
        partner = User.objects.get(email=both)
        assert partner.role == Role.PARTNER
        assert partner.memberships.filter(
            organisation__name="Familienzentrum Beispieldorf"
        ).exists()
