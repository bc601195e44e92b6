"""Decisions and action items marked inline in minutes, and how they are shown.

The syntax (shown next to the minutes' editor, see ``templates/network/minutes/_syntax.html``)
is one line per mark, at the start of the line (a list dash ``-`` or ``*`` before it
and ``**bold**`` around the keyword are allowed)::

    Beschluss: Der Bündnistag findet am 15. Mai statt.
    Aufgabe: Einladung an alle Partner verschicken @Anna Schmidt bis 31.01.2027

- ``Beschluss:`` (or ``Decision:``) — the rest of the line is a decision.
- ``Aufgabe:`` (or ``Task:``, ``Action:``) — the rest of the line is an action item.
  ``@Name`` names whom it is for (a member of the group: full name, first or last
  name if only one member has it, or e-mail address); ``bis TT.MM.JJJJ`` (or
  ``by``/``due`` and ``JJJJ-MM-TT``) its due date. Both are optional, in either order,
  at the end of the line.

A line whose keyword has nothing after it (as in the template of a new section) is
no mark. Everything here is pure text processing: the services turn the marks into
``Decision`` and ``Task`` rows and report what could not be matched.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from familienrathaus.core import markdown

DECISION = "decision"
TASK = "task"

_KEYWORDS = {
    "beschluss": DECISION,
    "decision": DECISION,
    "aufgabe": TASK,
    "task": TASK,
    "action": TASK,
}
_LINE = re.compile(
    r"^\s*(?:[-*+]\s+)?(?:\*\*|__)?(?P<keyword>beschluss|decision|aufgabe|task|action)"
    r"\s*:\s*(?:\*\*|__)?\s*(?P<rest>.*?)\s*$",
    re.IGNORECASE,
)
_DUE = re.compile(
    r"(?:^|\s)(?:bis|by|due)\s+(?P<date>\d{1,2}\.\d{1,2}\.\d{2,4}|\d{4}-\d{1,2}-\d{1,2})\.?\s*$",
    re.IGNORECASE,
)
_OWNER = re.compile(r"(?:^|\s)@(?P<name>[^@]+?)\s*$")


@dataclass(frozen=True)
class Mark:
    """One marked line: a decision or an action item."""

    kind: str
    text: str
    line: int  # 1-based line number in the section's text
    owner_name: str = ""
    due_on: dt.date | None = None
    due_text: str = ""  # the date as typed, when it is not a real date

    @property
    def is_task(self) -> bool:
        return self.kind == TASK


def _parse_date(text: str) -> dt.date | None:
    try:
        if "-" in text:
            year, month, day = (int(part) for part in text.split("-"))
        else:
            day, month, year = (int(part) for part in text.split("."))
            if year < 100:
                year += 2000
        return dt.date(year, month, day)
    except ValueError:
        return None


def parse_line(line: str, number: int = 1) -> Mark | None:
    """The mark on one line, or None when the line is no mark."""
    match = _LINE.match(line)
    if match is None:
        return None
    kind = _KEYWORDS[match["keyword"].lower()]
    rest = match["rest"].strip()
    if not rest:
        return None
    if kind == DECISION:
        return Mark(kind=kind, text=rest, line=number)
    owner_name, due_text = "", ""
    # The owner and the due date stand at the end, in either order.
    due = _DUE.search(rest)
    if due is not None:
        due_text, rest = due["date"], rest[: due.start()].strip()
    owner = _OWNER.search(rest)
    if owner is not None:
        owner_name = owner["name"].strip().rstrip(".,;")
        rest = rest[: owner.start()].strip()
    due = _DUE.search(rest) if not due_text else None
    if due is not None:
        due_text, rest = due["date"], rest[: due.start()].strip()
    due_on = _parse_date(due_text) if due_text else None
    title = rest.strip(" ,;–-")
    if not title:
        title = owner_name or due_text
    return Mark(
        kind=kind,
        text=title,
        line=number,
        owner_name=owner_name,
        due_on=due_on,
        due_text="" if due_on else due_text,
    )


def parse(text: str) -> list[Mark]:
    """Every mark in a section's text, in order."""
    marks = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        mark = parse_line(line, number)
        if mark is not None:
            marks.append(mark)
    return marks


