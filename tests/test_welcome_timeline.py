"""The timeline of the first years against windows computed by hand (BGB §§ 187–189,
Kinder-Richtlinie § 2): a leap-day child, a child born on the 31st of a month, and
children born on the days the clocks change."""

from __future__ import annotations

from datetime import date

from familienrathaus.welcome import timeline


def windows(birth: date, kita_deadline_months: int = 6) -> dict[str, tuple[date, date]]:
    items = timeline.timeline(birth, kita_deadline_months=kita_deadline_months)
    return {item.key: (item.start, item.end) for item in items}


def tolerances(birth: date) -> dict[str, tuple[date | None, date | None]]:
    return {
        item.key: (item.tolerance_start, item.tolerance_end) for item in timeline.checkups(birth)
    }


def test_child_born_on_29_february_gets_its_first_birthday_on_1_march() -> None:
    # 29 Feb 2024 is the 1st Lebenstag; 2024 is a leap year, 2025 and 2027 are not.
    got = windows(date(2024, 2, 29), kita_deadline_months=6)
    assert got["u2"] == (date(2024, 3, 2), date(2024, 3, 9))  # day 3 = +2, day 10 = +9
    assert got["u3"] == (date(2024, 3, 21), date(2024, 4, 3))  # weeks 4–5: +21 … +34
    assert got["u4"] == (date(2024, 4, 29), date(2024, 6, 28))  # months 3–4
    assert got["u5"] == (date(2024, 7, 29), date(2024, 9, 28))
    # the 12th month ends the day before 1 March 2025 (no 29 Feb in 2025: § 188(3))
    assert got["u6"] == (date(2024, 11, 29), date(2025, 2, 28))
    assert got["u7a"] == (date(2026, 11, 29), date(2027, 2, 28))
    assert got["u9"] == (date(2029, 1, 29), date(2029, 6, 28))
    assert got["kita-claim"] == (date(2025, 3, 1), date(2027, 2, 28))
    assert got["kita-registration"] == (date(2024, 2, 29), date(2024, 8, 29))
    assert got["elterngeld"] == (date(2024, 2, 29), date(2024, 5, 28))
    assert got["kindergeld"] == (date(2024, 2, 29), date(2024, 8, 31))
    tol = tolerances(date(2024, 2, 29))
    assert tol["u2"] == (date(2024, 3, 2), date(2024, 3, 13))  # day 14 = +13
    assert tol["u3"] == (date(2024, 3, 14), date(2024, 4, 24))  # weeks 3–8: +14 … +55
    assert tol["u4"] == (date(2024, 3, 29), date(2024, 7, 13))  # 4 months + 15 days
    assert tol["u6"] == (date(2024, 10, 29), date(2025, 4, 28))


def test_child_born_on_31_january_starts_its_second_month_on_1_march() -> None:
    got = windows(date(2026, 1, 31), kita_deadline_months=6)
    assert timeline.month_end(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert timeline.month_start(date(2026, 1, 31), 2) == date(2026, 3, 1)
    assert got["u2"] == (date(2026, 2, 2), date(2026, 2, 9))
    assert got["u3"] == (date(2026, 2, 21), date(2026, 3, 6))  # February 2026 has 28 days
    assert got["u4"] == (date(2026, 3, 31), date(2026, 5, 30))
    assert got["u5"] == (date(2026, 7, 1), date(2026, 8, 30))  # no 31 June → 1 July
    assert got["u6"] == (date(2026, 10, 31), date(2027, 1, 30))
    assert got["elterngeld"] == (date(2026, 1, 31), date(2026, 4, 30))  # no 31 April
    assert got["kindergeld"] == (date(2026, 1, 31), date(2026, 7, 31))
    assert got["kita-registration"][1] == date(2026, 7, 31)
    assert got["kita-claim"] == (date(2027, 1, 31), date(2029, 1, 30))
    tol = tolerances(date(2026, 1, 31))
    assert tol["u3"] == (date(2026, 2, 14), date(2026, 3, 27))
    assert tol["u4"] == (date(2026, 3, 1), date(2026, 6, 14))  # 31 May + 14 days
    assert tol["u5"] == (date(2026, 5, 31), date(2026, 9, 30))  # no 31 Sep → ends 30 Sep


def test_month_end_birth_in_november_wraps_kindergeld_into_the_next_year() -> None:
    got = windows(date(2025, 11, 30), kita_deadline_months=3)
    assert got["elterngeld"][1] == date(2026, 2, 28)  # no 30 Feb: the 4th month starts 1 Mar
    assert got["kindergeld"][1] == date(2026, 5, 31)
    assert got["kita-registration"][1] == date(2026, 8, 30)  # 3 months before 30 Nov 2026


def test_births_on_the_days_the_clocks_change_count_whole_calendar_days() -> None:
    spring = windows(date(2026, 3, 29))  # clocks go forward at 2:00
    assert spring["u2"] == (date(2026, 3, 31), date(2026, 4, 7))
    assert spring["u3"] == (date(2026, 4, 19), date(2026, 5, 2))
    assert spring["u4"] == (date(2026, 5, 29), date(2026, 7, 28))
    autumn = windows(date(2026, 10, 25))  # clocks go back at 3:00
    assert autumn["u2"] == (date(2026, 10, 27), date(2026, 11, 3))
    assert autumn["u3"] == (date(2026, 11, 15), date(2026, 11, 28))


def test_town_deadline_is_counted_back_from_the_first_birthday() -> None:
    birth = date(2026, 3, 15)
    assert windows(birth, kita_deadline_months=6)["kita-registration"][1] == date(2026, 9, 15)
    assert windows(birth, kita_deadline_months=0)["kita-registration"][1] == date(2027, 3, 15)
    # a deadline longer than a year cannot lie before the birth
    assert windows(birth, kita_deadline_months=14)["kita-registration"][1] == birth


def test_due_items_and_completed_months() -> None:
    birth = date(2026, 1, 31)
    items = timeline.timeline(birth)
    due = {item.key for item in timeline.due(items, date(2026, 2, 12))}
    # U2's window ended on day 10, its tolerance runs to day 14; benefits are open
    assert {"u2", "elterngeld", "kindergeld", "kita-registration"} <= due
    assert "u3" not in due
    # at 40 days U4's tolerance (from the 2nd month) has begun, but U4 is not due yet
    assert "u4" not in {item.key for item in timeline.due(items, date(2026, 3, 11))}
    assert timeline.completed_months(birth, date(2026, 2, 28)) == 0
    assert timeline.completed_months(birth, date(2026, 3, 1)) == 1
    assert timeline.completed_months(birth, date(2027, 1, 31)) == 12
