"""Links other apps add to a holiday programme's pages, without the holiday programme
importing them: the lottery adds its wish, popularity and outcome pages.

An app registers a provider in its ``AppConfig.ready()``; a provider gets the period
and returns the links that fit its phase now (none, if nothing fits). The programme
page shows them for its period, the family pages for every programme still visible.
Links for coordinators (e.g. to the lottery's runs) are registered apart with
:func:`register_backoffice` and shown on the coordinator dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.functional import Promise

from familienrathaus.holidays.models import Period


@dataclass(frozen=True)
class ProgrammeLink:
    label: str | Promise
    url: str
    hint: str | Promise = ""
    primary: bool = False


Provider = Callable[[Period], Iterable[ProgrammeLink]]

_providers: list[Provider] = []
_backoffice_providers: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _providers:
        _providers.append(provider)


def register_backoffice(provider: Provider) -> None:
    """A provider of links for the coordinator dashboard of a period."""
    if provider not in _backoffice_providers:
        _backoffice_providers.append(provider)


def backoffice_links_for(period: Period) -> list[ProgrammeLink]:
    return [link for provider in _backoffice_providers for link in provider(period)]


def links_for(period: Period) -> list[ProgrammeLink]:
    return [link for provider in _providers for link in provider(period)]


@dataclass(frozen=True)
class PeriodLinks:
    period: Period
    links: list[ProgrammeLink]


def links_for_periods(periods: Iterable[Period]) -> list[PeriodLinks]:
    """The programmes that have links now, each with its links."""
    found = [PeriodLinks(period, links_for(period)) for period in periods]
    return [entry for entry in found if entry.links]
