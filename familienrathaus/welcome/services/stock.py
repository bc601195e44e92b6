"""The package stock: items, goods received, corrections, and taking items for a package.

Quantities never go below zero. Every change locks the item rows it touches
(``SELECT … FOR UPDATE`` on PostgreSQL; on SQLite our transactions begin with
``BEGIN IMMEDIATE``, so writers queue anyway), reads the quantity inside the lock and
writes a :class:`StockMovement` next to the new quantity: the movements are the item's
history, the quantity is what is on the shelf. Two coordinators packing the last
package at the same moment: one gets it, the other is told which item ran out.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from familienrathaus.core import audit
from familienrathaus.core.models import User
from familienrathaus.welcome.models import Registration, StockItem, StockMovement

ITEM_FIELDS = ["name", "version", "language", "warn_below", "per_package", "active", "position"]


class StockOut(ValidationError):
    """Not enough of one or more items for the package; the message names them."""

    def __init__(self, items: list[StockItem]) -> None:
        self.items = items
        names = ", ".join(f"{item.name} ({item.quantity})" for item in items)
        super().__init__(
            _("Not enough in stock for this package: %(items)s. Book the goods received first.")
            % {"items": names},
            code="stock_out",
        )


def matching(*, version: str, language: str) -> Any:
    """The active items that go into a package of ``version`` (first-born or sibling)
    in ``language``: items for both versions, and items without a language or in it."""
    return StockItem.objects.filter(
        Q(version=version) | Q(version=StockItem.For.BOTH),
        Q(language="") | Q(language=language),
        active=True,
    ).order_by("pk")


def save_item(*, actor: User, item: StockItem | None, values: dict[str, Any]) -> StockItem:
    """Create an item (with its starting quantity) or change its description."""
    with transaction.atomic():
        creating = item is None
        if item is None:
            item = StockItem(quantity=0)
        before = audit.snapshot(item, ITEM_FIELDS)
        for name in ITEM_FIELDS:
            if name in values:
                setattr(item, name, values[name])
        item.full_clean()
        item.save()
        start = int(values.get("quantity") or 0) if creating else 0
        if start:
            _change(item=item, change=start, reason=_("Starting quantity"), actor=actor)
        audit.record(
            actor=actor,
            action="welcome.stock.create" if creating else "welcome.stock.change",
            obj=item,
            changes=audit.diff(before, audit.snapshot(item, ITEM_FIELDS)),
        )
    return item


def receive(*, actor: User, item: StockItem, quantity: int, reason: str = "") -> StockItem:
    """Goods received: ``quantity`` more on the shelf."""
    if quantity <= 0:
        raise ValidationError({"quantity": _("Enter how many pieces arrived (at least 1).")})
    with transaction.atomic():
        locked = StockItem.objects.select_for_update().get(pk=item.pk)
        _change(item=locked, change=quantity, reason=reason or _("Goods received"), actor=actor)
        audit.record(
            actor=actor,
            action="welcome.stock.receive",
            obj=locked,
            changes={"quantity": {"before": locked.quantity - quantity, "after": locked.quantity}},
        )
    return locked


def correct(*, actor: User, item: StockItem, change: int, reason: str) -> StockItem:
    """A correction after counting the shelf (``change`` may be negative), with a reason."""
    if not change:
        raise ValidationError({"change": _("Enter a change other than 0.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the stock is corrected.")})
    with transaction.atomic():
        locked = StockItem.objects.select_for_update().get(pk=item.pk)
        if locked.quantity + change < 0:
            raise ValidationError(
                {
                    "change": _("Only %(count)s are in stock; the stock cannot go below 0.")
                    % {"count": locked.quantity}
                }
            )
        before = locked.quantity
        _change(item=locked, change=change, reason=reason.strip(), actor=actor)
        audit.record(
            actor=actor,
            action="welcome.stock.correct",
            obj=locked,
            changes={"quantity": {"before": before, "after": locked.quantity}, "reason": reason},
        )
    return locked


def take_for_package(
    *, actor: User, registration: Registration, version: str, language: str
) -> list[StockMovement]:
    """Take one package's items off the shelf for ``registration``, all or none.

    Call inside the transaction of the step that prepares the package. Raises
    :class:`StockOut` naming every item of which there is too little."""
    with transaction.atomic():
        items = list(matching(version=version, language=language).select_for_update())
        short = [item for item in items if item.quantity < item.per_package]
        if short:
            raise StockOut(short)
        return [
            _change(
                item=item,
                change=-item.per_package,
                reason=_("Package %(reference)s") % {"reference": registration.reference},
                actor=actor,
                registration=registration,
            )
            for item in items
        ]


def put_back(*, actor: User, registration: Registration) -> list[StockMovement]:
    """A prepared package that is not handed out (declined): its items go back."""
    with transaction.atomic():
        taken: dict[int, int] = {}
        for movement in StockMovement.objects.filter(registration=registration):
            taken[movement.item_id] = taken.get(movement.item_id, 0) + movement.change
        out = {pk: -change for pk, change in taken.items() if change < 0}
        items = StockItem.objects.select_for_update().filter(pk__in=out).order_by("pk")
        return [
            _change(
                item=item,
                change=out[item.pk],
                reason=_("Back from package %(reference)s") % {"reference": registration.reference},
                actor=actor,
                registration=registration,
            )
            for item in items
        ]


def _change(
    *,
    item: StockItem,
    change: int,
    reason: str,
    actor: User | None,
    registration: Registration | None = None,
) -> StockMovement:
    """Inside the item's lock: the new quantity and its movement."""
    item.quantity += change
    StockItem.objects.filter(pk=item.pk).update(quantity=item.quantity)
    return StockMovement.objects.create(
        item=item,
        change=change,
        reason=reason[:200],
        registration=registration,
        by=actor if actor is not None and actor.is_authenticated else None,
    )
