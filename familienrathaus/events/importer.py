"""Import of a partner's calendar from an iCal URL or file, once or every night.

Like ``core.imports`` the import lands whole or not at all (one transaction) and
reports what it did. Events are matched by their UID: a known UID updates the event
(title, times, rule, place, status), STATUS:CANCELLED cancels it, and an event of the
same source that is no longer in the calendar is cancelled (its page stays). Dates of
a series listed in EXDATE are cancelled; RECURRENCE-ID overrides move or retitle a
date.

Fetching a URL is limited: only http(s), never to private, loopback, link-local or
otherwise reserved addresses (checked for every address the name resolves to, and
the connection goes to exactly one of the checked addresses, so a DNS answer that
changes between check and fetch cannot lead inside; again for each redirect), with
a timeout and a size limit. Proxies from the environment are not used.
``settings.EVENTS_ICAL_ALLOW_PRIVATE`` lifts the address check for tests.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from familienrathaus.core import audit, jobs, tenancy
from familienrathaus.core.models import User
from familienrathaus.core.recipients import queue_by_language, split_mail
from familienrathaus.core.selectors import coordinator_emails
from familienrathaus.events import recurrence, services
from familienrathaus.events.models import Event, EventStatus, ICalSource, Occurrence

# The nightly run, registered by name in events.tasks (which imports this module).
RUN_TASK = "events.run_ical_import"

FETCH_TIMEOUT = 10
MAX_BYTES = 2 * 1024 * 1024
WEEKDAY = {"MO": 0, "TU": 1, "WE": 2, "TH": 3, "FR": 4, "SA": 5, "SU": 6}
NIGHTLY_HOUR = 3


class ImportFailed(Exception):
    pass


@dataclass
class Result:
    created: int = 0
    updated: int = 0
    cancelled: int = 0
    unchanged: int = 0
    problems: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = _(
            "%(created)s new, %(updated)s changed, %(cancelled)s cancelled, "
            "%(unchanged)s unchanged."
        ) % {
            "created": self.created,
            "updated": self.updated,
            "cancelled": self.cancelled,
            "unchanged": self.unchanged,
        }
        if self.problems:
            text += " " + " ".join(self.problems)
        return text


# --------------------------------------------------------------------------- fetching


def _public_addresses(host: str, port: int) -> list[tuple[Any, ...]]:
    """Resolve ``host`` once; refuse it when any address is not public. Returns the
    ``getaddrinfo`` rows, whose addresses are the only ones then connected to."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise ImportFailed(_("The address could not be found.")) from exc
    if not infos:
        raise ImportFailed(_("The address could not be found."))
    if not getattr(settings, "EVENTS_ICAL_ALLOW_PRIVATE", False):
        for info in infos:
            address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
            if not address.is_global or address.is_multicast:
                raise ImportFailed(_("This address points into a private network and is refused."))
    return infos


