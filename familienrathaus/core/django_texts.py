"""Django's own texts that we word more clearly in German.

Like :mod:`familienrathaus.core.allauth_sie`: listing Django's msgids here with
``gettext_noop`` makes ``makemessages`` put them into our catalog (familienrathaus/locale),
and ``LOCALE_PATHS`` takes precedence over Django's catalogs, so our wording wins.
Each msgid must match Django's byte for byte.

- "Enter a valid URL." (every website field): Django's German "Bitte eine gültige
  Adresse eingeben." leaves people guessing what is wrong with "www.example.org" or
  "example.org/seite"; ours says what a complete address looks like.

This module is never imported; it exists for ``makemessages`` only.
"""

from django.utils.translation import gettext_noop

MSGIDS: tuple[str, ...] = (gettext_noop("Enter a valid URL."),)
