"""The timeline of a child's first years as pure functions: from the date of birth, the
check-ups U2–U9 (with U7a), Elterngeld, Kindergeld, the vaccination calendar, this
town's Kita registration deadline and the legal claim to a Kita place.

Nothing here touches the database: the town's settings (the Kita deadline, its Kita
portal) come in as parameters. The guide page, the letter PDF, the iCal feed, the API
and the follow-up mails all ask :func:`timeline`, so they never disagree.

Counting days, weeks and months (BGB §§ 187(2), 188(2)(3), 189)
----------------------------------------------------------------
A child's age is counted from the beginning of the day of birth (§ 187(2) sentence 2):
the day of birth is the first *Lebenstag*. So

- the n-th Lebenstag of a child born on day d is d + (n − 1);
- the k-th Lebenswoche runs from d + 7(k − 1) to d + 7k − 1;
- k months of life are complete at the end of the day before the k-month birthday
  (§ 188(2)); when the month has no such day (born 31 January: no 31 February), at the
  end of that month's last day (§ 188(3)). The (k+1)-th Lebensmonat therefore starts
  on :func:`months_after` ``(d, k)``: "the k-month birthday, or the 1st of the next
  month when that month is too short" (born 31 Jan → the second month starts 1 March;
  born 29 Feb 2024 → the first birthday, and with it the Kita claim, is 1 March 2025);
- half a month is 15 days, counted last (§ 189): the tolerance of the U4 "bis 4½.
  Lebensmonat" ends 15 days after four months are complete.

Dates are calendar dates (``datetime.date``): a summer-time change has no effect on
them, and the iCal feed writes them as all-day events (``VALUE=DATE``).

Sources
-------
- Check-ups: Richtlinie des Gemeinsamen Bundesausschusses über die Früherkennung von
  Krankheiten bei Kindern (Kinder-Richtlinie), § 2 "Zeiträume und Toleranzgrenzen",
  https://www.g-ba.de/richtlinien/15/ — the same table as printed in the yellow
  Kinderuntersuchungsheft:

  ====  =====================  =========================
  U2    3.–10. Lebenstag       tolerance 3.–14. Lebenstag
  U3    4.–5. Lebenswoche      tolerance 3.–8. Lebenswoche
  U4    3.–4. Lebensmonat      tolerance 2.–4½. Lebensmonat
  U5    6.–7. Lebensmonat      tolerance 5.–8. Lebensmonat
  U6    10.–12. Lebensmonat    tolerance 9.–14. Lebensmonat
  U7    21.–24. Lebensmonat    tolerance 20.–27. Lebensmonat
  U7a   34.–36. Lebensmonat    tolerance 33.–38. Lebensmonat
  U8    46.–48. Lebensmonat    tolerance 43.–50. Lebensmonat
  U9    60.–64. Lebensmonat    tolerance 58.–66. Lebensmonat
  ====  =====================  =========================

  (U1 is done right after the birth, before any family registers, so it is left out.)
- Elterngeld: § 7(1) BEEG pays it back only for the three Lebensmonate before the
  month the application arrives; the guide advises the safe side: apply within the
  first three Lebensmonate.
- Kindergeld: § 66(3) EStG pays it back for the last six months before the month the
  application arrives; the window ends with the sixth calendar month after the month
  of birth.
- Kita: § 24(2) SGB VIII, a claim to early childhood care from the completed first
  year until the completed third year (then § 24(3)); the town's own registration
  deadline is ``kita_deadline_months`` before the first birthday.
- Vaccinations: only a link to the current STIKO calendar of the Robert Koch-Institut
  (it changes every year and the paediatrician advises); shown from the completed
  sixth week (the first vaccination, rotavirus) to the end of the 15th Lebensmonat
  (the second MMR dose ends the basic immunisation).
- Benefits link to the federal familienportal.de (linked, never copied).
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

GBA_URL = "https://www.g-ba.de/richtlinien/15/"
STIKO_URL = "https://www.stiko.de/"
ELTERNGELD_URL = "https://familienportal.de/familienportal/familienleistungen/elterngeld"
KINDERGELD_URL = "https://familienportal.de/familienportal/familienleistungen/kindergeld"
FAMILIENPORTAL_URL = "https://familienportal.de/"
KITA_CLAIM_URL = "https://www.gesetze-im-internet.de/sgb_8/__24.html"

CHECKUP = "checkup"
BENEFIT = "benefit"
KITA = "kita"
HEALTH = "health"


@dataclass(frozen=True)
class Item:
    """One entry of the timeline: ``start`` and ``end`` are inclusive calendar dates.

    For a check-up, ``tolerance_start``/``tolerance_end`` is the wider window in which
    the health insurance still pays it (the Kinder-Richtlinie's Toleranzgrenze)."""

    key: str
    title: str | Promise
    start: date
    end: date
    url: str = ""
    kind: str = CHECKUP
    tolerance_start: date | None = None
    tolerance_end: date | None = None

    def is_due(self, today: date) -> bool:
        return self.start <= today <= self.end

    def is_past(self, today: date) -> bool:
        return (self.tolerance_end or self.end) < today

    def in_tolerance_only(self, today: date) -> bool:
        """Past the window but still within the tolerance: catch it up now. (Before the
        window, the tolerance allows it early, but it is not due yet.)"""
        return self.tolerance_end is not None and self.end < today <= self.tolerance_end


# ------------------------------------------------------------------ counting age


def lebenstag(birth: date, n: int) -> date:
    """The n-th day of life (the day of birth is the first)."""
    return birth + timedelta(days=n - 1)


def week_start(birth: date, k: int) -> date:
    """The first day of the k-th Lebenswoche."""
    return birth + timedelta(days=7 * (k - 1))


def week_end(birth: date, k: int) -> date:
    """The last day of the k-th Lebenswoche."""
    return birth + timedelta(days=7 * k - 1)


def months_after(birth: date, k: int) -> date:
    """The day k months of life are complete and the next month begins: the k-month
    birthday, or the 1st of the next month when that month is too short (§ 188(3))."""
    month_index = birth.year * 12 + birth.month - 1 + k
    year, month = divmod(month_index, 12)
    month += 1
    if birth.day <= calendar.monthrange(year, month)[1]:
        return date(year, month, birth.day)
    return date(year + month // 12, month % 12 + 1, 1)


def month_start(birth: date, k: int) -> date:
    """The first day of the k-th Lebensmonat."""
    return months_after(birth, k - 1)


def month_end(birth: date, k: int) -> date:
    """The last day of the k-th Lebensmonat."""
    return months_after(birth, k) - timedelta(days=1)


def birthday(birth: date, years: int) -> date:
    """The day ``years`` years of life are complete and the next one begins (born on
    29 February: 1 March in a common year)."""
    return months_after(birth, 12 * years)


def completed_months(birth: date, today: date) -> int:
    """Completed months of life on ``today`` (0 in the first Lebensmonat)."""
    if today < birth:
        return 0
    months = (today.year - birth.year) * 12 + today.month - birth.month
    while months > 0 and months_after(birth, months) > today:
        months -= 1
    while months_after(birth, months + 1) <= today:
        months += 1
    return months


def end_of_calendar_month(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


# ------------------------------------------------------------------ the timeline

# (key, title, window, tolerance): windows in ("day"|"week"|"month", first, last);
# a tolerance end of 4.5 months is four months and 15 days (§ 189 BGB).
_CHECKUPS: tuple[tuple[str, Promise, tuple[str, int, int], tuple[str, int, float]], ...] = (
    ("u2", _("U2 check-up"), ("day", 3, 10), ("day", 3, 14)),
    ("u3", _("U3 check-up"), ("week", 4, 5), ("week", 3, 8)),
    ("u4", _("U4 check-up"), ("month", 3, 4), ("month", 2, 4.5)),
    ("u5", _("U5 check-up"), ("month", 6, 7), ("month", 5, 8)),
    ("u6", _("U6 check-up"), ("month", 10, 12), ("month", 9, 14)),
    ("u7", _("U7 check-up"), ("month", 21, 24), ("month", 20, 27)),
    ("u7a", _("U7a check-up"), ("month", 34, 36), ("month", 33, 38)),
    ("u8", _("U8 check-up"), ("month", 46, 48), ("month", 43, 50)),
    ("u9", _("U9 check-up"), ("month", 60, 64), ("month", 58, 66)),
)


def _first_day(birth: date, unit: str, n: int) -> date:
    if unit == "day":
        return lebenstag(birth, n)
    if unit == "week":
        return week_start(birth, n)
    return month_start(birth, n)


def _last_day(birth: date, unit: str, n: float) -> date:
    if unit == "day":
        return lebenstag(birth, int(n))
    if unit == "week":
        return week_end(birth, int(n))
    whole = int(n)
    if n != whole:  # half a month: 15 days after the whole months (§ 189 BGB)
        return months_after(birth, whole) + timedelta(days=14)
    return month_end(birth, whole)


def checkups(birth: date) -> list[Item]:
    items = []
    for key, title, (unit, first, last), (t_unit, t_first, t_last) in _CHECKUPS:
        items.append(
            Item(
                key=key,
                title=title,
                start=_first_day(birth, unit, first),
                end=_last_day(birth, unit, last),
                url=GBA_URL,
                kind=CHECKUP,
                tolerance_start=_first_day(birth, t_unit, int(t_first)),
                tolerance_end=_last_day(birth, t_unit, t_last),
            )
        )
    return items


def kita_registration_deadline(birth: date, months_before: int) -> date:
    """The last day to register for a Kita place that starts on the first birthday:
    ``months_before`` months before it (never before the birth)."""
    return months_after(birth, max(0, 12 - months_before))


def timeline(
    birth: date, *, kita_deadline_months: int = 6, kita_registration_url: str = ""
) -> list[Item]:
    """Every item of the first six years for a child born on ``birth``, by start date."""
    kindergeld_month = birth.month + 6
    kindergeld_end = end_of_calendar_month(
        birth.year + (kindergeld_month - 1) // 12, (kindergeld_month - 1) % 12 + 1
    )
    first_birthday = birthday(birth, 1)
    items = [
        *checkups(birth),
        Item(
            key="elterngeld",
            title=_("Apply for Elterngeld (parental allowance)"),
            start=birth,
            end=month_end(birth, 3),
            url=ELTERNGELD_URL,
            kind=BENEFIT,
        ),
        Item(
            key="kindergeld",
            title=_("Apply for Kindergeld (child benefit)"),
            start=birth,
            end=kindergeld_end,
            url=KINDERGELD_URL,
            kind=BENEFIT,
        ),
        Item(
            key="vaccinations",
            title=_("Vaccinations: ask your paediatrician (STIKO calendar)"),
            start=week_start(birth, 7),
            end=month_end(birth, 15),
            url=STIKO_URL,
            kind=HEALTH,
        ),
        Item(
            key="kita-registration",
            title=_("Register for a Kita place in town"),
            start=birth,
            end=kita_registration_deadline(birth, kita_deadline_months),
            url=kita_registration_url,
            kind=KITA,
        ),
        Item(
            key="kita-claim",
            title=_("Legal claim to a Kita place"),
            start=first_birthday,
            end=birthday(birth, 3) - timedelta(days=1),
            url=KITA_CLAIM_URL,
            kind=KITA,
        ),
    ]
    return sorted(items, key=lambda item: (item.start, item.end))


# ------------------------------------------------------------------ reading it


def due(items: Iterable[Item], today: date) -> list[Item]:
    """Items whose window (or, for a check-up, tolerance) contains ``today``."""
    return [item for item in items if item.is_due(today) or item.in_tolerance_only(today)]


def upcoming(items: Iterable[Item], today: date, *, limit: int = 3) -> list[Item]:
    """The next items that have not started yet."""
    return sorted((item for item in items if item.start > today), key=lambda i: i.start)[:limit]


def between(items: Iterable[Item], first: date, last: date) -> list[Item]:
    """Items whose window overlaps ``first``–``last`` (both inclusive)."""
    return [item for item in items if item.start <= last and item.end >= first]
