"""One question on an answering page: reading what a family sent, checking it, turning it
into answer rows and back.

A question's answer travels as a *raw* dict of text, exactly as the form sent it, so a
page with a mistake shows everything typed again unchanged:

=========  ===============================================================
kind       raw
=========  ===============================================================
single     ``{"choice": "<option code>" | "__other" | "", "other": "…"}``
multiple   ``{"choices": ["<option code>", "__other", …], "other": "…"}``
scale      ``{"choice": "3" | "dk" | ""}``
matrix     ``{"items": {"<item code>": "3" | "dk" | ""}}``
number,    ``{"text": "…"}``
date, text
ranking    ``{"ranks": {"<option code>": "1" | ""}}``
district   ``{"choice": "<district pk>" | ""}``
=========  ===============================================================

Form field names are ``q-<code>`` (plus ``q-<code>-other``, ``q-<code>-<item or option
code>``); no JavaScript is needed for any kind: a ranking is a number select per option.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from familienrathaus.core import limits
from familienrathaus.surveys.models import Answer, Question

Raw = dict[str, Any]
OTHER = "__other"
DONT_KNOW = "dk"
TEXT_MAX = limits.TEXT_NOTE
OTHER_MAX = 300
EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2100, 12, 31)
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y")
K = Question.Kind


def field_name(question: Question, suffix: str = "") -> str:
    return f"q-{question.code}-{suffix}" if suffix else f"q-{question.code}"


def empty(question: Question) -> Raw:
    kind = question.kind
    if kind == K.SINGLE:
        return {"choice": "", "other": ""}
    if kind == K.MULTIPLE:
        return {"choices": [], "other": ""}
    if kind in (K.SCALE, K.DISTRICT):
        return {"choice": ""}
    if kind == K.MATRIX:
        return {"items": {item.code: "" for item in question.items.all()}}
    if kind == K.RANKING:
        return {"ranks": {option.code: "" for option in question.options.all()}}
    return {"text": ""}


def read(question: Question, data: Mapping[str, Any]) -> Raw:
    """The raw answer from POST data (a ``QueryDict`` or a plain dict)."""
    name = field_name(question)

    def one(key: str) -> str:
        return str(data.get(key, "") or "").strip()

    kind = question.kind
    if kind == K.SINGLE:
        return {"choice": one(name), "other": one(field_name(question, "other"))}
    if kind == K.MULTIPLE:
        values = data.getlist(name) if hasattr(data, "getlist") else data.get(name, [])
        if isinstance(values, str):
            values = [values]
        return {
            "choices": [str(v) for v in values if v],
            "other": one(field_name(question, "other")),
        }
    if kind in (K.SCALE, K.DISTRICT):
        return {"choice": one(name)}
    if kind == K.MATRIX:
        return {
            "items": {
                item.code: one(field_name(question, item.code)) for item in question.items.all()
            }
        }
    if kind == K.RANKING:
        return {
            "ranks": {
                option.code: one(field_name(question, option.code))
                for option in question.options.all()
            }
        }
    text = str(data.get(name, "") or "")
    return {"text": text.strip() if kind != K.TEXT else text.strip("\r\n ")}


def is_blank(question: Question, raw: Raw) -> bool:
    kind = question.kind
    if kind == K.SINGLE:
        return not raw["choice"] or (raw["choice"] == OTHER and not raw["other"])
    if kind == K.MULTIPLE:
        chosen = [c for c in raw["choices"] if c != OTHER]
        return not chosen and not (OTHER in raw["choices"] and raw["other"])
    if kind in (K.SCALE, K.DISTRICT):
        return not raw["choice"]
    if kind == K.MATRIX:
        return not any(raw["items"].values())
    if kind == K.RANKING:
        return not any(raw["ranks"].values())
    return not raw["text"]


def _parse_number(text: str) -> Decimal | None:
    cleaned = text.replace(" ", "").replace("\u00a0", "")
    if re.fullmatch(r"[+-]?\d{1,3}(\.\d{3})+(,\d+)?", cleaned):
        cleaned = cleaned.replace(".", "")  # 1.250,5 as Germans write it
    cleaned = cleaned.replace(",", ".")
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def parse_date(text: str) -> dt.date | None:
    for date_format in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), date_format).date()
        except ValueError:
            continue
    return None


def scale_ok(question: Question, value: str) -> bool:
    if value == DONT_KNOW:
        return question.dont_know
    try:
        return question.scale_min <= int(value) <= question.scale_max
    except ValueError:
        return False


def check(question: Question, raw: Raw, *, required: bool) -> str:
    """The message for the family, or "" when the answer can be stored."""
    kind = question.kind
    if is_blank(question, raw):
        if kind == K.SINGLE and raw["choice"] == OTHER:
            return _("Please write what you mean next to “Other”.")
        if kind == K.MULTIPLE and OTHER in raw["choices"] and not raw["other"]:
            return _("Please write what you mean next to “Other”.")
        return _("Please answer this question.") if required else ""
    option_codes = {option.code for option in question.options.all()}
    if kind == K.SINGLE:
        allowed = option_codes | ({OTHER} if question.allow_other else set())
        if raw["choice"] not in allowed:
            return _("Please choose one of the answers.")
        if raw["choice"] == OTHER and len(raw["other"]) > OTHER_MAX:
            return _("Please shorten your text to %(max)s characters.") % {"max": OTHER_MAX}
    elif kind == K.MULTIPLE:
        allowed = option_codes | ({OTHER} if question.allow_other else set())
        if not set(raw["choices"]) <= allowed:
            return _("Please choose among the answers shown.")
        if OTHER in raw["choices"] and not raw["other"]:
            return _("Please write what you mean next to “Other”.")
        if len(raw["other"]) > OTHER_MAX:
            return _("Please shorten your text to %(max)s characters.") % {"max": OTHER_MAX}
    elif kind == K.SCALE:
        if not scale_ok(question, raw["choice"]):
            return _("Please choose one of the points of the scale.")
    elif kind == K.MATRIX:
        values = raw["items"]
        if any(v and not scale_ok(question, v) for v in values.values()):
            return _("Please choose one of the points of the scale in every row.")
        if required and not all(values.values()):
            return _("Please answer every row.")
    elif kind == K.RANKING:
        return _check_ranking(question, raw, required=required)
    elif kind == K.DISTRICT:
        if not raw["choice"].isdigit():
            return _("Please choose your district from the list.")
    elif kind == K.NUMBER:
        return _check_number(question, raw["text"])
    elif kind == K.DATE:
        day = parse_date(raw["text"])
        if day is None:
            return _("Please enter a date like 31.12.2026.")
        if not EARLIEST <= day <= LATEST:
            return _("Please check the year of this date.")
    elif kind == K.TEXT and len(raw["text"]) > TEXT_MAX:
        return _("Please shorten your text to %(max)s characters (now %(length)s).") % {
            "max": number_format(TEXT_MAX, force_grouping=True),
            "length": number_format(len(raw["text"]), force_grouping=True),
        }
    return ""


def _check_ranking(question: Question, raw: Raw, *, required: bool) -> str:
    count = len(raw["ranks"])
    ranks = [v for v in raw["ranks"].values() if v]
    if any(not v.isdigit() or not 1 <= int(v) <= count for v in ranks):
        return _("Please give each answer a place from 1 to %(count)s.") % {"count": count}
    if len(set(ranks)) != len(ranks):
        return _("Each place may be given only once. Please check the numbers.")
    if required and len(ranks) != count:
        return _("Please give every answer a place.")
    if sorted(int(v) for v in ranks) != list(range(1, len(ranks) + 1)):
        return _("Please number the places without gaps, starting with 1.")
    return ""


def _check_number(question: Question, text: str) -> str:
    number = _parse_number(text)
    if number is None:
        return _("Please enter a number, e.g. 3 or 2,5.")
    if abs(number) >= Decimal("1e10"):
        return _("This number is too large.")
    low, high = question.number_min, question.number_max
    if (low is not None and number < low) or (high is not None and number > high):
        if low is not None and high is not None:
            return _("Please enter a number from %(min)s to %(max)s.") % {
                "min": number_format(low.normalize()),
                "max": number_format(high.normalize()),
            }
        if low is not None:
            return _("Please enter a number of at least %(min)s.") % {
                "min": number_format(low.normalize())
            }
        return _("Please enter a number of at most %(max)s.") % {
            "max": number_format(high.normalize()) if high is not None else ""
        }
    return ""


def chosen_codes(question: Question, raw: Raw) -> frozenset[str]:
    """The option codes a condition can look at (``conditions.visible``)."""
    if question.kind == K.SINGLE:
        return frozenset({raw["choice"]} - {"", OTHER})
    if question.kind == K.MULTIPLE:
        return frozenset(set(raw["choices"]) - {"", OTHER})
    if question.kind == K.RANKING:
        return frozenset(code for code, rank in raw["ranks"].items() if rank)
    return frozenset()


def to_answers(question: Question, raw: Raw) -> list[Answer]:
    """Unsaved answer rows (without ``response``) for a checked raw answer."""
    kind = question.kind
    options = {option.code: option for option in question.options.all()}
    rows: list[Answer] = []
    if is_blank(question, raw):
        return rows
    if kind in (K.SINGLE, K.MULTIPLE):
        choices = [raw["choice"]] if kind == K.SINGLE else raw["choices"]
        for code in choices:
            if code == OTHER:
                rows.append(Answer(question=question, value_text=raw["other"][:OTHER_MAX]))
            elif code in options:
                rows.append(Answer(question=question, option=options[code]))
    elif kind == K.SCALE:
        rows.append(_scale_answer(question, raw["choice"]))
    elif kind == K.MATRIX:
        for item in question.items.all():
            value = raw["items"].get(item.code, "")
            if value:
                answer = _scale_answer(question, value)
                answer.item = item
                rows.append(answer)
    elif kind == K.RANKING:
        for code, rank in raw["ranks"].items():
            if rank and code in options:
                rows.append(Answer(question=question, option=options[code], rank=int(rank)))
    elif kind == K.DISTRICT:
        rows.append(Answer(question=question, district_id=int(raw["choice"])))
    elif kind == K.NUMBER:
        number = _parse_number(raw["text"])
        rows.append(Answer(question=question, value_number=number))
    elif kind == K.DATE:
        rows.append(Answer(question=question, value_date=parse_date(raw["text"])))
    else:
        rows.append(Answer(question=question, value_text=raw["text"]))
    return rows


def _scale_answer(question: Question, value: str) -> Answer:
    if value == DONT_KNOW:
        return Answer(question=question, dont_know=True)
    return Answer(question=question, value_number=Decimal(int(value)))


def from_answers(question: Question, answers: Iterable[Answer]) -> Raw:
    """The raw answer for a page, from stored rows (the family comes back to a page)."""
    raw = empty(question)
    kind = question.kind
    for answer in answers:
        option, item = answer.option, answer.item
        if kind == K.SINGLE:
            if option is not None:
                raw["choice"] = option.code
            else:
                raw["choice"], raw["other"] = OTHER, answer.value_text
        elif kind == K.MULTIPLE:
            if option is not None:
                raw["choices"].append(option.code)
            else:
                raw["choices"].append(OTHER)
                raw["other"] = answer.value_text
        elif kind == K.SCALE:
            raw["choice"] = _scale_text(answer)
        elif kind == K.MATRIX and item is not None:
            raw["items"][item.code] = _scale_text(answer)
        elif kind == K.RANKING and option is not None:
            raw["ranks"][option.code] = str(answer.rank or "")
        elif kind == K.DISTRICT:
            raw["choice"] = str(answer.district_id or "")
        elif kind == K.NUMBER and answer.value_number is not None:
            raw["text"] = number_format(answer.value_number.normalize())
        elif kind == K.DATE and answer.value_date:
            raw["text"] = answer.value_date.isoformat()
        elif kind == K.TEXT:
            raw["text"] = answer.value_text
    return raw


def _scale_text(answer: Answer) -> str:
    if answer.dont_know:
        return DONT_KNOW
    return str(int(answer.value_number)) if answer.value_number is not None else ""
