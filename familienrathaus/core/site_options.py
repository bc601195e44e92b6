"""What an alliance's site offers, read on every page: its languages and the parts of the
site it does not use (``SiteSettings.languages``, ``SiteSettings.disabled_apps``).

Both are read once per alliance and process and kept on the ``Alliance`` object that
``core.tenancy.for_host`` remembers for its host (so a page asks no query for them); a
change of the site settings makes this process forget its hosts, the others see it
within ``tenancy.HOST_SECONDS``. A task or command loads its alliance afresh.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models.signals import post_save

from familienrathaus.core import tenancy
from familienrathaus.core.models import SiteSettings

_MEMO = "_frh_site_options"


@dataclass(frozen=True)
class Options:
    # The offered language codes, in the order of settings.LANGUAGES; German always.
    languages: tuple[str, ...]
    # App labels of the parts the alliance does not use (core.parts).
    disabled: frozenset[str]


def all_languages() -> tuple[str, ...]:
    return tuple(code for code, _name in settings.LANGUAGES)


def _options(languages: Any, disabled: Any) -> Options:
    chosen = set(languages or []) | {settings.LANGUAGE_CODE}
    codes = all_languages()
    offered = tuple(code for code in codes if code in chosen) if languages else codes
    return Options(languages=offered, disabled=frozenset(disabled or []))


def options() -> Options:
    """The active alliance's options; everything offered when none is active."""
    alliance = tenancy.current()
    if alliance is None:
        return _options([], [])
    known = alliance.__dict__.get(_MEMO)
    if known is None:
        row = SiteSettings.objects.values_list("languages", "disabled_apps").first()
        known = _options(*(row or ([], [])))
        alliance.__dict__[_MEMO] = known
    return known


def forget(instance: SiteSettings, created: bool = False, **_kwargs: Any) -> None:
    """After a change of the site settings: read them again. A new row that offers
    everything (the first page of a new alliance makes it) changes nothing."""
    if created and not instance.languages and not instance.disabled_apps:
        return
    alliance = tenancy.current()
    if alliance is not None:
        alliance.__dict__.pop(_MEMO, None)
    tenancy.forget_hosts()


post_save.connect(forget, sender=SiteSettings, dispatch_uid="site_options.forget")
