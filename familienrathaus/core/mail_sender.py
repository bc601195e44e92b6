"""Who an alliance's mails come from and where replies go (issue 23, per-alliance settings).

Every mail is queued by :mod:`core.outbox`, which asks here at queue time and stores
both in the outbox row, so a retry sends the same:

- **From**: the operator's ``Alliance.sender_name`` (else the alliance's name) and
  ``Alliance.sender_email`` (else the address of ``DEFAULT_FROM_EMAIL``). The operator
  sets the address, since its domain must let the install send (SPF, DKIM).
- **Reply-To**: the coordinators' ``SiteSettings.reply_to_email``, else the contact
  address. A mail that names its own Reply-To (a partner's answer, a person's
  feedback) keeps it.

With no alliance active (an operator's mail), the install's ``DEFAULT_FROM_EMAIL``
without a Reply-To.
"""

from __future__ import annotations

from email.utils import parseaddr

from django.conf import settings

from familienrathaus.core import tenancy
from familienrathaus.core.models import SiteSettings

# Characters that make a display name a quoted string (RFC 5322 "specials").
_SPECIALS = set('()<>@,;:\\".[]')


def mailbox(name: str, address: str) -> str:
    """``Name <address>`` readable as it is stored; the name quoted where it must be
    (Django encodes non-ASCII names when it sends)."""
    name = " ".join(name.split())
    if not name:
        return address
    if _SPECIALS & set(name):
        name = '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'
    return f"{name} <{address}>"


def sender_parts() -> tuple[str, str]:
    """(display name, address) of the active alliance's mails."""
    default_name, default_address = parseaddr(str(settings.DEFAULT_FROM_EMAIL))
    alliance = tenancy.current()
    if alliance is None:
        return default_name, default_address
    return alliance.sender_name or alliance.name, alliance.sender_email or default_address


def sender() -> str:
    """The From of the active alliance's mails."""
    if tenancy.current() is None:
        return str(settings.DEFAULT_FROM_EMAIL)
    return mailbox(*sender_parts())


def reply_address() -> str:
    """Where replies to the active alliance's mails go ("" for none)."""
    if tenancy.current() is None:
        return ""
    site = SiteSettings.objects.only("reply_to_email", "contact_email").first()
    if site is None:
        return ""
    return site.reply_to_email or site.contact_email


def reply_to(given: list[str] | tuple[str, ...] | None = None) -> list[str]:
    """The Reply-To of a mail: the one it names, else the alliance's."""
    if given:
        return list(given)
    address = reply_address()
    return [address] if address else []


def organiser() -> tuple[str, str]:
    """(name, address) of the organiser in an invitation's calendar entry: the
    alliance's sender name with the address that reads replies (an attendee's calendar
    answers the organiser), else its sender address."""
    name, address = sender_parts()
    return name, reply_address() or address
