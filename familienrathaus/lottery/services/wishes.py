"""Writes of the lottery's wishes and priority groups."""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.holidays import rules
from familienrathaus.holidays.models import (
    Activity,
    Child,
    Occasion,
    Period,
    ReductionClaim,
)
from familienrathaus.lottery import permissions
from familienrathaus.lottery.models import PriorityGroup, Run, Ticket, Wish

logger = logging.getLogger(__name__)

GROUP_CODE = re.compile(r"^[A-Z0-9-]{3,30}$")


# --------------------------------------------------------------------------- wishes


def wish_phase_open(period: Period) -> bool:
    return period.phase == Period.Phase.WISHES


def wishable_occasions(period: Period, child: Child) -> list[Occasion]:
    """Occasions of the period the child may wish: published, not cancelled, its age."""
    occasions = (
        Occasion.objects.filter(
            activity__period=period,
            activity__status=Activity.Status.PUBLISHED,
            cancelled_at__isnull=True,
        )
        .select_related("activity")
        .prefetch_related("dates")
        .order_by("activity__title", "pk")
    )
    return [o for o in occasions if rules.child_fits_occasion(child, o)]


def normalise_group_code(value: str) -> str:
    return re.sub(r"\s+", "", value or "").upper()


def new_group_code() -> str:
    """A code a family can pass on to friends (no 0/O, 1/I to misread)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    raw = "".join(secrets.choice(alphabet) for _i in range(8))
    return f"{raw[:4]}-{raw[4:]}"


def save_wishes(
    *,
    actor: User,
    period: Period,
    child: Child,
    entries: Sequence[tuple[int | None, str]],
) -> list[Wish]:
    """Replace the child's wishes in the period by ``entries`` (occasion id or None,
    group code), in order of preference. Raises ``ValidationError`` with a message per
    problem, ``PermissionDenied`` for someone else's child."""
    if not permissions.may_wish_for(actor, child):
        raise PermissionDenied
    if not wish_phase_open(period):
        raise ValidationError(_("The wish phase of this programme is not open."), code="closed")
    chosen = [(pk, normalise_group_code(code)) for pk, code in entries if pk]
    errors: list[str] = []
    if len(chosen) > period.wishes_per_child:
        errors.append(_("At most %(count)s wishes per child.") % {"count": period.wishes_per_child})
    ids = [pk for pk, _code in chosen]
    if len(set(ids)) != len(ids):
        errors.append(_("Each occasion can be wished only once."))
    allowed = {o.pk: o for o in wishable_occasions(period, child)}
    if any(pk not in allowed for pk in ids):
        errors.append(_("One of the occasions cannot be wished for this child."))
    if any(code and not GROUP_CODE.match(code) for _pk, code in chosen):
        errors.append(
            _("A group code has 3 to 30 letters, digits or hyphens, e.g. %(example)s.")
            % {"example": "K7QF-2MXA"}
        )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The child row serialises two tabs of one family.
        Child.objects.select_for_update().get(pk=child.pk)
        existing = Wish.objects.filter(period=period, child=child).order_by("rank")
        # The audit log notes that a group code was given, never the code (issue 13).
        before = [f"{w.rank}: {w.occasion_id}" + " (group)" * bool(w.group_code) for w in existing]
        existing.delete()
        wishes = []
        for rank, (pk, code) in enumerate(chosen, start=1):
            wish = Wish(
                period=period, child=child, occasion=allowed[pk], rank=rank, group_code=code
            )
            wish.full_clean(exclude=["period", "child", "occasion"])
            wishes.append(wish)
        Wish.objects.bulk_create(wishes)
        after = [f"{w.rank}: {w.occasion_id}" + " (group)" * bool(w.group_code) for w in wishes]
        audit.record(
            actor=actor,
            action="lottery.wishes.save",
            obj=child,
            changes=audit.diff({"wishes": "; ".join(before)}, {"wishes": "; ".join(after)}),
        )
    return wishes


# ------------------------------------------------------------------- priority groups


def save_group(*, actor: User, group: PriorityGroup) -> PriorityGroup:
    fields = ["name", "kind"]
    before = audit.snapshot(PriorityGroup.objects.get(pk=group.pk), fields) if group.pk else {}
    group.full_clean()
    with transaction.atomic():
        group.save()
        audit.record(
            actor=actor,
            action="lottery.group.save",
            obj=group,
            changes=audit.diff(before, audit.snapshot(group, fields)),
        )
    return group


def set_child_groups(
    *, actor: User, period: Period, child: Child, groups: Iterable[PriorityGroup]
) -> None:
    """Put the child into exactly ``groups`` among the period's manual groups."""
    wanted = {g.pk for g in groups if g.period_id == period.pk}
    manual = PriorityGroup.objects.filter(period=period, kind=PriorityGroup.Kind.MANUAL)
    with transaction.atomic():
        before, after = [], []
        for group in manual:
            member = group.children.filter(pk=child.pk).exists()
            if member:
                before.append(group.name)
            if group.pk in wanted:
                group.children.add(child)
                after.append(group.name)
            elif member:
                group.children.remove(child)
        audit.record(
            actor=actor,
            action="lottery.group.members",
            obj=child,
            changes=audit.diff({"groups": ", ".join(before)}, {"groups": ", ".join(after)}),
        )


def group_members(group: PriorityGroup) -> set[int]:
    """Ids of the children in a priority group (manual or computed by its kind)."""
    if group.kind == PriorityGroup.Kind.MANUAL:
        return set(group.children.values_list("pk", flat=True))
    if group.kind == PriorityGroup.Kind.REDUCTION:
        families = ReductionClaim.objects.filter(
            period=group.period, status=ReductionClaim.Status.APPROVED
        ).values("family_id")
        return set(Child.objects.filter(family_id__in=families).values_list("pk", flat=True))
    earlier = (
        Run.objects.filter(
            status=Run.Status.CONFIRMED,
            period__holiday_start__lt=group.period.holiday_start,
        )
        .order_by("-period__holiday_start")
        .first()
    )
    if earlier is None:
        return set()
    return set(Ticket.objects.filter(run=earlier, places=0).values_list("child_id", flat=True))
