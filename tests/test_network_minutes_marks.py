"""The inline marks of minutes: what a line "Beschluss: …" or "Aufgabe: … @Name bis …"
means, whom a name matches, and how a marked line is shown."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from familienrathaus.network import marks


def person(name: str, email: str) -> SimpleNamespace:
    return SimpleNamespace(name=name, email=email, pk=email)


ANNA = person("Anna Schmidt", "anna@kita.example")
ANDREAS = person("Andreas Schmidt", "a.schmidt@stadt.example")
BEN = person("Ben Yilmaz", "ben@awo.example")


def test_a_task_line_names_its_owner_and_due_date_in_either_order() -> None:
    first = marks.parse_line("Aufgabe: Einladung verschicken @Anna Schmidt bis 31.01.2027")
    second = marks.parse_line("- **Aufgabe:** Flyer drucken bis 2027-02-01 @Ben")
    assert first == marks.Mark(
        kind=marks.TASK,
        text="Einladung verschicken",
        line=1,
        owner_name="Anna Schmidt",
        due_on=dt.date(2027, 1, 31),
    )
    assert (second.text, second.owner_name, second.due_on) == (  # type: ignore[union-attr]
        "Flyer drucken",
        "Ben",
        dt.date(2027, 2, 1),
    )


def test_template_lines_and_addresses_in_the_text_are_no_marks() -> None:
    text = "Bericht:\n\nBeschluss:\nAufgabe:\nAufgabe: Mail an info@kita.example schreiben"
    [only] = marks.parse(text)
    assert (only.text, only.owner_name, only.line) == ("Mail an info@kita.example schreiben", "", 5)


def test_an_impossible_date_is_kept_as_typed_and_reported() -> None:
    mark = marks.parse_line("Aufgabe: Raum buchen bis 31.02.2027")
    assert mark is not None and mark.due_on is None and mark.due_text == "31.02.2027"
    _owner, problems = marks.problems_of(mark, "TOP 1", [ANNA])
    assert "31.02.2027" in problems[0].message


def test_owner_names_match_by_full_name_unique_first_name_or_address() -> None:
    people = [ANNA, ANDREAS, BEN]
    assert marks.match_owner("anna schmidt", people) == (ANNA, [])
    assert marks.match_owner("Ben", people) == (BEN, [])
    assert marks.match_owner("a.schmidt@stadt.example", people) == (ANDREAS, [])
    assert marks.match_owner("Schmidt", people) == (None, [ANNA, ANDREAS])
    assert marks.match_owner("Carla", people) == (None, [])


def test_a_marked_line_is_shown_highlighted_and_escaped() -> None:
    html = str(marks.render("Bericht: gut\nBeschluss: <b>Ja</b> zum Fest"))
    assert "<p>Bericht: gut</p>" in html
    assert 'class="frh-mark frh-mark--decision"' in html
    assert "&lt;b&gt;Ja&lt;/b&gt; zum Fest" in html
