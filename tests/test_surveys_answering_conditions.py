"""The conditions of a survey (``surveys.conditions``): "show when an earlier answer is /
is not / includes X", chains of them, and conditions pointing at something deleted."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from familienrathaus.surveys import conditions


def _q(code: str, *, on: Any = None, op: str = "", option: str = "") -> SimpleNamespace:
    return SimpleNamespace(
        code=code,
        text=f"Frage {code}",
        condition_question=on,
        condition_operator=op,
        condition_option=SimpleNamespace(code=option, label=option.upper()) if option else None,
    )


def test_is_is_not_includes():
    kids = _q("kinder")
    assert conditions.visible(_q("a", on=kids, op="is", option="ja"), {"kinder": {"ja"}})
    assert not conditions.visible(_q("a", on=kids, op="is", option="ja"), {"kinder": {"nein"}})
    # "is" on a multiple choice means exactly that option.
    assert not conditions.visible(_q("a", on=kids, op="is", option="ja"), {"kinder": {"ja", "x"}})
    assert conditions.visible(_q("a", on=kids, op="includes", option="ja"), {"kinder": {"ja", "x"}})
    assert not conditions.visible(_q("a", on=kids, op="includes", option="ja"), {})
    # "is not" holds while the earlier question is unanswered.
    assert conditions.visible(_q("a", on=kids, op="is_not", option="ja"), {})
    assert not conditions.visible(_q("a", on=kids, op="is_not", option="ja"), {"kinder": "ja"})


def test_a_condition_on_something_deleted_hides_nothing():
    assert conditions.visible(_q("a", on=None, op="is", option="ja"), {})
    assert conditions.visible(_q("a", on=_q("k"), op="is"), {})
    assert conditions.visible(_q("a"), {})
    assert conditions.describe(_q("a")) is None
    assert conditions.describe(_q("a", on=_q("k"), op="is", option="ja")) == ("Frage k", "is", "JA")


def test_a_chain_falls_away_from_its_first_link():
    first = _q("q1")
    second = _q("q2", on=first, op="is", option="ja")
    third = _q("q3", on=second, op="includes", option="bus")
    section = SimpleNamespace(condition_question=None, condition_operator="", condition_option=None)
    given = {"q1": {"ja"}, "q2": {"bus"}, "q3": {"x"}}

    def questions(_section: Any) -> list[Any]:
        return [first, second, third]

    assert set(conditions.prune([section], given, questions_of=questions)) == {"q1", "q2", "q3"}
    given["q1"] = {"nein"}
    assert set(conditions.prune([section], given, questions_of=questions)) == {"q1"}
