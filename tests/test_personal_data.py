"""One registry of personal data (issue 13, points 5 and 6).

Every model with a field that can hold personal data is covered by an app's
registration or declared as not personal; the account export lists, and the account
deletion removes, what the apps hold about a person by account *and* by e-mail address;
the audit log keeps a role and a pseudonym, never the address or a group code.
"""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.db import models
from django.test import Client

from familienrathaus.core import audit, personal_data, private_files
from familienrathaus.core.models import (
    AccessibilityFeedback,
    AuditEntry,
    OutboxMessage,
    User,
)
from familienrathaus.core.outbox import queue_mail
from familienrathaus.events import services as event_services
from familienrathaus.events.models import Registration
from familienrathaus.holidays.models import Child, ReductionClaim
from familienrathaus.lottery.models import Wish
from familienrathaus.lottery.services import save_wishes
from familienrathaus.newsletter.models import Subscriber
from familienrathaus.offers.models import OfferNotice
from familienrathaus.partners.models import Membership
from tests.factories import (
    ChildFactory,
    OfferFactory,
    PeriodFactory,
    SubscriberFactory,
    UserFactory,
)
from tests.factories.documents import pdf_upload
from tests.factories.events import first_date, make_event
from tests.factories.lottery import occasion

pytestmark = pytest.mark.django_db

PASSWORD = "ein-langes-Passwort-1"
ADDRESS = "mia.muster@example.org"
GROUP_CODE = "K7QF-2MXA"

# ------------------------------------------------------------------------ coverage

PERSONAL_NAME = re.compile(
    r"(^|_)(name|first_name|last_name|email|e_mail|phone|mobile|address|street|birth\w*|"
    r"note|notes|comment|message|contact\w*|ip_hash)($|_)"
)


def personal_fields(model: type[models.Model]) -> list[str]:
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    found = []
    for field in model._meta.concrete_fields:
        if (
            isinstance(field, models.EmailField)
            or PERSONAL_NAME.search(field.name)
            or isinstance(field, private_files.PrivateFileField)
            or (field.is_relation and field.related_model is user_model)
        ):
            found.append(field.name)
    return found


def test_every_model_with_personal_fields_is_registered_or_declared_not_personal() -> None:
    covered = personal_data.covered_models()
    missing = {
        model._meta.label_lower: personal_fields(model)
        for model in apps.get_models()
        if personal_fields(model) and model._meta.label_lower not in covered
    }
    assert not missing, (
        "Register these models in their app's personal_data.py (export and erase), "
        f"or declare them with personal_data.not_personal(model, reason): {missing}"
    )


def test_the_check_finds_the_models_that_matter() -> None:
    """The detector above is not blind: the models of issue 13 have personal fields."""
    for label in [
        "events.registration",
        "newsletter.subscriber",
        "holidays.child",
        "holidays.reductionclaim",
        "partners.membership",
        "offers.offernotice",
        "core.auditentry",
    ]:
        assert personal_fields(apps.get_model(label)), label
    covered = personal_data.covered_models()
    assert covered["lottery.wish"] == "lottery"
    assert covered["core.outboxmessage"] == "outbox"


# ------------------------------------------------------------- a family with data


@pytest.fixture
def family(django_capture_on_commit_callbacks: Any) -> dict[str, Any]:
    """A family account and data about it in every app; the registration and the
    newsletter were made *without* logging in, with the address in another case."""
    user = UserFactory(email=ADDRESS, name="Mia Muster", password=PASSWORD)
    client = Client()
    client.force_login(user)

    period = PeriodFactory(wish_phase=True)
    child = ChildFactory(family=user, first_name="Lotta")
    target = occasion(period, title="Zirkuswoche")
    save_wishes(actor=user, period=period, child=child, entries=[(target.pk, GROUP_CODE)])

    kind = period.reduction_kinds.create(name="Bildung und Teilhabe", percent=100)
    response = client.post(
        f"/ferienspass/{period.slug}/ermaessigung/", {"kind": kind.pk, "proof": pdf_upload()}
    )
    assert response.status_code == 302

    event = make_event(registration_required=True, capacity=20)
    event_services.register(
        occurrence_id=first_date(event).pk,
        name="Mia M.",
        email="Mia.Muster@Example.org",
        adults=1,
        children=1,
    )
    SubscriberFactory(email="MIA.MUSTER@example.org")
    with django_capture_on_commit_callbacks(execute=False):
        queue_mail(subject="Ihre Anmeldung", body_text="Hallo", to=[ADDRESS])
    offer = OfferFactory(title="Babyschwimmen")
    OfferNotice.objects.create(offer=offer, message="Die Zeiten stimmen nicht.", email=ADDRESS)
    AccessibilityFeedback.objects.create(
        name="Mia", email=ADDRESS, page_url="/", message="Kontrast zu gering"
    )
    organisation = offer.organisation
    Membership.objects.create(user=user, organisation=organisation, position="Elternbeirat")
    return {"user": user, "client": client, "child": child, "event": event}


