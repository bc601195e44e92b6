"""Two alliances on one install, in the family-conscious employers' programme (issue 23,
"Isolation").

Musterstadt (the first alliance, on ``testserver``) and Beispieldorf (on
``beispieldorf.localhost``) each run the programme with the SAME addresses: a round
``runde-2027``, an employer ``muster-gmbh`` with certificate ``FBU-2027-0001``, and the
seeded catalogue (Beispieldorf's came with the alliance). Every text of Musterstadt's
says "Musterstadt-only", every text of Beispieldorf's "Beispieldorf-only". The public
list, the employer's page, the certificate's verification, its seal, the API, and every
address of the team, the jury and the coordinators (read from the app's URL patterns)
show each alliance its own rows and never the other's; an address of the other
alliance's rows by number answers 404 here. The daily reminder runs inside each
alliance, touches only its certificates, and its mail links to the alliance's own host.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import URLPattern, reverse
from django.utils import timezone

from familienrathaus.core import tenancy
from familienrathaus.core.models import OutboxMessage
from familienrathaus.core.models.users import Role
from familienrathaus.employers import tasks
from familienrathaus.employers import urls as employer_urls
from familienrathaus.employers.models import (
    Catalogue,
    Certificate,
    Evaluation,
    MeasureTemplate,
    Participation,
    Round,
    Workshop,
)
from familienrathaus.employers.services import catalogue as catalogue_services
from tests.conftest import alliance_client, english_client
from tests.factories import TOTP_SECRET, UserFactory, make_event, pdf_text
from tests.factories.employers import (
    SEEDED_CATALOGUE,
    CertificateFactory,
    EmployerFactory,
    JuryMemberFactory,
    MeasureFactory,
    ParticipationFactory,
    RoundFactory,
    TalkFactory,
    answer_all,
    team_member,
)
from tests.test_employers_isolation import PDF, kwargs_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_cache")]

A = "Musterstadt-only"
B = "Beispieldorf-only"
NUMBER = "FBU-2027-0001"
SLUG = "muster-gmbh"
B_SITE = "http://beispieldorf.localhost"


def build(word: str, prefix: str) -> dict[str, Any]:
    """One alliance's programme (call inside the alliance)."""
    today = timezone.localdate()
    running = RoundFactory(slug="runde-2027", name=f"{word} Runde", status=Round.Status.RUNNING)
    finished = RoundFactory(
        slug="runde-2024", name=f"{word} Runde 2024", status=Round.Status.FINISHED
    )
    employer = EmployerFactory(
        slug=SLUG, name=f"{word} Muster GmbH", public_text=f"{word} Gleitzeit für Familien"
    )
    contact = team_member(employer, email=f"kontakt-{prefix}@firma.example", name=f"{word} K")
    colleague = team_member(employer, role="assessor", email=f"kollegin-{prefix}@firma.example")
    participation = ParticipationFactory(
        round=running,
        employer=employer,
        status=Participation.Status.EVALUATION,
        application_note=f"{word} Bewerbungshinweis",
    )
    answers = answer_all(participation)
    answer = answers[0]
    answer.comment = f"{word} Kommentar"
    answer.evidence_file.save("nachweis.pdf", ContentFile(PDF), save=False)
    answer.save()
    measure = MeasureFactory(participation=participation, title=f"{word} Maßnahme")
    measure.evidence_file.save("massnahme.pdf", ContentFile(PDF), save=True)
    TalkFactory(participation=participation, notes=f"{word} Gesprächsnotiz")
    Evaluation.objects.create(participation=participation, recommendation=f"{word} Empfehlung")
    earlier = ParticipationFactory(
        round=finished, employer=employer, status=Participation.Status.CERTIFIED
    )
    Evaluation.objects.create(participation=earlier, decision="certified", reasons=f"{word} Gut")
    # Ends within three months: the daily reminder is due.
    certificate = CertificateFactory(
        participation=earlier,
        number=NUMBER,
        issued_on=today - timedelta(days=3 * 365 - 30),
        valid_until=today + timedelta(days=30),
    )
    workshop = Workshop.objects.create(
        round=running, event=make_event(title=f"{word} Workshop", registration_required=True)
    )
    jury = JuryMemberFactory(round=running, user=UserFactory(email=f"jury-{prefix}@example.org"))
    coordinator = UserFactory(role=Role.COORDINATOR, email=f"koordination-{prefix}@example.org")
    TOTP.activate(coordinator, TOTP_SECRET)
    criterion = answer.criterion
    return {
        "round": running,
        "open_round": RoundFactory(slug="runde-2028", name=f"{word} Runde 2028"),
        "employer": employer,
        "contact": contact,
        "member": employer.members.get(user=colleague),
        "participation": participation,
        "certified": earlier,
        "answer": answer,
        "measure": measure,
        "certificate": certificate,
        "workshop": workshop,
        "jury": jury,
        "catalogue": running.catalogue,
        "field": criterion.field,
        "criterion": criterion,
        "coordinator": coordinator,
    }


@pytest.fixture
def both(second_alliance: tenancy.Alliance) -> dict[str, Any]:
    first = build(A, "a")
    with tenancy.activate(second_alliance):
        second = build(B, "b")
    return {A: first, B: second, "alliance": second_alliance}


def client_of(both: dict[str, Any], word: str, user: Any = None) -> Client:
    if word == A:
        return english_client(user)
    return alliance_client(both["alliance"], user)


def _text(response: Any) -> str:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode(errors="replace")


