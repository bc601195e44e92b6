"""Reads of the lottery: popularity, a family's wishes, previews and explanations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.conf import settings
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from familienrathaus.holidays import services as holiday_services
from familienrathaus.holidays.models import Booking, Child, Occasion, OccasionDate, Period
from familienrathaus.lottery.models import Outcome, PriorityGroup, Run, Ticket, Wish


def wish_periods() -> QuerySet[Period]:
    """Programmes with a wish phase."""
    return Period.objects.filter(wish_start__isnull=False, is_archived=False)


@dataclass
class Popularity:
    wishes: int
    places: int

    @property
    def ratio(self) -> float:
        return self.wishes / self.places if self.places else 0.0


def popularity(period: Period) -> dict[int, Popularity]:
    """Wishes per place of every occasion of the period that has wishes."""
    counts = dict(
        Wish.objects.filter(period=period)
        .values_list("occasion_id")
        .annotate(n=Count("pk"))
        .values_list("occasion_id", "n")
    )
    places = dict(Occasion.objects.filter(activity__period=period).values_list("pk", "max_places"))
    return {pk: Popularity(counts.get(pk, 0), places[pk]) for pk in places}


def occasion_labels(
    occasion_ids: set[int] | None = None, period: Period | None = None
) -> dict[int, str]:
    """ "Title (first day)" per occasion, in two queries."""
    queryset = Occasion.objects.all()
    if occasion_ids is not None:
        queryset = queryset.filter(pk__in=occasion_ids)
    if period is not None:
        queryset = queryset.filter(activity__period=period)
    titles = dict(queryset.values_list("pk", "activity__title"))
    starts: dict[int, datetime] = dict(
        OccasionDate.objects.filter(occasion_id__in=queryset.values("pk"))
        .values_list("occasion_id")
        .annotate(first=Min("starts"))
        .values_list("occasion_id", "first")
    )
    labels = {}
    for pk, title in titles.items():
        start = starts.get(pk)
        if start is None:
            labels[pk] = title
        else:
            day = date_format(timezone.localtime(start), "SHORT_DATE_FORMAT")
            labels[pk] = f"{title} ({day})"
    return labels


@dataclass(frozen=True)
class WishOption:
    """An occasion as the wish form offers it: when, what it costs, where the details are."""

    pk: int
    title: str
    when: str
    fee: str
    url: str

    @property
    def label(self) -> str:
        return f"{self.title}, {self.when}, {self.fee}"


def wish_options(occasions: list[Occasion]) -> list[WishOption]:
    """Options of the wish form; ``occasions`` come with ``activity`` selected and
    ``dates`` prefetched (no further query)."""
    options = []
    for occasion in occasions:
        parts = []
        for span in occasion.dates.all():
            starts, ends = timezone.localtime(span.starts), timezone.localtime(span.ends)
            day = date_format(starts, "D d.m.")
            if starts.date() == ends.date():
                parts.append(f"{day} {starts:%H:%M}–{ends:%H:%M}")
            else:
                parts.append(f"{day} {starts:%H:%M} – {date_format(ends, 'D d.m.')} {ends:%H:%M}")
        fee = f"{number_format(occasion.fee, 2)} €" if occasion.fee else _("free of charge")
        options.append(
            WishOption(
                pk=occasion.pk,
                title=occasion.activity.title,
                when="; ".join(parts),
                fee=str(fee),
                url=f"{occasion.activity.get_absolute_url()}#termin-{occasion.pk}",
            )
        )
    return options


@dataclass
class ChildWishes:
    child: Child
    wishes: list[Wish]


def family_wishes(user: Any, period: Period) -> list[ChildWishes]:
    children = list(Child.objects.filter(family=user).order_by("first_name", "pk"))
    wishes: dict[int, list[Wish]] = defaultdict(list)
    for wish in (
        Wish.objects.filter(period=period, child__in=children)
        .select_related("occasion__activity")
        .prefetch_related("occasion__dates")
        .order_by("rank")
    ):
        wishes[wish.child_id].append(wish)
    return [ChildWishes(child, wishes.get(child.pk, [])) for child in children]


def confirmed_run(period: Period) -> Run | None:
    return Run.objects.filter(period=period, status=Run.Status.CONFIRMED).first()


def runs_of(period: Period) -> QuerySet[Run]:
    return Run.objects.filter(period=period).select_related("created_by", "confirmed_by")


def groups_of(period: Period) -> QuerySet[PriorityGroup]:
    return PriorityGroup.objects.filter(period=period).annotate(members=Count("children"))


# --------------------------------------------------------------------------- outcome


@dataclass
class ChildOutcome:
    child_id: int
    name: str
    headline: str
    lines: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    number: int | None = None
    priority: bool = False


@dataclass
class FamilyOutcome:
    email: str
    name: str
    children: list[ChildOutcome]
    language: str = settings.LANGUAGE_CODE  # the family's: its mail is written in it


def _line(row: dict[str, Any], name: str, labels: dict[int, str]) -> str:
    values = {
        "rank": row["rank"],
        "occasion": labels.get(row["occasion_id"], "?"),
        "other": labels.get(row["blocking_id"] or 0, "?"),
        "name": name,
        "position": row["waitlist_position"],
    }
    reason = row["reason"]
    if reason == Outcome.Reason.ACCEPTED:
        return _("Wish %(rank)s, %(occasion)s: %(name)s got a place.") % values
    if reason == Outcome.Reason.FULL and row["waitlist_position"]:
        return (
            _(
                "Wish %(rank)s, %(occasion)s, was fully booked; %(name)s is number "
                "%(position)s on the waiting list."
            )
            % values
        )
    if reason == Outcome.Reason.FULL:
        return _("Wish %(rank)s, %(occasion)s, was fully booked.") % values
    if reason == Outcome.Reason.OVERLAP:
        return (
            _(
                "Wish %(rank)s, %(occasion)s, is at the same time as %(other)s, where "
                "%(name)s got a place."
            )
            % values
        )
    if reason == Outcome.Reason.DAY:
        return (
            _(
                "Wish %(rank)s, %(occasion)s, is on the same day as %(other)s, where "
                "%(name)s got a place (one activity per day)."
            )
            % values
        )
    if reason == Outcome.Reason.ACTIVITY:
        return (
            _(
                "Wish %(rank)s, %(occasion)s: %(name)s got the same activity on another "
                "date, %(other)s."
            )
            % values
        )
    if reason == Outcome.Reason.LIMIT:
        return (
            _(
                "Wish %(rank)s, %(occasion)s: %(name)s already got as many places as the "
                "programme allows per child."
            )
            % values
        )
    if reason == Outcome.Reason.GROUP:
        return (
            _(
                "Wish %(rank)s, %(occasion)s: the group of the group code could not get "
                "places there together."
            )
            % values
        )
    if reason == Outcome.Reason.AGE:
        return _("Wish %(rank)s, %(occasion)s: %(name)s is not the right age for it.") % values
    if reason == Outcome.Reason.DUPLICATE:
        return _("Wish %(rank)s, %(occasion)s: %(name)s is already booked there.") % values
    return _("Wish %(rank)s, %(occasion)s, was cancelled or could not be offered.") % values


def _headline(name: str, rows: list[dict[str, Any]]) -> str:
    got = [r for r in rows if r["accepted"]]
    if not got:
        return _("%(name)s did not get a place.") % {"name": name}
    if any(r["rank"] == 1 for r in got):
        return ngettext(
            "%(name)s got %(count)s place, including the first wish.",
            "%(name)s got %(count)s places, including the first wish.",
            len(got),
        ) % {"name": name, "count": len(got)}
    best = min(r["rank"] for r in got)
    return ngettext(
        "%(name)s got %(count)s place; the best is wish %(rank)s.",
        "%(name)s got %(count)s places; the best is wish %(rank)s.",
        len(got),
    ) % {"name": name, "count": len(got), "rank": best}


OUTCOME_FIELDS = (
    "child_id",
    "occasion_id",
    "rank",
    "accepted",
    "reason",
    "waitlist_position",
    "blocking_id",
)


def _outcomes(
    run: Run, rows: list[dict[str, Any]], names: dict[int, str], live: bool
) -> dict[int, ChildOutcome]:
    labels = occasion_labels(
        {r["occasion_id"] for r in rows} | {r["blocking_id"] for r in rows if r["blocking_id"]}
    )
    if live and run.status == Run.Status.CONFIRMED:
        # After the confirmation the waiting list moves: show today's position.
        waiting = {
            (b.child_id, b.occasion_id): b
            for b in Booking.objects.filter(
                child_id__in=names,
                occasion__activity__period_id=run.period_id,
                status=Booking.Status.WAITLISTED,
            )
        }
        for row in rows:
            booking = waiting.get((row["child_id"], row["occasion_id"]))
            if row["reason"] == Outcome.Reason.FULL:
                row["waitlist_position"] = (
                    holiday_services.waitlist_position(booking) if booking else None
                )
    tickets = dict(
        Ticket.objects.filter(run=run, child_id__in=names).values_list("child_id", "number")
    )
    priority = set(
        Ticket.objects.filter(run=run, child_id__in=names, priority=True).values_list(
            "child_id", flat=True
        )
    )
    per_child: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        per_child[row["child_id"]].append(row)
    result = {}
    for child_id, name in names.items():
        mine = sorted(per_child.get(child_id, []), key=lambda r: r["rank"])
        if not mine:
            continue
        result[child_id] = ChildOutcome(
            child_id=child_id,
            name=name,
            headline=_headline(name, mine),
            lines=[_line(r, name, labels) for r in mine],
            places=[labels.get(r["occasion_id"], "?") for r in mine if r["accepted"]],
            number=tickets.get(child_id),
            priority=child_id in priority,
        )
    return result


def child_outcome(run: Run, child: Child, *, live: bool = True) -> ChildOutcome | None:
    rows = list(Outcome.objects.filter(run=run, child=child).values(*OUTCOME_FIELDS))
    return _outcomes(run, rows, {child.pk: child.first_name}, live).get(child.pk)


def family_outcomes(run: Run, user: Any) -> list[ChildOutcome]:
    names = dict(Child.objects.filter(family=user).values_list("pk", "first_name"))
    rows = list(Outcome.objects.filter(run=run, child_id__in=names).values(*OUTCOME_FIELDS))
    found = _outcomes(run, rows, names, live=True)
    return [found[pk] for pk in sorted(found, key=lambda pk: names[pk])]


def families_of_run(run: Run) -> list[FamilyOutcome]:
    """Every family with a child in the run, with the outcome per child (stored
    waiting-list positions: the mail goes out right after the confirmation)."""
    children = list(
        Child.objects.filter(lottery_tickets__run=run).values_list(
            "pk", "first_name", "family__email", "family__name", "family__language"
        )
    )
    names = {pk: first for pk, first, _e, _n, _l in children}
    rows = list(Outcome.objects.filter(run=run).values(*OUTCOME_FIELDS))
    outcomes = _outcomes(run, rows, names, live=False)
    families: dict[str, FamilyOutcome] = {}
    for pk, _first, email, family_name, language in sorted(children, key=lambda c: (c[2], c[1])):
        if pk not in outcomes:
            continue
        family = families.setdefault(
            email, FamilyOutcome(email, family_name or "", [], language or settings.LANGUAGE_CODE)
        )
        family.children.append(outcomes[pk])
    return list(families.values())


# --------------------------------------------------------------------------- preview


@dataclass
class OccasionRow:
    pk: int
    label: str
    capacity: int
    taken: int
    wishes: int
    fill: float
    below_minimum: bool


def preview_occasions(run: Run) -> list[OccasionRow]:
    figures = run.summary.get("figures") or {}
    rows = figures.get("occasions") or []
    labels = occasion_labels(period=run.period)
    result = [
        OccasionRow(
            pk=int(r["id"]),
            label=labels.get(int(r["id"]), r["id"]),
            capacity=r["capacity"],
            taken=r["taken"],
            wishes=r["wishes"],
            fill=r["fill"],
            below_minimum=r["below_minimum"],
        )
        for r in rows
        if r["wishes"]
    ]
    return sorted(result, key=lambda r: (-r.wishes / max(1, r.capacity), r.label))


def children_of_period(period: Period, query: str = "") -> QuerySet[Child]:
    queryset = Child.objects.filter(lottery_wishes__period=period).distinct()
    if query:
        for word in query.split():
            queryset = queryset.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return queryset.order_by("last_name", "first_name", "pk")


def outcome_rows(run: Run) -> list[list[Any]]:
    """One row per wish of the run, for the coordinators' download."""
    reasons = dict(Outcome.Reason.choices)
    labels = occasion_labels(period=run.period)
    tickets = {
        t.child_id: t for t in Ticket.objects.filter(run=run).only("child_id", "number", "priority")
    }
    rows = []
    for o in (
        Outcome.objects.filter(run=run)
        .select_related("child__family")
        .order_by("child__last_name", "child__first_name", "child_id", "rank")
    ):
        ticket = tickets.get(o.child_id)
        rows.append(
            [
                f"{o.child.first_name} {o.child.last_name}",
                o.child.family.email,
                ticket.number if ticket else "",
                _("yes") if ticket and ticket.priority else "",
                o.rank,
                labels.get(o.occasion_id, ""),
                str(reasons.get(o.reason, o.reason)),
                o.waitlist_position or "",
            ]
        )
    return rows
