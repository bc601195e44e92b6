"""Public pages of the event calendar under /veranstaltungen/."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from familienrathaus.core import ratelimit
from familienrathaus.core.capacity import CapacityBusy
from familienrathaus.core.downloads import set_download_name
from familienrathaus.events import (
    gates,
    ical,
    jsonld,
    permissions,
    recurrence,
    selectors,
    services,
)
from familienrathaus.events.forms import FilterForm, RegistrationForm
from familienrathaus.events.models import Event, Occurrence, Registration

PAGE_SIZE = 20


def feed_links(filters: selectors.Filters) -> list[dict[str, str]]:
    """The feeds of a list page, for ``<link rel="alternate">`` and the visible links."""
    query = urlencode(filters.query())
    suffix = f"?{query}" if query else ""
    return [
        {
            "type": "text/calendar",
            "title": _("Events (iCalendar)"),
            "url": reverse("events:feed_ical") + suffix,
            "label": _("Subscribe (iCal)"),
        },
        {
            "type": "application/rss+xml",
            "title": _("Events (RSS)"),
            "url": reverse("events:feed_rss") + suffix,
            "label": "RSS",
        },
        {
            "type": "application/atom+xml",
            "title": _("Events (Atom)"),
            "url": reverse("events:feed_atom") + suffix,
            "label": "Atom",
        },
    ]


def _filters(request: HttpRequest) -> tuple[FilterForm, selectors.Filters]:
    form = FilterForm(request.GET or None)
    form.is_valid()
    return form, selectors.filters_from(request.GET)


def event_list(request: HttpRequest) -> HttpResponse:
    form, filters = _filters(request)
    page = Paginator(selectors.upcoming(filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode(
        {k: v for k, v in request.GET.items() if k != "page" and v}  # keep the filters
    )
    today = timezone.localdate()
    return render(
        request,
        "events/list.html",
        {
            "form": form,
            "page": page,
            "query": query,
            "feeds": feed_links(filters),
            "featured": selectors.featured_upcoming() if not request.GET else [],
            "month_url": reverse("events:month", args=[today.year, today.month]),
            "today_iso": today.isoformat(),
            "total": page.paginator.count,
        },
    )


def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 1900 < year < 2200):
        raise Http404
    form, filters = _filters(request)
    occurrences = selectors.in_month(year, month, filters)
    by_day: dict[dt.date, list[Occurrence]] = {}
    for occurrence in occurrences:
        first = timezone.localtime(occurrence.start).date()
        last = timezone.localtime(occurrence.end).date()
        day = max(first, dt.date(year, month, 1))
        while day <= last and day.month == month:
            by_day.setdefault(day, []).append(occurrence)
            day += dt.timedelta(days=1)
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(year, month):
        weeks.append(
            [{"day": d, "in_month": d.month == month, "items": by_day.get(d, [])} for d in week]
        )
    first = dt.date(year, month, 1)
    previous = first - dt.timedelta(days=1)
    following = first + dt.timedelta(days=32)
    query = urlencode(filters.query())
    return render(
        request,
        "events/month.html",
        {
            "form": form,
            "weeks": weeks,
            "first": first,
            "weekdays": [dt.date(2024, 1, d) for d in range(1, 8)],  # Monday … Sunday
            "previous_url": reverse("events:month", args=[previous.year, previous.month]),
            "next_url": reverse("events:month", args=[following.year, following.month]),
            "query": query,
            "feeds": feed_links(filters),
            "today": timezone.localdate(),
            "count": len(occurrences),
        },
    )


def day(request: HttpRequest, date: str) -> HttpResponse:
    try:
        the_day = dt.date.fromisoformat(date)
    except ValueError as exc:
        raise Http404 from exc
    _form, filters = _filters(request)
    filters.start = filters.end = the_day
    occurrences = list(selectors.upcoming(filters))
    return render(
        request,
        "events/day.html",
        {
            "day": the_day,
            "occurrences": occurrences,
            "previous_url": reverse(
                "events:day", args=[(the_day - dt.timedelta(days=1)).isoformat()]
            ),
            "next_url": reverse("events:day", args=[(the_day + dt.timedelta(days=1)).isoformat()]),
            "month_url": reverse("events:month", args=[the_day.year, the_day.month]),
            "feeds": feed_links(filters),
        },
    )


def _event_or_404(request: HttpRequest, slug: str) -> Event:
    event = selectors.event_by_slug(slug)
    if event is None or not permissions.can_view_event(request.user, event):
        raise Http404
    return event


def detail(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    event = _event_or_404(request, slug)
    dates = selectors.upcoming_dates(event)
    occurrence: Occurrence | None
    if pk is not None:
        occurrence = get_object_or_404(
            Occurrence.objects.select_related("event"), pk=pk, event=event
        )
    else:
        occurrence = dates[0] if dates else event.occurrences.order_by("-start").first()
    data = jsonld.event_data(event, occurrence, absolute=request.build_absolute_uri)
    places_left = (
        services.places_left(occurrence) if occurrence and event.registration_required else None
    )
    return render(
        request,
        "events/detail.html",
        {
            "event": event,
            "occurrence": occurrence,
            "dates": dates,
            "jsonld": jsonld.as_script(data),
            "rule": recurrence.describe(event),
            "places_left": places_left,
            "waiting_count": services.waiting(occurrence) if occurrence and places_left == 0 else 0,
            "registration_open": bool(occurrence and occurrence.registration_open()),
            "preview": event.status != Event.Status.PUBLISHED,
            "feeds": feed_links(selectors.Filters()),
        },
    )


def event_ics(request: HttpRequest, slug: str) -> HttpResponse:
    event = _event_or_404(request, slug)
    response = HttpResponse(
        ical.feed([event], name=event.title), content_type="text/calendar; charset=utf-8"
    )
    set_download_name(response, f"{event.slug[:80]}.ics")
    return response


def occurrence_ics(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event_or_404(request, slug)
    occurrence = get_object_or_404(Occurrence, pk=pk, event=event)
    response = HttpResponse(
        ical.occurrence_file(occurrence), content_type="text/calendar; charset=utf-8"
    )
    stamp = timezone.localtime(occurrence.start).strftime("%Y-%m-%d")
    set_download_name(response, f"{event.slug[:70]}-{stamp}.ics")
    return response


def _rate_ok(request: HttpRequest) -> bool:
    limit = getattr(settings, "EVENTS_REGISTRATION_RATE_LIMIT", 20)
    if not limit:
        return True
    return ratelimit.allow(request, scope="events.register", limit=limit, period_seconds=600)


def register(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event_or_404(request, slug)
    if event.status != Event.Status.PUBLISHED:
        raise Http404
    occurrence = get_object_or_404(Occurrence.objects.select_related("event"), pk=pk, event=event)
    status = 200
    error = ""
    retry_after = ""
    # A closed circle (e.g. a workshop for a programme's employers): gates say who may not.
    refused = gates.refusal(event, request.user)
    if refused:
        error = refused
        status = 403
        form = RegistrationForm()
    elif request.method == "POST":
        form = RegistrationForm(request.POST)
        if not _rate_ok(request):
            error = _("Too many registrations from your connection. Please try again later.")
            status, retry_after = 429, "600"
        elif form.is_valid():
            data = form.cleaned_data
            try:
                registration = services.register(
                    occurrence_id=occurrence.pk,
                    name=data["name"],
                    email=data["email"],
                    adults=data["adults"],
                    children=data["children"],
                    message=data["message"],
                )
            except CapacityBusy:
                error = _(
                    "Many people are registering right now. Please send the form again "
                    "in a moment; nothing you typed is lost."
                )
                # Not a server error: the same request succeeds in a moment.
                status, retry_after = 429, "2"
            except services.RegistrationClosed as exc:
                error = " ".join(exc.messages)
                status = 409
            else:
                request.session["events_registration"] = registration.pk
                return redirect("events:registered", slug=event.slug, pk=occurrence.pk)
        else:
            status = 400
    else:
        form = RegistrationForm()
    response = render(
        request,
        "events/register.html",
        {
            "event": event,
            "occurrence": occurrence,
            "form": form,
            "error": error,
            "places_left": services.places_left(occurrence),
            "waiting_count": services.waiting(occurrence),
            "open": occurrence.registration_open() and not refused,
            "refused": bool(refused),
        },
        status=status,
    )
    if retry_after:
        response["Retry-After"] = retry_after
    return response


def registered(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = _event_or_404(request, slug)
    registration = (
        Registration.objects.filter(
            pk=request.session.get("events_registration", 0), occurrence_id=pk
        )
        .select_related("occurrence__event")
        .first()
    )
    if registration is None:
        return redirect("events:occurrence", slug=event.slug, pk=pk)
    return render(
        request,
        "events/registered.html",
        {
            "event": event,
            "registration": registration,
            "position": services.waiting_position(registration),
        },
    )


def cancel(request: HttpRequest, token: str) -> HttpResponse:
    registration = services.registration_for_token(token)
    if registration is None:
        return render(request, "events/cancel.html", {"invalid": True}, status=404)
    done = registration.status == Registration.Status.CANCELLED
    error = ""
    if request.method == "POST" and not done:
        try:
            registration = services.cancel_registration(registration_id=registration.pk)
        except CapacityBusy:
            error = _("Please try again in a moment.")
        else:
            done = True
    return render(
        request,
        "events/cancel.html",
        {
            "registration": registration,
            "done": done,
            "error": error,
            "just_cancelled": request.method == "POST" and done,
        },
    )


def home_context(request: HttpRequest) -> dict[str, Any]:
    return {"next_events": selectors.next_events(4), "feeds": feed_links(selectors.Filters())}
