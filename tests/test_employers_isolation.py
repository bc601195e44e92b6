"""Nobody sees or changes another employer's programme data: every address of the app
(pages, forms, downloads, the API), walked with GET and POST by another employer's team
(admitted to the same round), a jury member of another round, partner staff, a family
and an anonymous visitor.

Addresses are read from the app's URL patterns and the OpenAPI schema, so a new view is
walked without changing this test; ``kwargs_for`` fails for a parameter it cannot fill.
Every address must answer the target's own people (team, jury of its round or a
coordinator) with something other than 404, so the walk proves the addresses point at
real rows. Outsiders get a login redirect, 403, 404 or 405 on everything that is not
public or their own; pages that are public or their own show none of the target's
private texts; and nothing the target owns has changed afterwards.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, reverse

from familienrathaus.core.models import User
from familienrathaus.core.models.users import Role
from familienrathaus.employers import urls as employer_urls
from familienrathaus.employers.models import (
    Answer,
    Evaluation,
    Measure,
    Participation,
    Round,
    Workshop,
)
from familienrathaus.partners.services import add_member
from tests.conftest import english_client
from tests.factories import OrganisationFactory, UserFactory, make_event
from tests.factories.employers import (
    CertificateFactory,
    EmployerFactory,
    JuryMemberFactory,
    MeasureFactory,
    ParticipationFactory,
    RoundFactory,
    TalkFactory,
    answer_all,
    jury_member,
    team_member,
)

pytestmark = pytest.mark.django_db

SECRETS = [
    "GEHEIM-Kommentar-zur-Gleitzeit",
    "GEHEIM-Nachweis-Dienstvereinbarung",
    "GEHEIM-Massnahmen-Nachweis",
    "GEHEIM-Gesprächsnotiz",
    "GEHEIM-Empfehlung-der-Jury",
    "GEHEIM-Bewerbungshinweis",
    "geheime.kollegin@ziel.example",
]
PUBLIC = {"public-list", "public-detail", "verify-lookup", "verify", "seal-svg", "seal-png"}
# Pages every logged-in person may open: they show the person's own things only.
OWN = {"team-home", "register", "review-list"}
DENIED = {302, 403, 404, 405}
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _target() -> dict[str, Any]:
    running = RoundFactory(status=Round.Status.RUNNING)
    finished = RoundFactory(status=Round.Status.FINISHED)
    employer = EmployerFactory(public_text="Wir bieten Familien Gleitzeit.")
    contact = team_member(employer)
    colleague = team_member(
        employer, role="assessor", email="geheime.kollegin@ziel.example", name="Kollegin"
    )
    participation = ParticipationFactory(
        round=running,
        employer=employer,
        status=Participation.Status.EVALUATION,
        application_note="GEHEIM-Bewerbungshinweis",
    )
    answers = answer_all(participation)
    answer = answers[0]
    answer.comment = "GEHEIM-Kommentar-zur-Gleitzeit"
    answer.evidence_text = "GEHEIM-Nachweis-Dienstvereinbarung"
    answer.evidence_file.save("nachweis.pdf", ContentFile(PDF), save=False)
    answer.save()
    measure = MeasureFactory(
        participation=participation, evidence_text="GEHEIM-Massnahmen-Nachweis"
    )
    measure.evidence_file.save("massnahme.pdf", ContentFile(PDF), save=True)
    TalkFactory(participation=participation, notes="GEHEIM-Gesprächsnotiz")
    Evaluation.objects.create(
        participation=participation, recommendation="GEHEIM-Empfehlung-der-Jury"
    )
    earlier = ParticipationFactory(
        round=finished, employer=employer, status=Participation.Status.CERTIFIED
    )
    Evaluation.objects.create(participation=earlier, decision="certified", reasons="Gut.")
    certificate = CertificateFactory(participation=earlier)
    workshop = Workshop.objects.create(
        round=running, event=make_event(title="Workshop der Runde", registration_required=True)
    )
    jury = JuryMemberFactory(round=running)
    criterion = answer.criterion
    return {
        "round": running,
        "open_round": RoundFactory(status=Round.Status.OPEN),
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
    }


def kwargs_for(pattern: URLPattern, t: dict[str, Any]) -> dict[str, Any]:
    """Fill the pattern's parameters with the target's rows."""
    name, route = pattern.name or "", str(pattern.pattern)
    values: dict[str, Any] = {}
    for key in pattern.pattern.converters:
        if key == "pk":
            if route.startswith("verwaltung/arbeitgeber/runden/"):
                values[key] = t["round"].pk
            elif name in ("employer-edit", "team", "apply", "manage-employer"):
                values[key] = t["employer"].pk
            elif name == "member-remove":
                values[key] = t["member"].pk
            elif name == "workshop-remove":
                values[key] = t["workshop"].pk
            elif name == "jury-remove":
                values[key] = t["jury"].pk
            elif name.startswith(("catalogue", "field-")):
                values[key] = t["catalogue"].pk if name != "catalogue-item" else t["field"].pk
            elif name.startswith("criterion-"):
                values[key] = t["field"].pk
            elif name in ("annual-check", "team-evaluation"):
                values[key] = t["certified"].pk
            else:
                values[key] = t["participation"].pk
        elif key == "round":
            values[key] = t["round"].pk
        elif key == "round_pk":
            values[key] = t["open_round"].pk
        elif key == "field":
            values[key] = t["field"].pk
        elif key == "criterion":
            values[key] = t["criterion"].pk
        elif key == "key":
            values[key] = t["field"].key
        elif key == "answer":
            values[key] = t["answer"].pk
        elif key == "measure":
            values[key] = t["measure"].pk
        elif key == "number":
            values[key] = t["certificate"].number
        elif key == "slug":
            values[key] = t["employer"].slug
        elif key == "kind":
            values[key] = "feld"
        elif key == "action":
            values[key] = "hoch"
        else:
            raise AssertionError(f"{name}: no value for <{key}>")
    return values


def _addresses(t: dict[str, Any], api_paths: list[str]) -> list[tuple[str, str]]:
    found = []
    for pattern in employer_urls.urlpatterns:
        assert isinstance(pattern, URLPattern)
        name = pattern.name or ""
        found.append((name, reverse(f"employers:{name}", kwargs=kwargs_for(pattern, t))))
    for path in api_paths:
        found.append(("api", path.replace("{number}", t["certificate"].number)))
    return found


def _snapshot(t: dict[str, Any]) -> dict[str, Any]:
    participation = Participation.objects.get(pk=t["participation"].pk)
    return {
        "status": participation.status,
        "answers": list(
            Answer.objects.filter(participation=participation)
            .order_by("pk")
            .values_list("score", "comment", "version")
        ),
        "measures": list(
            Measure.objects.filter(participation=participation).values_list("title", "status")
        ),
        "talks": participation.talks.count(),
        "evaluation": list(
            Evaluation.objects.order_by("pk").values_list("recommendation", "decision")
        ),
        "members": t["employer"].members.count(),
        "jury": t["round"].jury.count(),
        "workshops": t["round"].workshops.count(),
        "round": Round.objects.filter(pk=t["round"].pk).values_list("status", "name").get(),
        "certificate": (t["certificate"].__class__.objects.get(pk=t["certificate"].pk).revoked_at),
        "fields": t["catalogue"].fields.count(),
    }


def _outsiders() -> dict[str, User | None]:
    other_round = RoundFactory(status=Round.Status.RUNNING)
    partner = UserFactory(role=Role.PARTNER)
    add_member(actor=None, organisation=OrganisationFactory(), user=partner)
    return {
        "another employer's team": None,  # filled in the test (same round as the target)
        "jury of another round": jury_member(other_round),
        "partner staff": partner,
        "family": UserFactory(role=Role.FAMILY),
        "anonymous": None,
    }


def test_every_address_keeps_an_employers_data_to_its_own_people(coordinator: User):
    t = _target()
    schema = english_client().get("/api/v1/openapi.json").json()
    api_paths = [p for p in schema["paths"] if p.startswith("/api/v1/employers")]
    assert api_paths, "the employers' API is not in the schema"
    addresses = _addresses(t, api_paths)
    names = {name for name, _url in addresses}
    assert {"participation", "assessment", "measures", "review", "certificate-pdf"} <= names

    # The target's own people reach every address (none is a 404 for all of them).
    insiders = [
        english_client(t["contact"]),
        english_client(t["jury"].user),
        english_client(coordinator),
    ]
    participation = t["participation"]
    for name, url in addresses:
        # Some steps exist only while the team works (e.g. handing in): try those states.
        reached = False
        for status in ("evaluation", "assessing", "admitted"):
            Participation.objects.filter(pk=participation.pk).update(status=status)
            if any(client.get(url).status_code != 404 for client in insiders):
                reached = True
                break
        Participation.objects.filter(pk=participation.pk).update(status="evaluation")
        assert reached, f"{name} {url}: 404 for its own people"

    before = _snapshot(t)
    outsiders = _outsiders()
    other = ParticipationFactory(round=t["round"], status=Participation.Status.ASSESSING)
    outsiders["another employer's team"] = team_member(other.employer)
    for who, user in outsiders.items():
        client = english_client(user)
        for name, url in addresses:
            if (name in PUBLIC or name == "api") and user is not None:
                continue  # the same for everyone: walked once, anonymously
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                code = response.status_code
                where = f"{who}: {method.upper()} {url} ({name}) answered {code}"
                if name in PUBLIC or name == "api" or name in OWN:
                    assert code in DENIED | {200, 400}, where
                else:
                    assert code in DENIED, where
                    if code == 302:
                        assert user is None and "/konto/login/" in response["Location"], where
                if code == 200 and not response.get("Content-Type", "").startswith(
                    ("image/", "application/pdf")
                ):
                    body = response.content.decode()
                    leaked = [secret for secret in SECRETS if secret in body]
                    assert not leaked, f"{where}: shows {leaked}"
    assert _snapshot(t) == before
