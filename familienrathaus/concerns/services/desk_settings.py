"""Writes of the desk's lists: offices, answer templates, topics and their target times.

Changing a topic's target times applies to concerns that arrive from then on; the due
dates of concerns already waiting stay as they were promised (see :mod:`..dues`).
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Model

from familienrathaus.concerns.models import AnswerTemplate, Office, Topic
from familienrathaus.core import audit
from familienrathaus.core.models import User

OFFICE_FIELDS = ["name", "email", "active"]
TEMPLATE_FIELDS = ["title", "text", "interim"]
TOPIC_FIELDS = ["name", "position", "active", "first_answer_days", "closing_days"]


def _save(
    *, actor: User, instance: Model, fields: list[str], values: dict[str, Any], action: str
) -> Any:
    before = audit.snapshot(instance, fields) if instance.pk else {}
    for name in fields:
        if name in values:
            setattr(instance, name, values[name])
    with transaction.atomic():
        instance.full_clean()
        instance.save()
        audit.record(
            actor=actor,
            action=action,
            obj=instance,
            changes=audit.diff(before, audit.snapshot(instance, fields)),
        )
    return instance


def save_office(*, actor: User, office: Office | None, values: dict[str, Any]) -> Office:
    result: Office = _save(
        actor=actor,
        instance=office or Office(),
        fields=OFFICE_FIELDS,
        values=values,
        action="concerns.office_save",
    )
    return result


def save_template(
    *, actor: User, template: AnswerTemplate | None, values: dict[str, Any]
) -> AnswerTemplate:
    """Save an answer template; marking one as the interim notice unmarks the old one."""
    with transaction.atomic():
        if values.get("interim"):
            others = AnswerTemplate.objects.filter(interim=True)
            if template is not None and template.pk:
                others = others.exclude(pk=template.pk)
            others.update(interim=False)
        result: AnswerTemplate = _save(
            actor=actor,
            instance=template or AnswerTemplate(),
            fields=TEMPLATE_FIELDS,
            values=values,
            action="concerns.template_save",
        )
    return result


def delete_template(*, actor: User, template: AnswerTemplate) -> None:
    with transaction.atomic():
        audit.record(actor=actor, action="concerns.template_delete", obj=template)
        template.delete()


def save_topic(*, actor: User, topic: Topic | None, values: dict[str, Any]) -> Topic:
    result: Topic = _save(
        actor=actor,
        instance=topic or Topic(),
        fields=TOPIC_FIELDS,
        values=values,
        action="concerns.topic_save",
    )
    return result
