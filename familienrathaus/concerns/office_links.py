"""The signed link an office of the administration reads and answers a concern with.

Offices have no account. When the desk passes a concern to an office, the office gets a
mail with a link ``/anliegen/amt/<token>/``. The token is a
``TimestampSigner(salt="concerns.office")`` signature over ``"<concern pk>:<office pk>"``:
nobody can make one for another concern or office without ``SECRET_KEY``.

The link works only while all of this holds (checked on every request):

- the signature is valid and younger than ``CONCERNS_OFFICE_LINK_DAYS`` (default 14);
- the concern is still passed to *that* office, open (not closed, not merged) and not
  redacted (:func:`familienrathaus.concerns.permissions.office_may_open`);
- the link was made at or after the concern was last passed on: a link from an earlier
  hand-over to the same office stays dead after the concern went elsewhere and came back.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

SALT = "concerns.office"
DEFAULT_DAYS = 14


def valid_days() -> int:
    return int(getattr(settings, "CONCERNS_OFFICE_LINK_DAYS", DEFAULT_DAYS))


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def make_token(concern_id: int, office_id: int) -> str:
    return _signer().sign(f"{concern_id}:{office_id}")


@dataclass(frozen=True)
class Link:
    concern_id: int
    office_id: int
    signed_at: dt.datetime

    @property
    def expires_at(self) -> dt.datetime:
        return self.signed_at + dt.timedelta(days=valid_days())


def read_token(token: str) -> Link | None:
    """The concern and office a token was made for, or None when it is forged, broken or
    expired."""
    signer = _signer()
    try:
        value = signer.unsign(token, max_age=dt.timedelta(days=valid_days()))
        timestamp = signing.b62_decode(token.rsplit(signer.sep, 2)[-2])
        concern_id, office_id = (int(part) for part in value.split(":"))
    except (signing.BadSignature, ValueError):
        return None
    return Link(
        concern_id=concern_id,
        office_id=office_id,
        signed_at=dt.datetime.fromtimestamp(timestamp, tz=dt.UTC),
    )


def made_after(link: Link, handed_over_at: dt.datetime | None) -> bool:
    """The link is not older than the hand-over (timestamps have whole seconds)."""
    if handed_over_at is None:
        return True
    return link.signed_at >= handed_over_at.replace(microsecond=0)
