"""Mail texts in the shared template library (core.library): the answer templates of
the concerns desk, the one kind of mail text coordinators keep as data (the other
mails' wording lives in the code's templates; a newsletter edition is made of the
alliance's own news and offers).

The payload is the title and the text; a copy is a new answer template of the active
alliance, never its interim notice (the coordinator may mark it so).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from familienrathaus.concerns import permissions
from familienrathaus.concerns.models import AnswerTemplate
from familienrathaus.concerns.services import desk_settings
from familienrathaus.core import library
from familienrathaus.core.models import User


def export(template: AnswerTemplate) -> dict[str, Any]:
    return {"title": template.title, "text": template.text}


def copy(payload: dict[str, Any], actor: User) -> AnswerTemplate:
    return desk_settings.save_template(
        actor=actor,
        template=None,
        values={
            "title": str(payload.get("title", ""))[:120],
            "text": str(payload.get("text", "")),
            "interim": False,
        },
    )


def _publishable() -> QuerySet[AnswerTemplate]:
    return AnswerTemplate.objects.order_by("title", "pk")


def _edit_url(template: AnswerTemplate) -> str:
    return reverse("concerns:desk-template", kwargs={"pk": template.pk})


library.register(
    library.TemplateKind(
        key="mail_text",
        label=_("Mail text (answer to a concern)"),
        export=export,
        copy=copy,
        publishable=_publishable,
        allowed=permissions.can_manage_settings,
        preview_template="concerns/library_preview.html",
        edit_url=_edit_url,
    )
)
