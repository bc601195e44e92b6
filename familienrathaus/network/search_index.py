"""Full-text search over a group's minutes, decisions and documents (reusing ``search``).

Three kinds in :mod:`familienrathaus.search.engine`: ``network.minutes`` (the meeting's
title, the sections' headings and texts, the addenda), ``network.decision`` (its text)
and ``network.document`` (title, folder, what changed and the text extracted from the
newest version, see :mod:`familienrathaus.network.extract`). The index holds every
group's content; :func:`search` keeps only hits in groups the asking member belongs
to, so a hit never leaks a group's existence.

The writers call :func:`index_minutes`, :func:`index_decision` and
:func:`index_document` after each save (the minutes part reindexes its decisions too)
and :func:`remove` when something goes. :func:`rebuild` rebuilds all three kinds; the
command ``manage.py reindex_network`` runs it, and a restored backup runs that command
(``core.backup.REBUILD_COMMANDS``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.urls import NoReverseMatch, reverse

from familienrathaus.network.models import Decision, Document, DocumentVersion, Minutes
from familienrathaus.network.selectors.groups import visible_groups
from familienrathaus.search import engine, german
from familienrathaus.search.models import SearchEntry

MINUTES = "network.minutes"
DECISION = "network.decision"
DOCUMENT = "network.document"
KINDS = (MINUTES, DECISION, DOCUMENT)
# Hits shown per kind; a member narrows the words to see others.
LIMIT = 25


# --------------------------------------------------------------------------- documents


def _minutes_document(minutes: Minutes) -> engine.Document:
    meeting = minutes.meeting
    parts = [meeting.group.name]
    for section in minutes.sections.all():
        parts += [section.heading, section.body]
    parts += [addendum.text for addendum in minutes.addenda.all()]
    return engine.Document(
        object_id=minutes.pk, title=meeting.title, body="\n".join(p for p in parts if p)
    )


def _decision_document(decision: Decision) -> engine.Document:
    title = decision.text.strip().splitlines()[0][:200] if decision.text.strip() else ""
    return engine.Document(
        object_id=decision.pk,
        title=title,
        body="\n".join([decision.text, decision.minutes.meeting.title, decision.group.name]),
    )


def _document_document(document: Document) -> engine.Document:
    versions = list(document.versions.all())
    newest = max(versions, key=lambda v: v.number) if versions else None
    parts = [document.folder.name if document.folder else ""]
    parts += [version.note for version in versions]
    parts += [version.original_name for version in versions]
    if newest is not None:
        parts.append(newest.text)
    return engine.Document(
        object_id=document.pk, title=document.title, body="\n".join(p for p in parts if p)
    )


def _minutes() -> QuerySet[Minutes]:
    return Minutes.objects.select_related("meeting__group").prefetch_related("sections", "addenda")


def _decisions() -> QuerySet[Decision]:
    return Decision.objects.select_related("group", "minutes__meeting__group")


def _documents() -> QuerySet[Document]:
    return Document.objects.select_related("folder", "group").prefetch_related(
        Prefetch("versions", queryset=DocumentVersion.objects.order_by("number"))
    )


# --------------------------------------------------------------------------- writing


def index_minutes(minutes: Minutes) -> None:
    """Bring the entry of ``minutes`` (draft or approved) and its decisions up to date."""
    current = _minutes().filter(pk=minutes.pk).first()
    if current is None:
        engine.remove(MINUTES, [minutes.pk])
        return
    engine.put(MINUTES, _minutes_document(current))
    decisions = list(_decisions().filter(minutes=current))
    for decision in decisions:
        engine.put(DECISION, _decision_document(decision))
    # Decisions that went away with an edit of the draft.
    engine.remove(
        DECISION,
        set(SearchEntry.objects.filter(kind=DECISION).values_list("object_id", flat=True))
        - set(Decision.objects.values_list("pk", flat=True)),
    )


def index_decision(decision: Decision) -> None:
    current = _decisions().filter(pk=decision.pk).first()
    if current is None:
        engine.remove(DECISION, [decision.pk])
        return
    engine.put(DECISION, _decision_document(current))


def index_document(document: Document) -> None:
    current = _documents().filter(pk=document.pk).first()
    if current is None:
        engine.remove(DOCUMENT, [document.pk])
        return
    engine.put(DOCUMENT, _document_document(current))


def remove(kind: str, object_ids: Iterable[int]) -> None:
    """Drop entries (``kind`` one of :data:`KINDS`), e.g. of a deleted document."""
    engine.remove(kind, object_ids)


def rebuild() -> int:
    """Rebuild the three kinds from the rows; returns how many entries were written."""
    count = engine.rebuild(
        MINUTES, (_minutes_document(m) for m in _minutes().order_by("pk").iterator(chunk_size=200))
    )
    count += engine.rebuild(
        DECISION, (_decision_document(d) for d in _decisions().order_by("pk").iterator())
    )
    count += engine.rebuild(
        DOCUMENT,
        (_document_document(d) for d in _documents().order_by("pk").iterator(chunk_size=200)),
    )
    return count


# --------------------------------------------------------------------------- searching


@dataclass(frozen=True)
class Hit:
    kind: str
    title: str
    group: Any
    url: str
    when: Any = None  # a date or datetime to show
    excerpt: str = ""


@dataclass
class Results:
    minutes: list[Hit]
    decisions: list[Hit]
    documents: list[Hit]

    @property
    def total(self) -> int:
        return len(self.minutes) + len(self.decisions) + len(self.documents)


def _ordered(kind: str, text: str) -> list[int]:
    matches = engine.search(kind, text, ranked=True)
    if matches is None or matches.order is None:
        return []
    return list(matches.order)


def _by_order(rows: Iterable[Any], order: list[int]) -> list[Any]:
    position = {pk: n for n, pk in enumerate(order)}
    return sorted(rows, key=lambda row: position[row.pk])[:LIMIT]


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def excerpt(text: str, words: str, width: int = 180) -> str:
    """A piece of ``text`` around the first query word found in it (plain text)."""
    flat = " ".join(text.split())
    lower = flat.lower()
    found = min(
        (i for i in (lower.find(w.lower()) for w in words.split() if len(w) > 2) if i >= 0),
        default=0,
    )
    start = max(0, found - width // 3)
    piece = flat[start : start + width]
    return ("…" if start else "") + piece + ("…" if start + width < len(flat) else "")


def search(user: Any, text: str, *, group: Any = None) -> Results | None:
    """Hits for ``text`` in the groups ``user`` belongs to (or in ``group`` only).

    None when the text has no word to look for.
    """
    if not german.query_words(text):
        return None
    groups = visible_groups(user)
    if group is not None:
        groups = groups.filter(pk=group.pk)
    group_ids = list(groups.values_list("pk", flat=True))

    order = _ordered(MINUTES, text)
    minutes = _by_order(_minutes().filter(pk__in=order, meeting__group__in=group_ids), order)
    order = _ordered(DECISION, text)
    decisions = _by_order(_decisions().filter(pk__in=order, group__in=group_ids), order)
    order = _ordered(DOCUMENT, text)
    documents = _by_order(_documents().filter(pk__in=order, group__in=group_ids), order)
    return Results(
        minutes=[
            Hit(
                kind=MINUTES,
                title=m.meeting.title,
                group=m.meeting.group,
                url=_minutes_url(m),
                when=m.meeting.starts_at,
                excerpt=excerpt(_minutes_document(m).body, text),
            )
            for m in minutes
        ],
        decisions=[
            Hit(
                kind=DECISION,
                title=d.text,
                group=d.group,
                url=_minutes_url(d.minutes),
                when=d.decided_on,
            )
            for d in decisions
        ],
        documents=[
            Hit(
                kind=DOCUMENT,
                title=d.title,
                group=d.group,
                url=_url("network:document", slug=d.group.slug, pk=d.pk),
                when=d.updated_at,
                excerpt=excerpt(_document_document(d).body, text),
            )
            for d in documents
        ],
    )


def _minutes_url(minutes: Minutes) -> str:
    return _url("network:minutes-detail", slug=minutes.meeting.group.slug, pk=minutes.pk)
