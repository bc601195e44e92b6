"""The demo partners of Musterstadt (partners/demo.py)."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest

from familienrathaus.core.models import District, User
from familienrathaus.partners import demo
from familienrathaus.partners.models import Address, ContactPerson, Membership, Organisation

pytestmark = pytest.mark.django_db

CENTRE = (51.40, 7.19)


def distance_km(lat: Decimal, lon: Decimal) -> float:
    dy = (float(lat) - CENTRE[0]) * 111.2
    dx = (float(lon) - CENTRE[1]) * 111.2 * math.cos(math.radians(CENTRE[0]))
    return math.hypot(dx, dy)


def test_thirty_partners_with_address_contacts_and_website():
    created = demo.load()  # its time: bench/demo_data.py

    assert created > 0
    assert Organisation.objects.count() == 30
    assert set(District.objects.values_list("name", flat=True)) >= set(demo.DISTRICTS)
    for organisation in Organisation.objects.all():
        assert len(organisation.description) > 80, organisation
        assert organisation.website.endswith(".example.org"), organisation
        [address] = organisation.addresses.all()
        assert (address.postcode, address.city) == ("12345", "Musterstadt")
        assert address.district.name in demo.DISTRICTS
        assert distance_km(address.latitude, address.longitude) <= 2.0, organisation
        assert 1 <= organisation.contacts.count() <= 2
    assert ContactPerson.objects.filter(is_public=True).exists()
    assert ContactPerson.objects.filter(is_public=False).exists()
    used = set(Address.objects.values_list("district__name", flat=True))
    assert used == set(demo.DISTRICTS)


def test_the_twenty_logins_stay_and_every_partner_has_staff():
    demo.load()

    logins = User.objects.filter(email__regex=r"^partner\d\d@musterstadt\.example$")
    assert logins.count() == 20
    caritas = User.objects.get(email="partner01@musterstadt.example")
    assert set(caritas.memberships.values_list("organisation__name", flat=True)) == {
        "Caritasverband Musterstadt",
        "Caritas-Familienberatungsstelle",
    }
    assert not Organisation.objects.filter(memberships__isnull=True).exists()


def test_loading_again_creates_nothing():
    demo.load()
    counts = [
        Organisation.objects.count(),
        Address.objects.count(),
        ContactPerson.objects.count(),
        Membership.objects.count(),
        District.objects.count(),
        User.objects.count(),
    ]

    assert demo.load() == 0
    assert counts == [
        Organisation.objects.count(),
        Address.objects.count(),
        ContactPerson.objects.count(),
        Membership.objects.count(),
        District.objects.count(),
        User.objects.count(),
    ]


def test_existing_districts_of_the_same_name_are_reused():
    District.objects.create(name="Südstadt", slug="suedstadt", position=9)

    demo.load()

    assert District.objects.filter(name="Südstadt").count() == 1
    assert Address.objects.filter(district__slug="suedstadt").exists()
