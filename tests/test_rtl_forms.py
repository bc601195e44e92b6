"""Forms on an Arabic page (issue 20, point 2): the page runs right to left, but what is
always written left to right stays so while it is typed.

An e-mail address, a phone number, a date, a number, an IBAN, a postcode or a one-time
code gets ``dir="ltr"`` on its input; a name or a free text gets ``dir="auto"`` (the
browser follows what the family types); the label, hint and error stay in the page's
direction. ``core.widgets.direction`` decides it once for every form rendered through
``includes/field.html``. German pages are unchanged: no ``dir`` on their inputs.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django import forms
from django.test import Client
from django.utils import timezone

from familienrathaus.core import widgets
from tests.factories import make_event
from tests.factories.events import first_date
from tests.factories.welcome import welcome_settings
from tests.language_client import LanguageClient

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]


def arabic(user: Any = None) -> Client:
    client = LanguageClient("ar")
    if user is not None:
        client.force_login(user)
    return client


def german(user: Any = None) -> Client:
    client = LanguageClient("de")
    if user is not None:
        client.force_login(user)
    return client


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    html = response.content.decode()
    return html


def tag(html: str, name: str) -> str:
    """The ``<input>``/``<textarea>`` of the field ``name`` (the visible one)."""
    for match in re.finditer(r"<(?:input|textarea)\b[^>]*>", html):
        found = match.group(0)
        if f'name="{name}"' in found and 'type="hidden"' not in found:
            return found
    raise AssertionError(f"no input {name}")


def direction(html: str, name: str) -> str | None:
    match = re.search(r'\bdir="([^"]*)"', tag(html, name))
    return match.group(1) if match else None


def assert_directions(html: str, expected: dict[str, str | None]) -> None:
    assert {name: direction(html, name) for name in expected} == expected


# ---------------------------------------------------------------- the public forms

WELCOME = "/babybegruessung/anmelden/"


def test_the_welcome_registration_keeps_addresses_dates_and_the_iban_left_to_right() -> None:
    welcome_settings(postcodes="58452", town_name="Witten")
    html = page(arabic(), WELCOME)
    assert '<html lang="ar" dir="rtl">' in html
    assert_directions(
        html,
        {
            "birth_date": "ltr",
            "email": "ltr",
            "phone": "ltr",
            "iban": "ltr",
            "postcode": "ltr",
            "moved_in_on": "ltr",
            "parent_names": "auto",
            "child_first_name": "auto",
            "street": "auto",
        },
    )
    # The label around the e-mail input runs with the page (no direction of its own).
    label = re.search(r'<label class="kern-label" for="id_email">[^<]*', html)
    assert label and "dir=" not in label.group(0)


def test_a_wrong_e_mail_comes_back_left_to_right_with_its_error_beside_it() -> None:
    welcome_settings(postcodes="58452", town_name="Witten")
    born = (timezone.localdate() - timedelta(days=20)).isoformat()
    response = arabic().post(
        WELCOME,
        {"birth_date": born, "parent_names": "سارة أحمد", "email": "sara@", "postcode": "58452"},
    )
    html = response.content.decode()
    email = tag(html, "email")
    assert 'dir="ltr"' in email and 'value="sara@"' in email
    assert 'aria-invalid="true"' in email and "id_email-error" in email
    assert 'dir="auto"' in tag(html, "parent_names") and "سارة أحمد" in tag(html, "parent_names")


def test_the_event_registration_form(organisation: Any) -> None:
    event = make_event(title="Erste Hilfe am Kind", registration_required=True, capacity=10)
    address = f"/veranstaltungen/{event.slug}/termin/{first_date(event).pk}/anmelden/"
    html = page(arabic(), address)
    assert_directions(
        html,
        {"email": "ltr", "adults": "ltr", "children": "ltr", "name": "auto", "message": "auto"},
    )
    assert_directions(
        page(german(), address),
        {"email": None, "adults": None, "children": None, "name": None, "message": None},
    )


def test_the_concern_form() -> None:
    html = page(arabic(), "/anliegen/")
    assert_directions(html, {"email": "ltr", "phone": "ltr", "name": "auto", "text": "auto"})


def test_the_child_form_of_the_holiday_booking(family_user: Any) -> None:
    html = page(arabic(family_user), "/ferienspass/familie/kind/neu/")
    assert direction(html, "birth_date") == "ltr"
    assert direction(html, "first_name") == "auto"


def test_german_pages_are_unchanged() -> None:
    welcome_settings(postcodes="58452", town_name="Witten")
    html = page(german(), WELCOME)
    assert '<html lang="de" dir="ltr">' in html
    for name in ("birth_date", "email", "phone", "iban", "postcode", "parent_names"):
        assert direction(html, name) is None, name
    assert direction(page(german(), "/anliegen/"), "email") is None


# ---------------------------------------------------------------- the rule itself


@pytest.mark.parametrize(
    ("widget", "name", "expected"),
    [
        (forms.EmailInput(), "email", "ltr"),
        (forms.URLInput(), "website", "ltr"),
        (forms.NumberInput(), "adults", "ltr"),
        (forms.TextInput(attrs={"type": "tel"}), "phone", "ltr"),
        (forms.TextInput(attrs={"inputmode": "numeric"}), "year", "ltr"),
        (forms.TextInput(attrs={"autocomplete": "one-time-code"}), "code", "ltr"),
        (forms.TextInput(attrs={"autocomplete": "section-a tel-national"}), "x", "ltr"),
        (forms.TextInput(), "iban", "ltr"),
        (forms.TextInput(), "child-2-bic", "ltr"),
        (forms.TextInput(), "phone", "ltr"),
        (widgets.DateInput(), "day", "ltr"),
        (widgets.TimeInput(), "starts", "ltr"),
        (forms.TextInput(), "name", "auto"),
        (forms.Textarea(), "message", "auto"),
        (forms.TextInput(attrs={"dir": "rtl"}), "iban", ""),  # the form's own choice wins
        (forms.Select(), "district", ""),
        (forms.CheckboxInput(), "consent", ""),
        (forms.PasswordInput(), "password", ""),
    ],
)
def test_which_inputs_run_left_to_right(widget: forms.Widget, name: str, expected: str) -> None:
    assert widgets.direction(widget, name) == expected


# ---------------------------------------------------------------- names in sentences


def test_a_latin_title_and_address_are_isolated_in_the_arabic_confirmation(
    organisation: Any, settings: Any
) -> None:
    settings.EVENTS_REGISTRATION_RATE_LIMIT = 0
    event = make_event(title="Erste Hilfe am Kind (0–3)", registration_required=True, capacity=5)
    address = f"/veranstaltungen/{event.slug}/termin/{first_date(event).pk}/anmelden/"
    client = arabic()
    data = {"name": "Olena", "email": "olena@example.org", "adults": 1, "children": 0}
    response = client.post(address, {**data, "message": ""}, follow=True)
    html = response.content.decode()
    assert "<bdi>Erste Hilfe am Kind (0–3)</bdi>" in html
    assert "<bdi>olena@example.org</bdi>" in html
    german_page = german().post(address, {**data, "message": ""}, follow=True)
    assert "<bdi>" in german_page.content.decode()  # harmless in German: same markup
