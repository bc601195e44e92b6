"""What the news app holds about a person (registered in ``core.personal_data``): the
posts a person entered (the author link)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from familienrathaus.core.personal_data import not_personal, references, register
from familienrathaus.news.models import NewsPost

_posts = references(NewsPost, ["created_by"], lambda p: {"post": p.title})
register(
    "news_posts",
    label=_("News posts you entered"),
    models=[NewsPost],
    export=_posts[0],
    erase=_posts[1],
)

not_personal("news.category", "the name of a news category")
