"""An edition's content: its blocks, and the mail rendered from them.

Blocks: the introduction, chosen news posts, upcoming events of a date range from
the calendar (``familienrathaus.events.selectors.occurrences_between``), chosen
offers, the dates of the holiday programme
(``familienrathaus.holidays.selectors.periods_for_newsletter``) and the surveys every
family may answer now (``familienrathaus.surveys.selectors.answering``). The newsletter is
the top tier, so it imports those selectors directly; should one of them fail, its
block is empty and the edition still goes out.

An edition may have translations (:class:`~familienrathaus.newsletter.models.EditionTranslation`):
subscribers of a language get its subject and introduction, everyone else the German
ones; the frame (headings, links) is always in the subscriber's language.

The mail is rendered once per language with placeholders for the per-recipient
links (:data:`MANAGE_URL`, :data:`UNSUBSCRIBE_URL`), which :func:`personalise`
fills in for each subscriber: 10,000 mails need two renders, not 10,000. Links in
the mail are the plain addresses of the site: no tracking, no rewriting.
"""

from __future__ import annotations

import copy
import logging
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from familienrathaus.core import tenancy
from familienrathaus.core.markdown import render as markdown
from familienrathaus.core.selectors import site_settings
from familienrathaus.events.selectors import occurrences_between
from familienrathaus.holidays.selectors import periods_for_newsletter
from familienrathaus.newsletter.models import Edition, EditionTranslation
from familienrathaus.surveys.models import Survey
from familienrathaus.surveys.selectors.answering import open_surveys as surveys_open_now

logger = logging.getLogger(__name__)

MANAGE_URL = "%%FRH_MANAGE_URL%%"
UNSUBSCRIBE_URL = "%%FRH_UNSUBSCRIBE_URL%%"


def absolute(path: str) -> str:
    return path if path.startswith("http") else tenancy.site_url() + path


def upcoming_events(start: date | None, end: date | None) -> list[Any]:
    if start is None or end is None or end < start:
        return []
    try:
        return list(occurrences_between(start, end))
    except Exception:  # the calendar must never stop a newsletter
        logger.exception("events for the newsletter could not be read")
        return []


def holiday_periods() -> list[Any]:
    try:
        return list(periods_for_newsletter())
    except Exception:  # nor must the holiday programme
        logger.exception("holiday periods for the newsletter could not be read")
        return []


def open_surveys() -> list[Any]:
    """Anonymous surveys open now (code and signed-in surveys have their own ways in)."""
    try:
        return [s for s in surveys_open_now(limit=5) if s.access == Survey.Access.ANONYMOUS][:3]
    except Exception:  # nor must a survey
        logger.exception("open surveys for the newsletter could not be read")
        return []


@dataclass
class Blocks:
    intro: Any
    news: list[Any] = field(default_factory=list)
    events: list[Any] = field(default_factory=list)
    offers: list[Any] = field(default_factory=list)
    holidays: list[Any] = field(default_factory=list)
    surveys: list[Any] = field(default_factory=list)


def blocks(edition: Edition) -> Blocks:
    return Blocks(
        intro=markdown(edition.intro),
        news=list(edition.news.order_by("-publish_at")) if edition.pk else [],
        events=upcoming_events(edition.events_from, edition.events_until),
        offers=list(edition.offers.order_by("title")) if edition.pk else [],
        holidays=holiday_periods() if edition.include_holidays else [],
        surveys=open_surveys(),
    )


def translation_of(edition: Edition, language: str | None) -> EditionTranslation | None:
    if not edition.pk or not language or language == settings.LANGUAGE_CODE:
        return None
    return edition.translations.filter(language=language).first()


def translated(edition: Edition, language: str | None) -> Edition:
    """The edition as the subscribers of ``language`` get it: its translation's subject
    and introduction, or the German edition when there is none (never saved)."""
    translation = translation_of(edition, language)
    if translation is None:
        return edition
    version = copy.copy(edition)
    version.text_language = translation.language  # type: ignore[attr-defined]
    version.subject = translation.subject
    version.intro = translation.intro
    version.html_snapshot = translation.html_snapshot
    return version


def _context(edition: Edition, *, for_mail: bool, web_url: str | None = None) -> dict[str, Any]:
    site = site_settings()
    return {
        "edition": edition,
        "blocks": blocks(edition),
        "site": site,
        "site_url": tenancy.site_url(),
        "absolute": absolute,
        "archive_url": absolute(reverse("newsletter:archive")),
        "web_url": absolute(web_url or edition.get_absolute_url()),
        "manage_url": MANAGE_URL if for_mail else "",
        "unsubscribe_url": UNSUBSCRIBE_URL if for_mail else "",
        "for_mail": for_mail,
        "now": timezone.now(),
        # The language of subject and introduction (German where there is no translation)
        # and of the frame: where they differ, the text is marked with its own language.
        "text_language": getattr(edition, "text_language", settings.LANGUAGE_CODE),
        "frame_language": translation.get_language() or settings.LANGUAGE_CODE,
    }


def render_mail(edition: Edition, language: str, *, web_url: str | None = None) -> tuple[str, str]:
    """(HTML, plain text) of the mail, with placeholders for the personal links.

    ``web_url`` replaces the link to the edition's archive page ("read this newsletter
    in the browser"): the test mail links to a signed preview instead, because the
    archive page exists only once the edition is sent.
    """
    with translation.override(language):
        context = _context(translated(edition, language), for_mail=True, web_url=web_url)
        context["language"] = language
        html = render_to_string("newsletter/mail/edition.html", context)
        text = render_to_string("newsletter/mail/edition.txt", context)
    return html, text


def subject(edition: Edition, language: str) -> str:
    """The subject of the mail to subscribers of ``language``."""
    return translated(edition, language).subject


def render_web(edition: Edition, language: str | None = None) -> str:
    """The edition's content as part of a web page (archive, preview); with
    ``language``: its translation into that language, rendered in it."""
    if language is None:
        return render_to_string(
            "newsletter/includes/edition_body.html", _context(edition, for_mail=False)
        )
    with translation.override(language):
        return render_to_string(
            "newsletter/includes/edition_body.html",
            _context(translated(edition, language), for_mail=False),
        )


def personalise(body: str, *, manage_url: str, unsubscribe_url: str) -> str:
    return body.replace(MANAGE_URL, manage_url).replace(UNSUBSCRIBE_URL, unsubscribe_url)
