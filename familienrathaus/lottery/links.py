"""The lottery's links on the holiday programme's pages (``holidays.links``): during the
wish phase to the wishes and the popularity, after a confirmed run to the outcome; on
the coordinator dashboard, from the wish phase on, to the period's lottery page."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from familienrathaus.holidays.links import ProgrammeLink
from familienrathaus.holidays.models import Period
from familienrathaus.lottery import selectors, services


def programme_links(period: Period) -> list[ProgrammeLink]:
    if period.wish_start is None or period.is_archived:
        return []
    slug = period.slug
    if services.wish_phase_open(period):
        end = date_format(timezone.localtime(period.wish_end), "DATETIME_FORMAT")
        return [
            ProgrammeLink(
                _("Enter wishes"),
                reverse("lottery:wishes", args=[slug]),
                hint=_(
                    "Wish phase until %(end)s: name your children's wishes; a fair lottery "
                    "then allocates the places."
                )
                % {"end": end},
                primary=True,
            ),
            ProgrammeLink(
                _("How popular is each occasion?"), reverse("lottery:popularity", args=[slug])
            ),
        ]
    if selectors.confirmed_run(period) is not None:
        return [
            ProgrammeLink(
                _("Lottery outcome: what your children got and why"),
                reverse("lottery:outcome", args=[slug]),
                hint=_("The places of the wish phase have been allocated."),
                primary=True,
            )
        ]
    now = timezone.now()
    if period.wish_start > now:
        start = date_format(timezone.localtime(period.wish_start), "DATETIME_FORMAT")
        return [
            ProgrammeLink(
                _("About the wish phase"),
                reverse("lottery:wishes", args=[slug]),
                hint=_("From %(start)s you can name your children's wishes.") % {"start": start},
            )
        ]
    if period.wish_end and now >= period.wish_end:
        return [
            ProgrammeLink(
                _("Your wishes"),
                reverse("lottery:wishes", args=[slug]),
                hint=_("The wish phase has ended; the places are being allocated."),
            )
        ]
    return []


def backoffice_links(period: Period) -> list[ProgrammeLink]:
    """The coordinator dashboard: the period's lottery (groups, runs, confirmation) once
    its wish phase has begun."""
    if period.wish_start is None or period.wish_start > timezone.now():
        return []
    confirmed = selectors.confirmed_run(period) is not None
    if confirmed:
        hint = _("The lottery's places are confirmed.")
    elif services.wish_phase_open(period):
        hint = _("Wish phase until %(end)s.") % {
            "end": date_format(timezone.localtime(period.wish_end), "DATETIME_FORMAT")
        }
    else:
        hint = _("The wish phase has ended: start a lottery run and confirm it.")
    return [
        ProgrammeLink(
            _("Lottery of the wish phase"),
            reverse("lottery:period", args=[period.slug]),
            hint=hint,
            primary=not period.is_archived and not confirmed,
        )
    ]
