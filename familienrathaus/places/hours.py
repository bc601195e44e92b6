"""Opening hours: "open now" in Europe/Berlin, public holidays, a short text format.

Hours are weekly intervals (weekday, opens, closes); ``closes`` of 00:00 means
midnight and an interval whose end lies before its start runs past midnight into the
next day. Exceptions (holidays, works, other hours) replace the weekly hours on
their days. Places with ``closed_on_public_holidays`` are closed on the public
holidays of the alliance's federal state (``core.calendar``, from the ``holidays``
package: Fronleichnam in NRW, Reformationstag in Sachsen, …).

The text format, used by the Notinsel application form and the CSV import, is what
people write on shop doors: ``Mo–Fr 9–18, Sa 9–13``; ``Mo, Mi 08:30-12:00 14-18``;
``täglich 0–24``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from familienrathaus.core.calendar import holiday_name, is_public_holiday

BERLIN = ZoneInfo("Europe/Berlin")
MIDNIGHT = dt.time(0, 0)

DAY_NAMES = {
    "mo": 0, "mon": 0, "montag": 0, "monday": 0,
    "di": 1, "die": 1, "tu": 1, "tue": 1, "dienstag": 1, "tuesday": 1,
    "mi": 2, "mit": 2, "we": 2, "wed": 2, "mittwoch": 2, "wednesday": 2,
    "do": 3, "don": 3, "th": 3, "thu": 3, "donnerstag": 3, "thursday": 3,
    "fr": 4, "fri": 4, "freitag": 4, "friday": 4,
    "sa": 5, "sat": 5, "samstag": 5, "sonnabend": 5, "saturday": 5,
    "so": 6, "su": 6, "sun": 6, "sonntag": 6, "sunday": 6,
}  # fmt: skip
EVERY_DAY = {"täglich", "taeglich", "daily", "mo-so", "tgl"}
SCHEMA_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
SHORT_DAYS = ["Mo", "Di", "Mi", "Do", "Fr", "Sa", "So"]


@dataclass(frozen=True)
class Interval:
    weekday: int
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class Exception_:
    starts_on: dt.date
    ends_on: dt.date
    opens: dt.time | None
    closes: dt.time | None


class HoursError(ValueError):
    pass


# --------------------------------------------------------------------------- open now


def local_now(now: dt.datetime | None = None) -> dt.datetime:
    return (now or dt.datetime.now(tz=BERLIN)).astimezone(BERLIN)


def _day_intervals(
    day: dt.date,
    weekly: Sequence[Interval],
    exceptions: Sequence[Exception_],
    holidays_closed: bool,
) -> list[tuple[dt.time, dt.time]]:
    """The intervals that begin on ``day``."""
    for exception in exceptions:
        if exception.starts_on <= day <= exception.ends_on:
            if exception.opens is None or exception.closes is None:
                return []
            return [(exception.opens, exception.closes)]
    if holidays_closed and is_public_holiday(day):
        return []
    return [(i.opens, i.closes) for i in weekly if i.weekday == day.weekday()]


def is_open(
    weekly: Sequence[Interval],
    exceptions: Sequence[Exception_] = (),
    *,
    holidays_closed: bool = True,
    at: dt.datetime | None = None,
) -> bool:
    moment = local_now(at)
    today, clock = moment.date(), moment.time()
    for opens, closes in _day_intervals(today, weekly, exceptions, holidays_closed):
        if closes == MIDNIGHT or closes <= opens:  # until midnight or past it
            if clock >= opens:
                return True
        elif opens <= clock < closes:
            return True
    yesterday = today - dt.timedelta(days=1)
    for opens, closes in _day_intervals(yesterday, weekly, exceptions, holidays_closed):
        if closes != MIDNIGHT and closes <= opens and clock < closes:
            return True
    return False


def closed_reason(
    exceptions: Sequence[Exception_], *, holidays_closed: bool, at: dt.datetime | None = None
) -> str:
    """Why a place is closed today, if it is a holiday or exception; else ""."""
    today = local_now(at).date()
    for exception in exceptions:
        if exception.starts_on <= today <= exception.ends_on and exception.opens is None:
            return _("Closed today (until %(date)s).") % {
                "date": exception.ends_on.strftime("%d.%m.%Y")
            }
    if holidays_closed and is_public_holiday(today):
        return _("Closed today: public holiday (%(name)s).") % {"name": holiday_name(today)}
    return ""


# --------------------------------------------------------------------------- text format

_TIME = r"(\d{1,2})(?:[:.](\d{2}))?"
_RANGE = re.compile(rf"{_TIME}\s*(?:-|–|—|bis|to)\s*{_TIME}\s*(?:uhr|h)?", re.IGNORECASE)
_DAYS_PART = re.compile(r"^[^\d]+")


def _clock(hours: str, minutes: str | None) -> dt.time:
    h, m = int(hours), int(minutes or 0)
    if h == 24 and m == 0:
        return MIDNIGHT
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise HoursError(_("“%(time)s” is not a time of day.") % {"time": f"{hours}:{m:02d}"})
    return dt.time(h, m)


def _days(text: str) -> list[int]:
    cleaned = text.strip().strip(":").strip().casefold().replace(".", "")
    if not cleaned:
        raise HoursError(_("Please name the days, e.g. “Mo–Fr 9–18”."))
    if cleaned.replace(" ", "") in EVERY_DAY:
        return list(range(7))
    days: list[int] = []
    for chunk in re.split(r"\s*(?:,|und|&|\+|/)\s*", cleaned):
        if not chunk:
            continue
        ends = re.split(r"\s*(?:-|–|—|bis)\s*", chunk)
        if len(ends) == 1:
            day = DAY_NAMES.get(ends[0].strip())
            if day is None:
                raise HoursError(_("“%(day)s” is not a day of the week.") % {"day": chunk})
            days.append(day)
        elif len(ends) == 2:
            first, last = DAY_NAMES.get(ends[0].strip()), DAY_NAMES.get(ends[1].strip())
            if first is None or last is None:
                raise HoursError(_("“%(day)s” is not a day of the week.") % {"day": chunk})
            day = first
            days.append(day)
            while day != last:
                day = (day + 1) % 7
                days.append(day)
        else:
            raise HoursError(_("“%(day)s” is not a day of the week.") % {"day": chunk})
    return days


def parse(text: str) -> list[Interval]:
    """``Mo–Fr 9–18, Sa 9–13`` → intervals; raises :class:`HoursError` with a message."""
    intervals: list[Interval] = []
    rest = text.strip()
    if not rest:
        raise HoursError(_("Please give the opening hours."))
    # Groups: a run of day names followed by one or more time ranges.
    pattern = re.compile(
        rf"(?P<days>[^\d]+?)\s*:?\s*(?P<times>(?:{_RANGE.pattern}\s*(?:,|und|;|/)?\s*)+)",
        re.IGNORECASE,
    )
    position = 0
    for match in pattern.finditer(rest):
        between = rest[position : match.start()].strip(" ,;")
        if between:
            raise HoursError(_("“%(text)s” could not be read.") % {"text": between})
        days = _days(match.group("days").strip(" ,;"))
        for time_match in _RANGE.finditer(match.group("times")):
            opens = _clock(time_match.group(1), time_match.group(2))
            closes = _clock(time_match.group(3), time_match.group(4))
            if opens == closes and opens != MIDNIGHT:
                raise HoursError(_("A time range must not start and end at the same time."))
            for day in days:
                intervals.append(Interval(day, opens, closes))
        position = match.end()
    leftover = rest[position:].strip(" ,;.")
    if leftover or not intervals:
        raise HoursError(
            _("“%(text)s” could not be read. Please write e.g. “Mo–Fr 9–18, Sa 9–13”.")
            % {"text": leftover or rest}
        )
    return sorted(set(intervals), key=lambda i: (i.weekday, i.opens))


def format_intervals(intervals: Iterable[Interval]) -> str:
    """Intervals as the short text (the inverse of :func:`parse`), days joined in runs."""
    by_times: dict[tuple[tuple[dt.time, dt.time], ...], list[int]] = {}
    per_day: dict[int, list[tuple[dt.time, dt.time]]] = {}
    for interval in intervals:
        per_day.setdefault(interval.weekday, []).append((interval.opens, interval.closes))
    for day in sorted(per_day):
        by_times.setdefault(tuple(sorted(per_day[day])), []).append(day)
    parts = []
    for times, days in by_times.items():
        runs: list[list[int]] = []
        for day in days:
            if runs and runs[-1][-1] == day - 1:
                runs[-1].append(day)
            else:
                runs.append([day])
        day_text = ", ".join(
            SHORT_DAYS[run[0]] if len(run) == 1 else f"{SHORT_DAYS[run[0]]}–{SHORT_DAYS[run[-1]]}"
            for run in runs
        )
        time_text = " ".join(f"{_hm(opens)}–{_hm(closes, end=True)}" for opens, closes in times)
        parts.append(f"{day_text} {time_text}")
    return ", ".join(parts)


def _hm(value: dt.time, *, end: bool = False) -> str:
    if end and value == MIDNIGHT:
        return "24:00"
    return value.strftime("%H:%M")


def schema_specification(intervals: Iterable[Interval]) -> list[dict[str, object]]:
    """schema.org ``openingHoursSpecification`` entries."""
    return [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": f"https://schema.org/{SCHEMA_DAYS[i.weekday]}",
            "opens": i.opens.strftime("%H:%M"),
            "closes": _hm(i.closes, end=True),
        }
        for i in intervals
    ]
