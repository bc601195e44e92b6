"""Back-office writes that used to skip the audit log go through services that audit:
a kind of reduced fee added to a holiday programme, and a calendar import switched off."""

from __future__ import annotations

import pytest

from familienrathaus.core.models import AuditEntry
from familienrathaus.events.models import ICalSource
from familienrathaus.holidays.models import ReductionKind
from tests.factories import PeriodFactory

pytestmark = pytest.mark.django_db


def test_a_reduction_kind_added_to_a_programme_is_audited(coordinator, coordinator_client):
    period = PeriodFactory()

    response = coordinator_client.post(
        f"/verwaltung/ferienspass/programme/{period.pk}/",
        {
            "add_kind": "1",
            "kind-name": "Familienpass",
            "kind-description": "Kopie des Familienpasses",
            "kind-percent": "50",
            "kind-from_nth_child": "",
            "kind-needs_proof": "on",
        },
    )

    assert response.status_code == 302
    kind = ReductionKind.objects.get(period=period)
    assert (kind.name, kind.percent) == ("Familienpass", 50)
    entry = AuditEntry.objects.get(action="holidays.reduction_kind.create")
    assert entry.actor == coordinator
    assert entry.object_id == str(kind.pk)


def test_switching_off_a_nightly_import_is_audited(partner_user, partner_client, organisation):
    source = ICalSource.objects.create(
        organisation=organisation, url="https://mein.example.org/k.ics", nightly=True
    )

    response = partner_client.post(f"/verwaltung/veranstaltungen/import/{source.pk}/stoppen/")

    assert response.status_code == 302
    source.refresh_from_db()
    assert source.nightly is False and source.next_run_at is None
    entry = AuditEntry.objects.get(action="event.import_source_stop")
    assert entry.actor == partner_user
    assert entry.changes == {"nightly": {"before": True, "after": False}}
