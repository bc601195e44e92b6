"""The feedback form of the accessibility statement (/seite/barrierefreiheit/)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from familienrathaus.core.models import AccessibilityFeedback, AuditEntry, OutboxMessage
from familienrathaus.core.selectors import site_settings

pytestmark = pytest.mark.django_db

URL = "/seite/barrierefreiheit/"


def feedback(**changes: str) -> dict[str, str]:
    data = {
        "message": "Die Karte lässt sich nicht mit der Tastatur bedienen.",
        "page_url": "https://familien.example/karte/",
        "name": "Erika Beispiel",
        "email": "erika@example.org",
        "website": "",
    }
    data.update(changes)
    return data


def test_feedback_is_saved_and_mailed_to_the_coordinators(anon_client, coordinator):
    response = anon_client.post(URL, feedback(), follow=True)

    assert response.redirect_chain == [(URL + "#feedback", 302)]
    assert "Thank you. Your message has reached the coordinators." in response.content.decode()
    saved = AccessibilityFeedback.objects.get()
    assert saved.message == "Die Karte lässt sich nicht mit der Tastatur bedienen."
    assert (saved.name, saved.email) == ("Erika Beispiel", "erika@example.org")
    mail = OutboxMessage.objects.get(purpose="accessibility_feedback")
    assert mail.to == ["koordination@example.org"]
    assert mail.reply_to == ["erika@example.org"]
    assert mail.status == OutboxMessage.Status.QUEUED
    assert "Die Karte lässt sich nicht mit der Tastatur bedienen." in mail.body_text


def test_feedback_goes_to_the_notification_address_if_one_is_set(anon_client, coordinator):
    settings = site_settings()
    settings.notification_email = "barrierefrei@teststadt.example"
    settings.save()

    anon_client.post(URL, feedback())

    assert OutboxMessage.objects.get().to == ["barrierefrei@teststadt.example"]


def test_empty_message_gets_an_error_next_to_the_field_and_keeps_the_rest(anon_client, coordinator):
    response = anon_client.post(URL, feedback(message=""))

    assert response.status_code == 200
    html = response.content.decode()
    error = re.search(r'<div class="kern-error" id="id_message-error">(.*?)</div>', html, re.S)
    assert error and "This field is required." in error.group(1)
    assert re.search(r'<textarea[^>]*aria-invalid="true"[^>]*id="id_message"', html)
    assert 'value="Erika Beispiel"' in html
    assert 'value="erika@example.org"' in html
    assert 'value="https://familien.example/karte/"' in html
    assert not AccessibilityFeedback.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_filled_in_honeypot_is_not_saved(anon_client, coordinator):
    response = anon_client.post(URL, feedback(website="https://spam.example"))

    assert response.status_code == 302
    assert not AccessibilityFeedback.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_sixth_message_within_an_hour_from_one_address_is_refused(anon_client, coordinator):
    for number in range(5):
        response = anon_client.post(URL, feedback(message=f"Barriere Nummer {number}"))
        assert response.status_code == 302

    response = anon_client.post(URL, feedback(message="Barriere Nummer 6"))

    assert response.status_code == 200
    assert "Too many messages. Please try again in an hour." in response.content.decode()
    assert AccessibilityFeedback.objects.count() == 5
    # Someone else, from another address, is not affected.
    other = anon_client.post(URL, feedback(message="Andere Person"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302
    assert AccessibilityFeedback.objects.count() == 6


def test_coordinator_sees_the_feedback_and_marks_it_handled(anon_client, coordinator_client):
    anon_client.post(URL, feedback())
    saved = AccessibilityFeedback.objects.get()

    listing = coordinator_client.get(reverse("core:feedback_list")).content.decode()
    assert "Die Karte lässt sich nicht mit der Tastatur bedienen." in listing

    coordinator_client.post(reverse("core:feedback_handled", args=[saved.pk]))

    saved.refresh_from_db()
    assert saved.handled
    assert AuditEntry.objects.filter(action="accessibility_feedback.handled").count() == 1
