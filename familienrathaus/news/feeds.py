from __future__ import annotations

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext as _

from familienrathaus.core.markdown import render
from familienrathaus.core.selectors import site_settings
from familienrathaus.news import selectors
from familienrathaus.news.models import NewsPost


class NewsFeed(Feed):
    def title(self) -> str:
        return _("News of %(name)s") % {"name": site_settings().alliance_name}

    def link(self) -> str:
        return reverse("news:list")

    def description(self) -> str:
        return site_settings().tagline

    def items(self) -> list[NewsPost]:
        return list(selectors.published_posts()[:30])

    def item_title(self, item: NewsPost) -> str:
        return item.title

    def item_description(self, item: NewsPost) -> str:
        return f"<p>{item.summary}</p>" + str(render(item.text))

    def item_pubdate(self, item: NewsPost) -> datetime:
        return item.publish_at

    def item_categories(self, item: NewsPost) -> list[str]:
        return [c.name for c in item.categories.all()]
