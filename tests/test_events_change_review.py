"""Changes to a published event wait for review as a proposal: an image sent with the
changes is kept until they are published, a withdrawn proposal takes its image along, and
a second edit starts from the waiting proposal, not from the published version."""

from __future__ import annotations

import re

import pytest

from tests.factories import event_form, make_event, png_upload

pytestmark = pytest.mark.django_db


def test_an_image_sent_with_changes_waiting_for_review_is_kept_and_published(
    partner_client, coordinator_client, organisation
):
    event = make_event(organisation=organisation, title="Sommerfest")
    response = partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(
            organisation=organisation.pk,
            title="Sommerfest im Park",
            image_file=png_upload("fest.png", (80, 40), (200, 90, 30)),
            image_alt="Kinder auf der Hüpfburg",
        ),
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert not event.image  # the published version is unchanged …
    proposed = event.pending_changes["values"]["image"]
    assert event.image.field.storage.exists(proposed)  # … and the new image is kept

    # The reviewer sees, in words, what would change, and the new image.
    page = coordinator_client.get(f"/verwaltung/veranstaltungen/{event.pk}/").content.decode()
    assert "Sommerfest im Park" in page
    assert 'alt="Kinder auf der Hüpfburg"' in page
    assert "registration_closes_hours" not in page  # no field names, no unchanged fields

    # A second edit without a new upload keeps the proposed image.
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(
            organisation=organisation.pk,
            title="Sommerfest im Stadtpark",
            image_alt="Kinder auf der Hüpfburg",
        ),
    )
    event.refresh_from_db()
    assert event.pending_changes["values"]["image"] == proposed

    coordinator_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/status/", {"step": "approve_changes"}
    )
    event.refresh_from_db()
    assert event.title == "Sommerfest im Stadtpark"
    assert event.image.name == proposed
    assert event.image_alt == "Kinder auf der Hüpfburg"


def test_a_withdrawn_proposal_deletes_its_image(partner_client, organisation):
    event = make_event(organisation=organisation)
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(
            organisation=organisation.pk,
            image_file=png_upload("fest.png", (80, 40), (200, 90, 30)),
            image_alt="Ein Bild",
        ),
    )
    event.refresh_from_db()
    proposed = event.pending_changes["values"]["image"]
    storage = event.image.field.storage
    assert storage.exists(proposed)
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/status/", {"step": "withdraw_changes"}
    )
    event.refresh_from_db()
    assert event.pending_changes is None
    assert not storage.exists(proposed)


def test_a_second_edit_starts_from_the_waiting_proposal(partner_client, organisation):
    from familienrathaus.core.models import Theme

    theme = Theme.objects.order_by("pk").first()
    event = make_event(organisation=organisation, title="Basteln")
    partner_client.post(
        f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/",
        event_form(organisation=organisation.pk, title="Basteln im Advent", themes=[theme.pk]),
    )
    page = partner_client.get(f"/verwaltung/veranstaltungen/{event.pk}/bearbeiten/")
    html = page.content.decode()
    assert 'value="Basteln im Advent"' in html
    checkbox = re.search(rf'<input[^>]*name="themes" value="{theme.pk}"[^>]*>', html)
    assert checkbox is not None and "checked" in checkbox.group(0)
    event.refresh_from_db()
    assert event.title == "Basteln"  # the published version stays as it is
