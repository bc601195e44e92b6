"""A member's Atom feed by a secret link: /werkstatt/feed/<feed_token>.atom.

Django's syndication framework (``Atom1Feed``). The link carries the member's
``MemberProfile.feed_token``, so a feed reader needs no login; it shows what the
member sees in the workshop's feed at the moment of the request (checked each time).
A renewed token, or a member who belongs to no group any more, answers 404.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from familienrathaus.core.selectors import site_settings
from familienrathaus.network.models import Post
from familienrathaus.network.selectors import feed as selectors

ENTRIES = 50


class MemberFeed(Feed):
    feed_type = Atom1Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex"
        response["Referrer-Policy"] = "no-referrer"
        return response

    def get_object(self, request: HttpRequest, token: str) -> Any:
        user = selectors.user_for_feed_token(token)
        if user is None:
            raise Http404
        return user

    def title(self, obj: Any) -> str:
        return _("Alliance workshop of %(name)s") % {"name": site_settings().alliance_name}

    def subtitle(self, obj: Any) -> str:
        return _("News from your groups in the alliance workshop.")

    def link(self, obj: Any) -> str:
        return reverse("network:feed")

    def items(self, obj: Any) -> list[Post]:
        return list(selectors.visible(obj).order_by("-created_at", "-pk")[:ENTRIES])

    def item_title(self, item: Post) -> str:
        if item.group is not None:
            return f"[{item.group.name}] {item.shown_title}"
        return item.shown_title

    def item_description(self, item: Post) -> str:
        return item.shown_text

    def item_link(self, item: Post) -> str:
        return item.url or reverse("network:post", args=[item.pk])

    def item_guid(self, item: Post) -> str:
        return f"post-{item.pk}"

    def item_guid_is_permalink(self, item: Post) -> bool:
        return False

    def item_pubdate(self, item: Post) -> datetime:
        return item.created_at

    def item_author_name(self, item: Post) -> str | None:
        return (item.author.name or None) if item.author else None

    def item_categories(self, item: Post) -> list[str]:
        return [str(item.get_kind_display())]
