"""Handing out limited places: the one mechanism behind event registration and holiday
booking.

A *pool* is the row that owns the places (an event occurrence, a holiday occasion).
Whoever takes, frees or moves places locks the pool row for one short transaction,
counts what is taken from the booking rows themselves (no counter to drift) and writes
before the lock is released. Requests for the same pool therefore queue up one behind
the other in arrival order, which is also the order of the waiting list; requests for
other pools do not wait on each other (on PostgreSQL).

The waiting list is served strictly in order ("first come, first served"), the same in
every app:

- While anyone waits, a newcomer joins the waiting list even if places are free on
  paper: those places are held for the requests already waiting (``reserve(waiting=…)``;
  :func:`free_for_newcomers` is what a public page shows).
- A freed place goes to the first waiting request (:func:`next_in_line`). If that one
  needs more places than are free (a family of four, two places free), the places stay
  held for it and nobody behind it jumps the queue. Only a request the app's rules no
  longer allow at all (``eligible``: a child who got another place at that time
  meanwhile) is passed over; it keeps its position.
- Why not "the next request that fits": it lets a single person overtake a family again
  and again, and families are who this platform is for. Strict order is also what people
  are told ("Sie sind Nr. 2 auf der Warteliste"), and a position that can be overtaken
  would be a broken promise.

- PostgreSQL: ``SELECT … FOR UPDATE`` on the pool row, with ``SET LOCAL lock_timeout``
  so that a request stuck behind a long queue ends in :class:`CapacityBusy`, which views
  turn into a friendly "please try again" rather than a server error.
- SQLite: our connections begin every transaction with ``BEGIN IMMEDIATE``, so writers
  are serialised for the whole database anyway; a writer that cannot get the lock within
  the connection's busy timeout raises "database is locked", also :class:`CapacityBusy`.

:func:`unprotected` switches the lock off. It exists only so that a concurrency test
can first show the race the lock prevents; nothing else may use it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import TypeVar

from django.db import OperationalError, connection, models, transaction

LOCK_TIMEOUT_MS = 5000

M = TypeVar("M", bound=models.Model)
R = TypeVar("R")
T = TypeVar("T")

_protected: ContextVar[bool] = ContextVar("capacity_protected", default=True)


class CapacityBusy(Exception):
    """Too many people are taking places of this pool at this moment; try again."""


@contextlib.contextmanager
def unprotected() -> Iterator[None]:
    """Turn the pool lock off in this context (for the concurrency test only)."""
    token = _protected.set(False)
    try:
        yield
    finally:
        _protected.reset(token)


def is_protected() -> bool:
    """False inside :func:`unprotected`: a caller that reads before it locks (to show
    the race in its own concurrency test) asks this."""
    return _protected.get()


def _is_lock_failure(exc: OperationalError) -> bool:
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    # 55P03 lock_not_available (lock_timeout), 40P01 deadlock, 40001 serialization.
    if sqlstate in {"55P03", "40P01", "40001"}:
        return True
    return "database is locked" in str(exc) or "database table is locked" in str(exc)


@contextlib.contextmanager
def locked(model: type[M], pk: object) -> Iterator[M]:
    """Lock the pool row ``model(pk)`` for one transaction and yield it, fresh from the
    database. Everything that takes, frees or moves places of the pool happens inside.
    Raises ``model.DoesNotExist`` or :class:`CapacityBusy`."""
    try:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(f"SET LOCAL lock_timeout = {int(LOCK_TIMEOUT_MS)}")
            queryset = model._default_manager.all()
            if _protected.get():
                queryset = queryset.select_for_update()
            yield queryset.get(pk=pk)
    except OperationalError as exc:
        if _is_lock_failure(exc):
            raise CapacityBusy from exc
        raise


def reserve(
    model: type[M],
    pk: object,
    *,
    places: Callable[[M], int | None],
    taken: Callable[[M], int],
    create: Callable[[M, bool], R],
    seats: int = 1,
    waiting: Callable[[M], int] | None = None,
) -> R:
    """Take ``seats`` places of the pool if they are free.

    ``places(pool)`` is the limit (None: unlimited), ``taken(pool)`` counts the places
    already taken, ``waiting(pool)`` the requests on the waiting list, and
    ``create(pool, fits)`` writes the booking, confirmed when ``fits`` and otherwise on
    the waiting list (or refuses by raising). ``fits`` is False while anyone waits: the
    free places are held for the waiting list. All of them run inside the pool's lock."""

    def decide(pool: M) -> bool:
        free = free_for_newcomers(
            places=places(pool), taken=taken(pool), waiting=waiting(pool) if waiting else 0
        )
        return free is None or seats <= free

    if not _protected.get():
        # The race the lock prevents: decide on a count that is stale by the time we write.
        pool = model._default_manager.get(pk=pk)
        fits = decide(pool)
        _between_count_and_write()
        with transaction.atomic():
            return create(pool, fits)
    with locked(model, pk) as pool:
        return create(pool, decide(pool))


def free_for_newcomers(*, places: int | None, taken: int, waiting: int = 0) -> int | None:
    """The places a new request can take: None when unlimited, 0 while anyone waits
    (free places are held for the waiting list), else the places not taken."""
    if places is None:
        return None
    if waiting:
        return 0
    return max(0, places - taken)


def next_in_line(
    queue: Iterable[T],
    *,
    free: int | None,
    seats: Callable[[T], int] = lambda _request: 1,
    eligible: Callable[[T], bool] = lambda _request: True,
) -> list[T]:
    """Inside the pool's lock: the waiting requests (``queue``, in arrival order) that
    the ``free`` places (None: unlimited) go to now, strictly in order. Stops at the
    first request that needs more places than are left: they stay held for it. A request
    that is not ``eligible`` (the app's rules no longer allow it) is passed over."""
    chosen: list[T] = []
    for request in queue:
        if free is not None and free <= 0:
            break
        if not eligible(request):
            continue
        need = seats(request)
        if free is not None and need > free:
            break
        chosen.append(request)
        if free is not None:
            free -= need
    return chosen


def _between_count_and_write() -> None:
    """A hook for the concurrency test to widen the race window when unprotected."""
