"""The measures plan: suggested from the gaps and taken from the catalogue or written
freely, with owner, due date, status and evidence; progress visible to the coordinator
and the round's jury; the annual check while the certificate is valid."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from familienrathaus.employers.models import AnnualCheck, Answer, Measure, Participation
from tests.factories.core import UserFactory
from tests.factories.documents import pdf_upload
from tests.factories.employers import (
    AnnualCheckFactory,
    CatalogueFactory,
    CertificateFactory,
    MeasureFactory,
    MeasureTemplateFactory,
    ParticipationFactory,
    RoundFactory,
    answer_all,
    jury_member,
    team_member,
)

pytestmark = pytest.mark.django_db


def _client(user: object) -> Client:
    client = Client()
    client.force_login(user)  # type: ignore[arg-type]
    return client


@pytest.fixture
def submitted() -> Participation:
    participation = ParticipationFactory(
        round=RoundFactory(catalogue=CatalogueFactory()),
        status=Participation.Status.SUBMITTED,
        submitted_at=timezone.now(),
    )
    answer_all(participation, score=3)
    Answer.objects.filter(
        participation=participation, criterion__field__key="service-familien"
    ).update(score=0)
    return participation


def test_measures_come_from_the_gaps_or_are_written_freely(submitted: Participation) -> None:
    gap = MeasureTemplateFactory(title="Notfallbetreuung für Kinder", field_key="service-familien")
    MeasureTemplateFactory(title="Gleitzeit ohne Kernzeit", field_key="arbeitszeit")
    client = _client(team_member(submitted.employer))
    plan_url = reverse("employers:measures", args=[submitted.pk])
    page = client.get(plan_url).content.decode()
    suggested = page.split("Vorgeschlagen für Ihre Lücken")[1].split("Weitere Maßnahmen")[0]
    assert "Notfallbetreuung für Kinder" in suggested
    assert "Gleitzeit ohne Kernzeit" not in suggested  # no gap there; offered further down

    taken = client.post(
        reverse("employers:measure-adopt", args=[submitted.pk]), {"template": gap.pk}
    )
    measure = Measure.objects.get(participation=submitted)
    assert (measure.template, measure.field.key) == (gap, "service-familien")
    assert taken.url == reverse("employers:measure-edit", args=[submitted.pk, measure.pk])
    saved = client.post(
        taken.url,
        {
            "title": measure.title,
            "field": measure.field_id,
            "owner": "Personalabteilung, Frau Beispiel",
            "due_on": "2027-03-31",
            "status": "in_progress",
            "evidence_text": "Vertrag mit der Kita Sonnenschein",
            "evidence_file": pdf_upload("vertrag.pdf"),
        },
    )
    assert saved.status_code == 302
    measure.refresh_from_db()
    assert (measure.owner, measure.due_on.isoformat(), measure.status) == (
        "Personalabteilung, Frau Beispiel",
        "2027-03-31",
        "in_progress",
    )
    assert (
        client.get(
            reverse("employers:measure-evidence", args=[submitted.pk, measure.pk])
        ).status_code
        == 200
    )

    # A free measure: the title is missing, everything typed comes back.
    create = reverse("employers:measure-create", args=[submitted.pk])
    refused = client.post(create, {"title": "", "owner": "Geschäftsführung", "status": "planned"})
    assert refused.status_code == 400
    assert "Bitte benennen Sie die Maßnahme." in refused.content.decode()
    assert "Geschäftsführung" in refused.content.decode()
    client.post(create, {"title": "Familienservice-Stelle", "status": "planned"})
    assert Measure.objects.filter(participation=submitted).count() == 2
    # A tampered choice from the catalogue is refused with a message, not an error page.
    odd = client.post(
        reverse("employers:measure-adopt", args=[submitted.pk]), {"template": "x1"}, follow=True
    )
    assert "Bitte wählen Sie eine Maßnahme aus dem Katalog." in odd.content.decode()
    assert Measure.objects.filter(participation=submitted).count() == 2


def test_progress_is_visible_to_the_coordinator_and_the_jury(
    submitted: Participation, coordinator: object
) -> None:
    yesterday = timezone.localdate() - timedelta(days=1)
    MeasureFactory(participation=submitted, status=Measure.Status.DONE)
    MeasureFactory(participation=submitted, status=Measure.Status.PLANNED, due_on=yesterday)
    url = reverse("employers:round-progress", args=[submitted.round.pk])
    for viewer in (coordinator, jury_member(submitted.round)):
        page = _client(viewer).get(url)
        assert page.status_code == 200
        html = page.content.decode()
        assert submitted.employer.name in html
        assert "1 von 2" in html  # measures done
        assert "2 von 2 Handlungsfeldern" in html
    plan = _client(jury_member(submitted.round)).get(
        reverse("employers:measures", args=[submitted.pk])
    )
    assert "überfällig" in plan.content.decode()
    assert "In den Plan übernehmen" not in plan.content.decode()
    for outsider in (jury_member(RoundFactory()), team_member(submitted.employer), UserFactory()):
        assert _client(outsider).get(url).status_code == 404


def test_another_employer_cannot_see_or_change_the_plan(submitted: Participation) -> None:
    measure = MeasureFactory(participation=submitted)
    other = _client(team_member(ParticipationFactory(round=submitted.round).employer))
    assert other.get(reverse("employers:measures", args=[submitted.pk])).status_code == 404
    edit = reverse("employers:measure-edit", args=[submitted.pk, measure.pk])
    assert other.post(edit, {"title": "Übernommen", "status": "done"}).status_code == 404
    measure.refresh_from_db()
    assert measure.title == "Flexible Arbeitszeiten"


def test_the_annual_check(coordinator: object) -> None:
    certificate = CertificateFactory()
    participation = certificate.participation
    measure = MeasureFactory(participation=participation, status=Measure.Status.IN_PROGRESS)
    check = AnnualCheckFactory(certificate=certificate)
    url = reverse("employers:annual-check", args=[participation.pk])
    team = _client(team_member(participation.employer))
    team.post(url, {"measure": measure.pk, f"m{measure.pk}-status": "done"})
    measure.refresh_from_db()
    assert measure.status == Measure.Status.DONE
    # Only the coordinator marks the check done.
    assert team.post(url, {"check": "1", "notes": "selbst erledigt"}).status_code == 404
    assert not AnnualCheck.objects.get(pk=check.pk).done_on
    _client(coordinator).post(url, {"check": "1", "notes": "Alle Maßnahmen umgesetzt"})
    check.refresh_from_db()
    assert (check.done_on, check.notes) == (timezone.localdate(), "Alle Maßnahmen umgesetzt")
    page = team.get(url).content.decode()
    assert "Alle Maßnahmen umgesetzt" in page
