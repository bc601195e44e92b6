"""factory_boy factories for the models of the foundation.

Users are created through ``User.objects.create_user`` (the one write path, which
also validates), with a verified primary e-mail address so they can log in through
allauth, and the password ``DEFAULT_PASSWORD``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import factory
from allauth.account.models import EmailAddress
from factory.django import DjangoModelFactory

from familienrathaus.core.models import (
    AccessibilityFeedback,
    AuditEntry,
    LegalPage,
    OutboxMessage,
    User,
)
from familienrathaus.core.models.users import Role
from familienrathaus.partners.models import Organisation

DEFAULT_PASSWORD = "Kastanienallee-17-Test"
# Base32 secret of the coordinators' authenticator (the ``coordinator`` fixture).
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    name = factory.Sequence(lambda n: f"Person {n}")
    role = Role.FAMILY
    password = DEFAULT_PASSWORD

    @classmethod
    def _create(cls, model_class: type[User], *args: Any, **kwargs: Any) -> User:
        email = kwargs.pop("email")
        password = kwargs.pop("password")
        return model_class.objects.create_user(email, password, **kwargs)

    @factory.post_generation
    def verified_email(obj: User, create: bool, extracted: Any, **kwargs: Any) -> None:
        """``UserFactory(verified_email=False)`` leaves the address unverified."""
        if create:
            EmailAddress.objects.create(
                user=obj, email=obj.email, primary=True, verified=extracted is not False
            )


class OrganisationFactory(DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Familienzentrum Nummer {n}")
    slug = factory.Sequence(lambda n: f"familienzentrum-nummer-{n}")
    kind = Organisation.Kind.EDUCATION


class LegalPageFactory(DjangoModelFactory):
    class Meta:
        model = LegalPage
        django_get_or_create = ("kind",)

    kind = LegalPage.Kind.IMPRINT
    title = factory.LazyAttribute(lambda page: LegalPage.Kind(page.kind).label)
    body = "## Angaben\n\nFamilienbüro, Rathausplatz 1"


class AccessibilityFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = AccessibilityFeedback

    message = factory.Sequence(lambda n: f"Der Kontrast auf Seite {n} ist zu schwach.")
    page_url = "/"


class OutboxMessageFactory(DjangoModelFactory):
    """A row only, without a task: for tests of the views, not of the delivery."""

    class Meta:
        model = OutboxMessage

    from_email = "Familienrathaus <noreply@example.org>"
    to = factory.List(["eltern@example.org"])
    subject = factory.Sequence(lambda n: f"Nachricht {n}")
    body_text = "Hallo"
    message_id = factory.Sequence(lambda n: f"<factory.{n}@example.org>")


class AuditEntryFactory(DjangoModelFactory):
    class Meta:
        model = AuditEntry

    actor = None
    actor_label = factory.LazyAttribute(lambda e: e.actor.email if e.actor else "system")
    action = "thing.update"
    object_type = "core.thing"
    object_id = "1"
    object_repr = factory.Sequence(lambda n: f"Objekt {n}")

    @classmethod
    def _create(cls, model_class: type[AuditEntry], *args: Any, **kwargs: Any) -> AuditEntry:
        # created_at is auto_now_add: set a given time afterwards.
        created_at: datetime | None = kwargs.pop("created_at", None)
        entry = super()._create(model_class, *args, **kwargs)
        if created_at is not None:
            model_class.objects.filter(pk=entry.pk).update(created_at=created_at)
            entry.refresh_from_db()
        return entry
