"""Mails to staff and partners in each recipient's own language.

Most mails to partner staff and coordinators go to a list of addresses. Each address
that belongs to an account is written in that account's language (``User.language``,
set on the account page), whoever caused the mail; an address without an account keeps
the language of the page in use (``outbox.current_language()``). A list with people of
different languages becomes one message per language.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from django.urls import translate_url

from familienrathaus.core import outbox, tenancy
from familienrathaus.core.models import OutboxMessage, User

# render() is called inside in_language(...) and returns (subject, body_text).
Render = Callable[[], tuple[str, str]]


def language_of(email: str) -> str:
    """The language of the account with this address; the current language without one."""
    found = (
        User._base_manager.filter(email__iexact=email).values_list("language", flat=True).first()
    )
    return outbox.language_code(found) if found else outbox.current_language()


def by_language(emails: Iterable[str]) -> list[tuple[str, list[str]]]:
    """The addresses grouped by their language, in a stable order (first address first)."""
    emails = [e for e in emails if e]
    known = {
        email.lower(): language
        for email, language in User.objects.filter(
            email__in=[e.lower() for e in emails] + list(emails)
        ).values_list("email", "language")
    }
    groups: dict[str, list[str]] = {}
    for email in emails:
        language = known.get(email.lower())
        code = outbox.language_code(language) if language else outbox.current_language()
        groups.setdefault(code, []).append(email)
    return list(groups.items())


def queue_by_language(
    to: Sequence[str], render: Render, *, purpose: str, **options: Any
) -> list[OutboxMessage]:
    """Queue one message per language among ``to``, each rendered by ``render()`` inside
    ``outbox.in_language(language)`` (so links built there carry that language's prefix).
    ``options``: as ``outbox.queue_mail``."""
    messages = []
    for language, group in by_language(to):
        with outbox.in_language(language):
            subject, body = render()
        messages.append(
            outbox.queue_mail(
                to=group,
                subject=subject,
                body_text=body,
                purpose=purpose,
                language=language,
                **options,
            )
        )
    return messages


def split_mail(text: str) -> tuple[str, str]:
    """A rendered mail whose first line is the subject: (subject, body)."""
    subject, _sep, body = text.strip().partition("\n")
    return subject.strip(), body.strip() + "\n"


def links_in(language: str, context: Mapping[str, Any]) -> dict[str, Any]:
    """The context with its page links (strings under the alliance's address,
    ``tenancy.site_url()``) moved to ``language`` (``/angebote/`` → ``/tr/angebote/``).
    Call it in the language the links were built in, before ``in_language(language)``."""
    return {
        key: translate_url(value, language)
        if isinstance(value, str) and value.startswith(tenancy.site_url())
        else value
        for key, value in context.items()
    }
