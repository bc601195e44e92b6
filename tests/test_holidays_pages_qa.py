"""What a family sees on the pages after booking, and the labels coordinators export."""

from __future__ import annotations

import pytest
from django.test import Client

from familienrathaus.core.models import User
from familienrathaus.holidays import services
from familienrathaus.holidays.models import Activity
from familienrathaus.partners.models import Organisation
from tests.factories import ActivityFactory, ChildFactory, OccasionFactory, PeriodFactory, occasion

pytestmark = pytest.mark.django_db


def test_the_activity_page_shows_what_each_child_already_has(
    family_client: Client, family_user: User
) -> None:
    mia = ChildFactory(family=family_user, first_name="Mia")
    ben = ChildFactory(family=family_user, first_name="Ben")
    occasion = OccasionFactory(max_places=1)
    services.book(actor=family_user, child=mia, occasion=occasion)
    services.book(actor=family_user, child=ben, occasion=occasion)

    page = family_client.get(occasion.activity.get_absolute_url()).content.decode()

    assert "Mia: confirmed" in page
    assert "Ben: on the waiting list – position 1" in page
    assert "Book for Mia" not in page and "Put Ben on the waiting list" not in page


def test_submitting_an_activity_says_what_happened(
    partner_client: Client, organisation: Organisation
) -> None:
    activity = ActivityFactory(organisation=organisation, status=Activity.Status.DRAFT)
    OccasionFactory(activity=activity)
    response = partner_client.post(
        f"/verwaltung/ferienspass/angebote/{activity.pk}/status/", {"action": "submit"}, follow=True
    )
    assert "Done. The status is now: submitted for review." in response.content.decode()
    activity.refresh_from_db()
    assert activity.status == Activity.Status.SUBMITTED


def test_the_popularity_table_counts_places_not_map_places(client: Client) -> None:
    """The seats column has its own word: "Places" is also the map's word for locations."""

    period = PeriodFactory(wish_phase=True)
    occasion(period, title="Kanu", places=6)
    page = client.get(f"/ferienspass/{period.slug}/beliebtheit/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Number of places" in page.content.decode()


def test_a_payment_is_entered_with_a_decimal_comma(coordinator: User) -> None:
    from django.test import Client as BrowserClient

    from familienrathaus.holidays.models import Invoice

    period = PeriodFactory()
    invoice = Invoice.objects.create(
        period=period, number="FS-9-00001", total="68.00", lines=[{"text": "Zoo", "total": "68.00"}]
    )
    client = BrowserClient(headers={"accept-language": "de"})
    client.force_login(coordinator)
    page = client.get(f"/verwaltung/ferienspass/{period.slug}/rechnungen/").content.decode()
    assert 'value="68,00"' in page  # shown as a German amount
    client.post(f"/verwaltung/ferienspass/rechnung/{invoice.pk}/bezahlt/", {"amount": "68,00"})
    invoice.refresh_from_db()
    assert str(invoice.paid_amount) == "68.00" and invoice.status == Invoice.Status.PAID


def test_the_invoice_shows_german_amounts() -> None:
    from django.template.loader import render_to_string
    from django.utils import translation

    from familienrathaus.holidays.models import Invoice

    invoice = Invoice.objects.create(
        period=PeriodFactory(),
        number="FS-9-00002",
        total="30.00",
        lines=[{"text": "Mia: Zoo", "amount": "30.00", "reduction": "", "total": "30.00"}],
    )
    invoice.refresh_from_db()
    with translation.override("de"):
        html = render_to_string("holidays/pdf/invoice.html", {"invoice": invoice})
    assert html.count("30,00 €") == 3 and "30.00" not in html