def test_the_export_holds_what_every_app_stores_about_the_person(family: dict) -> None:
    response = family["client"].get("/konto/meine-daten/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)

    assert data["account"]["email"] == ADDRESS
    assert data["lottery"]["wishes"][0]["group_code"] == GROUP_CODE
    assert data["lottery"]["wishes"][0]["occasion"] == "Zirkuswoche"
    assert data["holidays"]["children"][0]["first_name"] == "Lotta"
    proof = data["holidays"]["reductions"][0]["proof_file"]
    assert proof.startswith("/ferienspass/ermaessigung/")
    assert family["client"].get(proof).status_code == 200
    assert data["event_registrations"][0]["email"] == "Mia.Muster@Example.org"
    assert data["newsletter"][0]["status"] == "active"
    assert "Ihre Anmeldung" in [mail["subject"] for mail in data["outbox"]]
    assert data["offer_feedback"]["notices"][0]["message"] == "Die Zeiten stimmen nicht."
    assert data["accessibility_feedback"][0]["message"] == "Kontrast zu gering"
    assert data["partners"]["memberships"][0]["position"] == "Elternbeirat"
    assert any(e["action"] == "lottery.wishes.save" for e in data["audit"])


def test_the_readable_page_shows_the_same_data(family: dict) -> None:
    response = family["client"].get("/konto/meine-daten/?format=html")
    assert response.status_code == 200
    page = response.content.decode()
    for text in ["Lotta", GROUP_CODE, "Mia.Muster@Example.org", "Ihre Anmeldung", "Zirkuswoche"]:
        assert text in page
    assert 'href="/konto/meine-daten/"' in page
    claim = ReductionClaim.objects.get()
    assert f'href="/ferienspass/ermaessigung/{claim.pk}/nachweis/"' in page


def test_deleting_the_account_leaves_nothing_about_the_person(
    family: dict, django_capture_on_commit_callbacks: Any
) -> None:
    user = family["user"]
    proof = ReductionClaim.objects.get().proof
    stored = Path(settings.PRIVATE_MEDIA_ROOT) / proof.name
    assert stored.exists()
    user_id = user.pk

    with django_capture_on_commit_callbacks(execute=True):
        response = family["client"].post("/konto/loeschen/", {"password": PASSWORD})
    assert response.status_code == 302

    assert not User.objects.filter(pk=user_id).exists()
    assert not Child.objects.exists() and not Wish.objects.exists()
    assert not ReductionClaim.objects.exists() and not stored.exists()
    assert not Registration.objects.filter(email__iexact=ADDRESS).exists()
    assert not Subscriber.objects.filter(email__iexact=ADDRESS).exists()
    assert not OutboxMessage.objects.filter(to__icontains="mia.muster").exists()
    assert not OfferNotice.objects.exists() and not AccessibilityFeedback.objects.exists()
    assert not Membership.objects.exists()
    for entry in AuditEntry.objects.all():
        text = json.dumps(
            [entry.actor_label, entry.object_repr, entry.changes], ensure_ascii=False
        ).lower()
        assert "mia" not in text, entry.action
        assert GROUP_CODE.lower() not in text, entry.action
        assert "lotta" not in text, entry.action
    deleted = AuditEntry.objects.get(action="account.delete")
    assert deleted.changes["who"] == f"family:{audit.pseudonym(user_id)}"


def test_the_audit_log_names_role_and_pseudonym_not_the_address(
    family: dict, coordinator_client: Client
) -> None:
    entry = AuditEntry.objects.filter(action="lottery.wishes.save").get()
    assert entry.actor_label == f"family:{audit.pseudonym(family['user'].pk)}"
    assert ADDRESS not in entry.actor_label
    assert GROUP_CODE not in json.dumps(entry.changes)
    claim = AuditEntry.objects.get(action="holidays.reduction.claim")
    assert ADDRESS not in claim.object_repr
    # The coordinators still see who it was while the account exists.
    page = coordinator_client.get("/verwaltung/protokoll/").content.decode()
    assert ADDRESS in page


def test_someone_elses_data_stays(family: dict) -> None:
    other = UserFactory(email="andere@example.org", password=PASSWORD)
    ChildFactory(family=other)
    SubscriberFactory(email="andere@example.org")
    queue_mail(subject="Für andere", body_text="Hallo", to=["andere@example.org"])
    personal_data.erase(family["user"])
    assert Child.objects.filter(family=other).exists()
    assert Subscriber.objects.filter(email="andere@example.org").exists()
    assert OutboxMessage.objects.filter(subject="Für andere").exists()


def test_old_audit_entries_lose_their_addresses_in_the_migration() -> None:
    migration = importlib.import_module("familienrathaus.core.migrations.0008_audit_pseudonyms")
    user = UserFactory(email="alt@example.org")
    named = AuditEntry.objects.create(
        actor=user,
        actor_label="alt@example.org",
        action="x",
        object_type="core.user",
        object_repr="Alt <alt@example.org>",
        changes={"email": {"before": "a@b.de", "after": ""}},
    )
    gone = AuditEntry.objects.create(actor_label="weg@example.org", action="y", object_type="z")

    # The accounts as the migration saw them, with their role (core 0018 moved it to the
    # memberships in the alliances).
    users_then = SimpleNamespace(
        objects=SimpleNamespace(values_list=lambda *fields: [(user.pk, user.role)])
    )
    apps_then = SimpleNamespace(
        get_model=lambda app, name: users_then if name == "User" else apps.get_model(app, name)
    )
    migration.pseudonymise(apps_then, None)

    named.refresh_from_db()
    gone.refresh_from_db()
    assert named.actor_label == f"family:{audit.pseudonym(user.pk)}"
    assert "@" not in named.object_repr + json.dumps(named.changes)
    assert "@" not in gone.actor_label
