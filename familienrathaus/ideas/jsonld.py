"""schema.org JSON-LD of the ideas pages: a ``CreativeWork`` per idea (its stage as
``creativeWorkStatus``, supports and comments as interaction counters), an
``ItemList`` for the public list. Escaped like Django's ``json_script``."""

from __future__ import annotations

import json
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import SafeString, mark_safe

from familienrathaus.core import tenancy
from familienrathaus.ideas.models import Idea

_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def idea_data(idea: Idea) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": idea.title,
        "text": idea.text,
        "url": tenancy.site_url() + idea.get_absolute_url(),
        "dateCreated": idea.created_at,
        "creativeWorkStatus": str(idea.get_stage_display()),
        "interactionStatistic": [
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/LikeAction",
                "userInteractionCount": getattr(idea, "support_count", 0),
            },
            {
                "@type": "InteractionCounter",
                "interactionType": "https://schema.org/CommentAction",
                "userInteractionCount": getattr(idea, "comment_count", 0),
            },
        ],
    }


def list_data(ideas: list[Idea]) -> dict[str, Any]:
    return {
        "@context": "https://schema.org",
        "@type": "ItemList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "url": tenancy.site_url() + idea.get_absolute_url(),
                "name": idea.title,
            }
            for position, idea in enumerate(ideas, start=1)
        ],
    }


def as_script(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_ESCAPES)
    return mark_safe(text)  # noqa: S308  escaped above
