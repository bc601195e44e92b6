"""The wording people agree to when they subscribe. Change the text: add a new version.

The subscriber's record keeps the version and the text as it was shown (in the
language of the form), so the proof stays readable after the wording has changed.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext_lazy as _

CURRENT_VERSION = "2026-11"

WORDINGS = {
    "2026-11": _(
        "I would like to receive the Familien-Infobrief of %(name)s by e-mail, about four "
        "times a year. My e-mail address is used only for this and is never passed on. I "
        "can unsubscribe at any time with the link in every newsletter."
    ),
}


def wording(version: str, *, alliance_name: str, language: str | None = None) -> str:
    text = WORDINGS.get(version) or WORDINGS[CURRENT_VERSION]
    if language:
        with translation.override(language):
            return str(text) % {"name": alliance_name}
    return str(text) % {"name": alliance_name}