def check_url(url: str) -> None:
    """Refuse non-http(s) URLs and hosts that resolve to non-public addresses (early, for
    a clear message; the connection itself checks again, see ``_pinned_connection``)."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ImportFailed(_("Only http and https addresses can be imported."))
    _public_addresses(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))


def _connect(info: tuple[Any, ...], timeout: Any) -> socket.socket:
    family, kind, proto, _name, sockaddr = info
    sock = socket.socket(family, kind, proto)
    try:
        if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # type: ignore[attr-defined]
            sock.settimeout(timeout)
        sock.connect(sockaddr)
    except OSError:
        sock.close()
        raise
    return sock


def _pinned_connection(
    address: tuple[str, int], timeout: Any = None, source_address: Any = None
) -> socket.socket:
    """``socket.create_connection`` that connects only to the addresses it checked.

    Checking a name and then letting the HTTP client resolve it again leaves a window
    for DNS rebinding (public address at the check, a private one at the fetch). Here
    the name is resolved once, every address is checked, and the socket connects to
    one of exactly those addresses. The HTTP layer above still sends the name in the
    Host header and, for https, as SNI and for the certificate check.
    """
    host, port = address
    error: OSError | None = None
    for info in _public_addresses(host, port):
        try:
            return _connect(info, timeout)
        except OSError as exc:
            error = exc
    raise error or OSError("no address")


class _PinnedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned_connection


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._create_connection = _pinned_connection


class _PinnedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req: Any) -> Any:
        return self.do_open(_PinnedHTTPConnection, req)


class _PinnedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req: Any) -> Any:
        return self.do_open(_PinnedHTTPSConnection, req, context=self._context)  # type: ignore[attr-defined]


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # No proxies from the environment: through a proxy the proxy would resolve the name
    # again, and the address check would be worth nothing.
    return urllib.request.build_opener(
        urllib.request.ProxyHandler({}),
        _PinnedHTTPHandler,
        _PinnedHTTPSHandler(context=ssl.create_default_context()),
        _CheckedRedirects,
    )


def fetch(url: str) -> bytes:
    check_url(url)
    request = urllib.request.Request(  # noqa: S310  (scheme checked above)
        url, headers={"User-Agent": "Familienrathaus calendar import"}
    )
    try:
        with _opener().open(request, timeout=FETCH_TIMEOUT) as response:
            data = response.read(MAX_BYTES + 1)
    except ImportFailed:
        raise
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, ImportFailed):
            raise exc.reason from exc
        raise ImportFailed(
            _("The calendar could not be fetched: %(error)s") % {"error": exc}
        ) from exc
    except (TimeoutError, OSError, ValueError) as exc:
        raise ImportFailed(
            _("The calendar could not be fetched: %(error)s") % {"error": exc}
        ) from exc
    if len(data) > MAX_BYTES:
        raise ImportFailed(_("The calendar is larger than 2 MB."))
    return bytes(data)


# -------------------------------------------------------------------------- parsing


def _aware(value: date | datetime, *, end_of_day: bool = False) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=recurrence.BERLIN)
        return value.astimezone(recurrence.BERLIN)
    return datetime.combine(value, datetime.min.time()).replace(tzinfo=recurrence.BERLIN)


def _rule(vevent: Any, start: datetime) -> tuple[dict[str, Any], str]:
    """Our rule fields from an RRULE, or a problem when we cannot express it."""
    rrule = vevent.get("rrule")
    if not rrule:
        return {
            "frequency": "",
            "interval": 1,
            "week_of_month": None,
            "repeat_until": None,
            "repeat_count": None,
        }, ""
    freq = (rrule.get("FREQ") or [""])[0]
    interval = int((rrule.get("INTERVAL") or [1])[0])
    values: dict[str, Any] = {"interval": interval, "week_of_month": None}
    byday = [str(d) for d in rrule.get("BYDAY") or []]
    if freq == "WEEKLY" and (not byday or byday == [list(WEEKDAY)[start.weekday()]]):
        values["frequency"] = Event.Frequency.WEEKLY
    elif freq == "MONTHLY" and len(byday) == 1 and byday[0][-2:] == list(WEEKDAY)[start.weekday()]:
        values["frequency"] = Event.Frequency.MONTHLY
        values["week_of_month"] = int(byday[0][:-2] or 1)
    else:
        return {"frequency": ""}, _("a rule that is not supported (only its first date)")
    until = (rrule.get("UNTIL") or [None])[0]
    count = (rrule.get("COUNT") or [None])[0]
    values["repeat_until"] = _aware(until).date() if until else None
    values["repeat_count"] = int(count) if count else None
    return values, ""


def parse(data: bytes) -> tuple[list[Any], dict[str, list[Any]]]:
    """The master VEVENTs and, per UID, their RECURRENCE-ID overrides."""
    try:
        calendar = Calendar.from_ical(data)
    except ValueError as exc:
        raise ImportFailed(
            _("This is not a valid iCalendar file: %(error)s") % {"error": exc}
        ) from exc
    masters: list[Any] = []
    overrides: dict[str, list[Any]] = {}
    for vevent in calendar.walk("VEVENT"):
        uid = str(vevent.get("uid", "")).strip()
        if not uid or "dtstart" not in vevent:
            continue
        if vevent.get("recurrence-id") is not None:
            overrides.setdefault(uid, []).append(vevent)
        else:
            masters.append(vevent)
    return masters, overrides


def _values(vevent: Any) -> tuple[dict[str, Any], list[str]]:
    problems = []
    raw_start = vevent.decoded("dtstart")
    all_day = not isinstance(raw_start, datetime)
    start = _aware(raw_start)
    if "dtend" in vevent:
        raw_end = vevent.decoded("dtend")
        end = _aware(raw_end)
        if all_day:
            end -= timedelta(seconds=1)  # DTEND of a date is exclusive
    elif "duration" in vevent:
        end = start + vevent.decoded("duration")
    else:
        end = start + (timedelta(days=1, seconds=-1) if all_day else timedelta(hours=1))
    if end < start:
        end = start
    rule, problem = _rule(vevent, start)
    if problem:
        problems.append(problem)
    status = str(vevent.get("status", "")).upper()
    values: dict[str, Any] = {
        "title": str(vevent.get("summary", "")).strip()[:200] or _("Event"),
        "summary": str(vevent.get("description", "")).strip().split("\n")[0][:300],
        "description": str(vevent.get("description", "")).strip(),
        "start": start,
        "end": end,
        "all_day": all_day,
        "venue_name": str(vevent.get("location", "")).strip()[:150],
        "event_status": EventStatus.CANCELLED
        if status == "CANCELLED"
        else (EventStatus.POSTPONED if status == "TENTATIVE" else EventStatus.SCHEDULED),
        **rule,
    }
    geo = vevent.get("geo")
    if geo is not None:
        values["latitude"] = round(float(geo.latitude), 6)
        values["longitude"] = round(float(geo.longitude), 6)
    conference = vevent.get("conference")
    if conference:
        url = str(conference[0] if isinstance(conference, list) else conference)
        if url.startswith(("http://", "https://")):
            values["online_url"] = url
    return values, problems


def _changed(event: Event, values: dict[str, Any]) -> bool:
    for name, value in values.items():
        current = getattr(event, name)
        if isinstance(current, datetime) and isinstance(value, datetime):
            if current != value:
                return True
        elif str(current if current is not None else "") != str(value if value is not None else ""):
            close = (
                name in {"latitude", "longitude"}
                and current is not None
                and value is not None
                and abs(float(current) - float(value)) < 1e-6
            )
            if not close:
                return True
    return False


def import_calendar(
    *, data: bytes, source: ICalSource | None, organisation: Any, actor: User | None
) -> Result:
    masters, overrides = parse(data)
    result = Result()
    publish = actor is not None and (
        actor.is_coordinator or bool(organisation and organisation.is_trusted)
    )
    seen: set[str] = set()
    with transaction.atomic():
        for vevent in masters:
            uid = str(vevent.get("uid")).strip()[:255]
            seen.add(uid)
            values, problems = _values(vevent)
            for problem in problems:
                result.problems.append(f"{values['title']}: {problem}.")
            event = Event.objects.filter(uid=uid).first()
            if event is not None and event.organisation_id != getattr(organisation, "pk", None):
                result.problems.append(
                    _("%(title)s: the UID belongs to another partner's event; left out.")
                    % {"title": values["title"]}
                )
                continue
            try:
                if event is None:
                    event = services.create_event(
                        actor=actor,
                        organisation=organisation,
                        values=values,
                        status=Event.Status.PUBLISHED if publish else Event.Status.SUBMITTED,
                        uid=uid,
                    )
                    event.import_source = source
                    event.save(update_fields=["import_source"])
                    result.created += 1
                elif _changed(event, values):
                    was_cancelled = event.event_status == EventStatus.CANCELLED
                    services.apply_content(event, values)
                    if values["event_status"] == EventStatus.CANCELLED and not was_cancelled:
                        result.cancelled += 1
                    else:
                        result.updated += 1
                else:
                    result.unchanged += 1
            except ValidationError as exc:
                result.problems.append(f"{values['title']}: {'; '.join(exc.messages)}")
                continue
            _exceptions(event, vevent, overrides.get(uid, []))
        if source is not None:
            gone = Event.objects.filter(import_source=source).exclude(uid__in=seen)
            for event in gone.exclude(event_status=EventStatus.CANCELLED):
                services.apply_content(event, {"event_status": EventStatus.CANCELLED})
                result.cancelled += 1
            source.last_run_at = timezone.now()
            source.last_result = result.summary()
            source.save(update_fields=["last_run_at", "last_result"])
        waiting = result.created if not publish else 0
        if waiting:
            _tell_reviewers(waiting, organisation)
        audit.record(
            actor=actor,
            action="event.import",
            obj=source,
            object_type="events.icalsource",
            changes={"result": {"before": "", "after": result.summary()}},
        )
    return result


def _tell_reviewers(count: int, organisation: Any) -> None:
    """One mail per import, not one per event: imported events wait for review. Each
    coordinator reads it in the language of their account."""
    recipients = coordinator_emails()
    if not recipients:
        return

    def render() -> tuple[str, str]:
        text = render_to_string(
            "events/mail/import_review.txt",
            {
                "count": count,
                "partner": getattr(organisation, "name", ""),
                "url": tenancy.site_url() + reverse("events:review_queue"),
            },
        )
        return split_mail(text)

    queue_by_language(recipients, render, purpose="event.import_submitted")


def _exceptions(event: Event, vevent: Any, overrides: list[Any]) -> None:
    """EXDATEs cancel single dates; RECURRENCE-ID overrides move or retitle them."""
    if not event.frequency:
        return
    exdates: list[datetime] = []
    raw = vevent.get("exdate")
    for group in raw if isinstance(raw, list) else ([raw] if raw else []):
        exdates.extend(_aware(d.dt) for d in group.dts)
    for original in exdates:
        Occurrence.objects.filter(event=event, original_start=original).update(
            date_status=EventStatus.CANCELLED
        )
    for override in overrides:
        original = _aware(override.decoded("recurrence-id"))
        values, _problems = _values(override)
        occurrence = Occurrence.objects.filter(event=event, original_start=original).first()
        if occurrence is None:
            continue
        occurrence.start, occurrence.end = values["start"], values["end"]
        occurrence.date_status = values["event_status"]
        if values["title"] != event.title:
            occurrence.title_override = values["title"]
        occurrence.is_override = True
        occurrence.save()


# ------------------------------------------------------------------------ scheduling


def next_night(now: datetime | None = None) -> datetime:
    local = timezone.localtime(now or timezone.now())
    night = local.replace(hour=NIGHTLY_HOUR, minute=0, second=0, microsecond=0)
    if night <= local:
        night += timedelta(days=1)
    return night


def schedule(source: ICalSource) -> None:
    """Enqueue the next nightly run (the task enqueues the one after)."""
    if not source.nightly:
        return
    when = next_night()
    ICalSource.objects.filter(pk=source.pk).update(next_run_at=when)
    source.next_run_at = when
    # The task queue lives in the same database: enqueued with the change or not at all.
    jobs.enqueue(RUN_TASK, source.pk, when.isoformat(), run_after=when)


@transaction.atomic
def add_source(*, actor: User, organisation: Any, url: str, nightly: bool) -> ICalSource:
    """A calendar address to import from (now, and nightly when ``nightly``)."""
    source = ICalSource(organisation=organisation, url=url, nightly=nightly, created_by=actor)
    source.full_clean()
    source.save()
    audit.record(
        actor=actor,
        action="event.import_source_add",
        obj=source,
        changes={
            "url": {"before": None, "after": url},
            "nightly": {"before": None, "after": nightly},
        },
    )
    return source


@transaction.atomic
def stop_source(*, actor: User, source: ICalSource) -> None:
    """Switch the nightly import of a calendar address off."""
    ICalSource.objects.filter(pk=source.pk).update(nightly=False, next_run_at=None)
    audit.record(
        actor=actor,
        action="event.import_source_stop",
        obj=source,
        changes={"nightly": {"before": source.nightly, "after": False}},
    )
    source.nightly, source.next_run_at = False, None


def run_source(source: ICalSource, *, actor: User | None) -> Result:
    try:
        data = fetch(source.url)
        return import_calendar(
            data=data, source=source, organisation=source.organisation, actor=actor
        )
    except ImportFailed as exc:
        source.last_run_at = timezone.now()
        source.last_result = str(exc)
        source.save(update_fields=["last_run_at", "last_result"])
        raise


def run_scheduled(source_id: int, due: str) -> str:
    """The nightly task. A run whose ``due`` is no longer the source's next run (it was
    rescheduled, or switched off) does nothing, so runs never pile up."""
    source = ICalSource.objects.select_related("organisation").filter(pk=source_id).first()
    if source is None or not source.nightly:
        return "off"
    if due and source.next_run_at and source.next_run_at.isoformat() != due:
        stored = timezone.localtime(source.next_run_at).isoformat()
        if stored != due:
            return "superseded"
    try:
        result = run_source(source, actor=source.created_by).summary()
    except ImportFailed as exc:
        result = str(exc)
    schedule(source)
    return result
