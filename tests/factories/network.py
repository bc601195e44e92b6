"""Factories for the network workshop (Bündnis-Werkstatt), one per model.

Import them from this module (``from tests.factories.network import GroupFactory``).
``MemberFactory`` makes a partner-staff account in a group; ``member_of(group, role=…)``
is the short form. Rows are made directly, not through the services: a test that
checks a service calls it itself.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from familienrathaus.core.models.users import Role
from familienrathaus.network.models import (
    Addendum,
    AgendaItem,
    Attendance,
    Comment,
    Decision,
    Document,
    DocumentVersion,
    Folder,
    Group,
    GroupMember,
    Handover,
    Invitation,
    Meeting,
    MemberProfile,
    Minutes,
    MinutesComment,
    MinutesSection,
    Post,
    Reply,
    Task,
)
from tests.factories.core import UserFactory
from tests.factories.documents import pdf_bytes


class GroupFactory(DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Arbeitsgruppe {n}")
    slug = factory.Sequence(lambda n: f"arbeitsgruppe-{n}")
    kind = Group.Kind.WORKING
    purpose = "Wir bringen ein Projekt des Bündnisses auf den Weg."


class MemberFactory(DjangoModelFactory):
    """A partner-staff account that is a member of a (new) group."""

    class Meta:
        model = GroupMember

    group = factory.SubFactory(GroupFactory)
    user = factory.SubFactory(UserFactory, role=Role.PARTNER)
    role = GroupMember.Role.MEMBER


GroupMemberFactory = MemberFactory


def member_of(group: Group, role: str = GroupMember.Role.MEMBER, **user: Any) -> Any:
    """A new account (partner staff unless ``role=`` of the user is given) in ``group``."""
    user.setdefault("role", Role.PARTNER)
    account = UserFactory(**user)
    MemberFactory(group=group, user=account, role=role)
    return account


class InvitationFactory(DjangoModelFactory):
    class Meta:
        model = Invitation

    group = factory.SubFactory(GroupFactory)
    email = factory.Sequence(lambda n: f"eingeladen{n}@example.org")
    role = GroupMember.Role.MEMBER


class MemberProfileFactory(DjangoModelFactory):
    class Meta:
        model = MemberProfile
        django_get_or_create = ("user",)

    user = factory.SubFactory(UserFactory, role=Role.PARTNER)


class HandoverFactory(DjangoModelFactory):
    class Meta:
        model = Handover

    from_user = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    to_user = factory.SubFactory(UserFactory, role=Role.COORDINATOR)
    by = factory.SelfAttribute("from_user")


class MeetingFactory(DjangoModelFactory):
    """A planned meeting a week from now, two hours long."""

    class Meta:
        model = Meeting

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Sitzung {n}")
    # At 17:00 local time: a meeting made late in the evening must not run past midnight
    # (its end would then come before its start on the edit form).
    starts_at = factory.LazyFunction(
        lambda: timezone.localtime(timezone.now() + timedelta(days=7)).replace(
            hour=17, minute=0, second=0, microsecond=0
        )
    )
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=2))
    place = "Rathaus, Raum 101"

    class Params:
        held = factory.Trait(
            status=Meeting.Status.HELD,
            starts_at=factory.LazyFunction(
                lambda: timezone.localtime(timezone.now() - timedelta(days=7)).replace(
                    hour=17, minute=0, second=0, microsecond=0
                )
            ),
        )


class AgendaItemFactory(DjangoModelFactory):
    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    position = factory.Sequence(lambda n: n)
    title = factory.Sequence(lambda n: f"Tagesordnungspunkt {n}")


class ReplyFactory(DjangoModelFactory):
    class Meta:
        model = Reply

    meeting = factory.SubFactory(MeetingFactory)
    user = factory.SubFactory(UserFactory, role=Role.PARTNER)
    answer = Reply.Answer.YES


class AttendanceFactory(DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory, held=True)
    user = factory.SubFactory(UserFactory, role=Role.PARTNER)
    name = factory.LazyAttribute(lambda a: a.user.name if a.user else "Gast")
    present = True


class MinutesFactory(DjangoModelFactory):
    class Meta:
        model = Minutes

    meeting = factory.SubFactory(MeetingFactory, held=True)
    status = Minutes.Status.DRAFT

    class Params:
        approved = factory.Trait(
            status=Minutes.Status.APPROVED, approved_at=factory.LazyFunction(timezone.now)
        )


class MinutesSectionFactory(DjangoModelFactory):
    class Meta:
        model = MinutesSection

    minutes = factory.SubFactory(MinutesFactory)
    position = factory.Sequence(lambda n: n)
    heading = factory.Sequence(lambda n: f"Abschnitt {n}")
    body = "Bericht: Die Gruppe hat beraten."


class MinutesCommentFactory(DjangoModelFactory):
    class Meta:
        model = MinutesComment

    minutes = factory.SubFactory(MinutesFactory)
    author = factory.SubFactory(UserFactory, role=Role.PARTNER)
    text = "Bitte den zweiten Absatz ergänzen."


class AddendumFactory(DjangoModelFactory):
    class Meta:
        model = Addendum

    minutes = factory.SubFactory(MinutesFactory, approved=True)
    text = "Korrektur: Das Treffen fand im Raum 102 statt."


class DecisionFactory(DjangoModelFactory):
    class Meta:
        model = Decision

    minutes = factory.SubFactory(MinutesFactory, approved=True)
    group = factory.LazyAttribute(lambda d: d.minutes.meeting.group)
    text = factory.Sequence(lambda n: f"Die Gruppe beschließt Maßnahme {n}.")
    decided_on = factory.LazyAttribute(lambda d: d.minutes.meeting.starts_at.date())
    position = factory.Sequence(lambda n: n)


class TaskFactory(DjangoModelFactory):
    class Meta:
        model = Task

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Aufgabe {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=14))
    status = Task.Status.OPEN

    class Params:
        overdue = factory.Trait(
            due_on=factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=3))
        )
        done = factory.Trait(
            status=Task.Status.DONE, completed_at=factory.LazyFunction(timezone.now)
        )


class FolderFactory(DjangoModelFactory):
    class Meta:
        model = Folder

    group = factory.SubFactory(GroupFactory)
    name = factory.Sequence(lambda n: f"Ordner {n}")


class DocumentFactory(DjangoModelFactory):
    class Meta:
        model = Document

    group = factory.SubFactory(GroupFactory)
    title = factory.Sequence(lambda n: f"Konzeptskizze {n}")


class DocumentVersionFactory(DjangoModelFactory):
    """Version 1 of a document: a real one-page PDF in private storage."""

    class Meta:
        model = DocumentVersion

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="skizze.pdf"))
    original_name = "skizze.pdf"
    size = factory.LazyAttribute(lambda v: v.file.size)
    content_type = "application/pdf"
    note = "Erste Fassung"


class PostFactory(DjangoModelFactory):
    class Meta:
        model = Post

    group = factory.SubFactory(GroupFactory)
    kind = Post.Kind.POST
    title = factory.Sequence(lambda n: f"Neuigkeit {n}")
    text = "Wir haben einen Raum für das nächste Treffen gefunden."
    author = factory.SubFactory(UserFactory, role=Role.PARTNER)


class CommentFactory(DjangoModelFactory):
    class Meta:
        model = Comment

    post = factory.SubFactory(PostFactory)
    author = factory.SubFactory(UserFactory, role=Role.PARTNER)
    text = "Danke für die Info!"
