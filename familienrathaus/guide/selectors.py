"""Reads of the printed guide: the offers that go into it and the builds."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from familienrathaus.core.models import Audience, Theme
from familienrathaus.guide.models import GuideBuild
from familienrathaus.offers.models import Offer, OfferLocation, OfferTime


def published_offers(
    *, theme: Theme | None = None, audience: Audience | None = None
) -> QuerySet[Offer]:
    """Published offers that are still valid, with everything an entry shows."""
    today = timezone.localdate()
    offers = Offer.objects.filter(status=Offer.Status.PUBLISHED).filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today)
    )
    if theme is not None:
        offers = offers.filter(themes=theme)
    if audience is not None:
        offers = offers.filter(audiences=audience)
    return (
        offers.select_related("organisation")
        .prefetch_related(
            "themes",
            "languages",
            Prefetch("times", queryset=OfferTime.objects.order_by("weekday", "opens")),
            Prefetch("locations", queryset=OfferLocation.objects.order_by("pk")),
        )
        .order_by("title", "pk")
    )


def builds() -> QuerySet[GuideBuild]:
    return GuideBuild.objects.select_related("requested_by", "theme", "audience")


def build_in_progress(
    *, scope: str, theme: Theme | None = None, audience: Audience | None = None
) -> GuideBuild | None:
    """A build of the same guide that is still waiting or running, if any."""
    return (
        GuideBuild.objects.filter(
            scope=scope,
            theme=theme,
            audience=audience,
            status__in=[GuideBuild.Status.QUEUED, GuideBuild.Status.RUNNING],
        )
        .order_by("-created_at")
        .first()
    )


def latest_done(*, scope: str, theme_slug: str = "", audience_slug: str = "") -> GuideBuild | None:
    """The newest finished file of a guide, for the public download."""
    done = GuideBuild.objects.filter(scope=scope, status=GuideBuild.Status.DONE).exclude(file="")
    if scope == GuideBuild.Scope.THEME:
        done = done.filter(theme__slug=theme_slug)
    elif scope == GuideBuild.Scope.AUDIENCE:
        done = done.filter(audience__slug=audience_slug)
    return done.order_by("-finished_at", "-pk").first()


def published_downloads() -> list[GuideBuild]:
    """The newest finished build of each guide: what the public download URLs serve."""
    latest: dict[tuple[int, str, int | None, int | None], GuideBuild] = {}
    done = (
        GuideBuild.objects.filter(status=GuideBuild.Status.DONE)
        .exclude(file="")
        .select_related("theme", "audience")
        .order_by("-finished_at", "-pk")
    )
    for build in done:
        if build.scope == GuideBuild.Scope.THEME and build.theme is None:
            continue
        if build.scope == GuideBuild.Scope.AUDIENCE and build.audience is None:
            continue
        # Per alliance too: pruning across alliances keeps each one's newest file.
        key = (build.alliance_id, build.scope, build.theme_id, build.audience_id)
        latest.setdefault(key, build)
    return list(latest.values())