# --------------------------------------------------------------------------- owners


def _names(user: Any) -> tuple[str, str, str, str]:
    """Full name, first name, last name and e-mail address, folded for comparison."""
    full = (user.name or "").casefold().strip()
    parts = full.split()
    email = (user.email or "").casefold()
    return full, parts[0] if parts else "", parts[-1] if len(parts) > 1 else "", email


def match_owner(name: str, users: Iterable[Any]) -> tuple[Any | None, list[Any]]:
    """The one user ``name`` means among ``users``, else None and the candidates it
    could mean (empty when it means nobody)."""
    wanted = " ".join(name.casefold().split())
    if not wanted:
        return None, []
    people = list(users)
    tiers: list[list[Any]] = [
        [u for u in people if wanted in (_names(u)[0], _names(u)[3])],
        [u for u in people if wanted == _names(u)[3].split("@")[0]],
        [u for u in people if wanted in (_names(u)[1], _names(u)[2])],
        [u for u in people if _names(u)[0].startswith(wanted)],
    ]
    for found in tiers:
        if len(found) == 1:
            return found[0], []
        if found:
            return None, found
    return None, []


@dataclass(frozen=True)
class Problem:
    """A mark that could not be taken over fully; the text stays as it was typed."""

    heading: str
    line: int
    message: str


def problems_of(mark: Mark, heading: str, users: Sequence[Any]) -> tuple[Any | None, list[Problem]]:
    """The owner a task mark names and what is wrong with it (unknown or ambiguous
    name, a date that does not exist)."""
    found: list[Problem] = []
    owner = None
    if mark.owner_name:
        owner, candidates = match_owner(mark.owner_name, users)
        if owner is None and candidates:
            found.append(
                Problem(
                    heading,
                    mark.line,
                    _(
                        "“@%(name)s” could mean %(people)s. Please write the full name; "
                        "the task was saved without a person responsible."
                    )
                    % {
                        "name": mark.owner_name,
                        "people": ", ".join(str(user) for user in candidates),
                    },
                )
            )
        elif owner is None:
            found.append(
                Problem(
                    heading,
                    mark.line,
                    _(
                        "“@%(name)s” is not a member of this group. The task was saved "
                        "without a person responsible."
                    )
                    % {"name": mark.owner_name},
                )
            )
    if mark.due_text:
        found.append(
            Problem(
                heading,
                mark.line,
                _("“%(date)s” is not a date (DD.MM.YYYY). The task was saved without a due date.")
                % {"date": mark.due_text},
            )
        )
    return owner, found


# --------------------------------------------------------------------------- display


def _mark_html(mark: Mark) -> str:
    if mark.kind == DECISION:
        label = pgettext("minutes mark", "Decision")
        extra = ""
        css = "frh-mark frh-mark--decision"
    else:
        label = pgettext("minutes mark", "Task")
        bits = []
        if mark.owner_name:
            bits.append(_("for %(name)s") % {"name": mark.owner_name})
        if mark.due_on:
            bits.append(_("due %(date)s") % {"date": mark.due_on.strftime("%d.%m.%Y")})
        extra = f' <span class="frh-mark__meta">({escape(", ".join(bits))})</span>' if bits else ""
        css = "frh-mark frh-mark--task"
    return f'<p class="{css}"><strong>{escape(label)}:</strong> {escape(mark.text)}{extra}</p>'


def render(text: str) -> SafeString:
    """A section's text as safe HTML: Markdown, with each marked line as its own
    highlighted paragraph (label, text, owner and due date)."""
    chunks: list[str] = []
    plain: list[str] = []

    def flush() -> None:
        if plain:
            chunks.append(str(markdown.render("\n".join(plain))))
            plain.clear()

    for number, line in enumerate((text or "").splitlines(), start=1):
        mark = parse_line(line, number)
        if mark is None:
            plain.append(line)
        else:
            flush()
            chunks.append(_mark_html(mark))
    flush()
    return mark_safe("".join(chunks))  # noqa: S308  markdown.render sanitises, marks are escaped