def set_status(participation: Participation, status: str) -> None:
    with tenancy.unscoped():
        Participation.objects.filter(pk=participation.pk).update(status=status)


def _addresses(t: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """Every address of the app for the alliance's rows: (name, url, by primary key)."""
    found = []
    for pattern in employer_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        kwargs = kwargs_for(pattern, t)
        by_pk = any(isinstance(value, int) for value in kwargs.values())
        found.append(
            (pattern.name or "", reverse(f"employers:{pattern.name}", kwargs=kwargs), by_pk)
        )
    return found


def test_a_new_alliance_starts_with_the_catalogue(both: dict[str, Any]) -> None:
    with tenancy.activate(both["alliance"]):
        catalogue = Catalogue.objects.get(name=SEEDED_CATALOGUE)
        assert catalogue.fields.count() == 8
        assert MeasureTemplate.objects.count() > 0
        templates = MeasureTemplate.objects.count()
        catalogue_services.seed_alliance()  # seeding again adds nothing
        assert Catalogue.objects.filter(name=SEEDED_CATALOGUE).count() == 1
        assert MeasureTemplate.objects.count() == templates
    assert Catalogue.objects.filter(name=SEEDED_CATALOGUE).count() == 1


def test_public_pages_and_the_api_show_the_hosts_alliance(both: dict[str, Any]) -> None:
    urls = [
        reverse("employers:public-list"),
        reverse("employers:public-detail", args=[SLUG]),
        reverse("employers:verify", args=[NUMBER]),
        reverse("employers:seal-svg", args=[NUMBER]),
        "/api/v1/employers/",
        f"/api/v1/employers/certificates/{NUMBER}",
    ]
    for word, other in ((A, B), (B, A)):
        client = client_of(both, word)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, (word, url, response.status_code)
            text = _text(response)
            assert other not in text, (word, url)
            if "siegel" not in url:  # the seal names the alliance, not the employer
                assert word in text, (word, url)
        response = client.get(reverse("employers:seal-png", args=[NUMBER]))
        assert response["Content-Type"] == "image/png"
        rows = client.get("/api/v1/employers/").json()
        assert [row["name"] for row in rows] == [f"{word} Muster GmbH"]
        host = "beispieldorf.localhost" if word == B else "testserver"
        assert rows[0]["url"].startswith(f"http://{host}/")


def test_every_address_shows_its_own_alliance_and_not_the_others(both: dict[str, Any]) -> None:
    for word, other in ((A, B), (B, A)):
        mine, theirs = both[word], both[other]
        people = [mine["contact"], mine["jury"].user, mine["coordinator"]]
        clients = [client_of(both, word, user) for user in people]
        participation = mine["participation"]
        for name, url, _by_pk in _addresses(mine):
            # Some steps exist only while the team works (e.g. handing in): try those states.
            for status in ("evaluation", "assessing", "admitted"):
                set_status(participation, status)
                answers = [client.get(url) for client in clients]
                if any(r.status_code != 404 for r in answers):
                    break
            set_status(participation, "evaluation")
            assert any(r.status_code != 404 for r in answers), f"{word}: {name} {url} is 404"
            for response in answers:
                if response.status_code == 200 and not response.get("Content-Type", "").startswith(
                    ("image/", "application/pdf")
                ):
                    assert other not in _text(response), f"{word}: {name} {url}"
        # The other alliance's rows, by their numbers: not found on this host.
        for name, url, by_pk in _addresses(theirs):
            if not by_pk:
                continue  # the same slug or number: this alliance's own row
            for client in clients[:2]:
                code = client.get(url).status_code
                assert code in (403, 404, 405), f"{word}: {name} {url} answered {code}"
            # For the coordinator, who may see everything, the rows are not there at all.
            code = clients[2].get(url).status_code
            assert code in (404, 405), f"{word} coordinator: {name} {url} answered {code}"


def test_the_certificate_pdf_prints_the_alliances_own_address(
    both: dict[str, Any], tmp_path: Any
) -> None:
    url = reverse("employers:certificate-pdf", args=[NUMBER])
    for word, other, host in ((A, B, "127.0.0.1"), (B, A, "beispieldorf.localhost")):
        response = client_of(both, word, both[word]["contact"]).get(url)
        assert response.status_code == 200
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = " ".join(pdf_text(body, tmp_path).split())
        assert f"{word} Muster GmbH" in text
        assert other not in text
        assert f"{host}" in text, text


def test_the_daily_reminder_runs_in_each_alliance_with_its_own_links(
    both: dict[str, Any],
) -> None:
    assert tasks.remind_certificate_expiry.call() == {"buendnis": 1, "beispieldorf": 1}
    for word in (A, B):
        alliance = both["alliance"] if word == B else tenancy.first()
        assert alliance is not None
        with tenancy.activate(alliance):
            mails = list(OutboxMessage.objects.filter(purpose="employers.certificate.expiry"))
            reminded = Certificate.objects.get(number=NUMBER)
        assert reminded.expiry_reminder_sent_on == timezone.localdate()
        assert len(mails) == 1
        assert mails[0].to == [both[word]["contact"].email]
        body = mails[0].body_text
        if word == B:
            assert f"{B_SITE}:" in body or f"{B_SITE}/" in body
            assert "127.0.0.1" not in body and "testserver" not in body
        else:
            assert "beispieldorf" not in body
    # Run again inside Beispieldorf only: nothing is due any more, anywhere.
    with tenancy.activate(both["alliance"]):
        assert tasks.certificates.send_expiry_reminders() == 0
