"""A small full-text search engine with two backends: SQLite FTS5 and PostgreSQL.

One table, ``SearchEntry``, holds a row per indexed object (``kind`` names the model,
e.g. "offers.offer"); next to it the database's own full-text index. Callers keep
both in sync with :func:`put`, :func:`remove` and :func:`rebuild` and ask with
:func:`search`, which returns the matching object ids with a score. Which objects
are searchable (e.g. only published offers) is the caller's business. Every write
also changes the kind's token in ``SearchIndexState`` (see ``facets``).

What a query matches
--------------------
The query is split into words; stop words ("und", "zum", …) are dropped. An entry
matches when it matches *every* remaining word, and it matches a word when

1. a word in it has the same stem or starts with that stem ("Beratungen" for
   "Beratung", "Kindergarten" for "Kinder"), or
2. the word is a compound whose two parts both occur in it as words, each by
   rule 1 ("Stillberatung" matches "Beratung zum Stillen"). A query word of at
   least ``german.MIN_COMPOUND`` letters is cut at every position; a cut counts if
   both parts are words of the index. Or
3. the word, of at least ``SUBSTRING_MIN`` letters, occurs inside a word of the text
   (umlauts and ß folded): word parts ("wegweis" finds "Familienwegweiser").

Ranking: first by how many query words occur in the title (as written, so word parts
count: "Zwergenturnen" for "Turnen"), then by the full-text rank (BM25 on SQLite,
``ts_rank`` on PostgreSQL, the title weighing more than the body), scaled to 0–1.

Languages: an object has an entry per language it is written in (German always); a
query in another language searches that language's entries (analysed as that language,
see ``languages``) and the German entries of the objects without one in it.

Alliances: every entry belongs to one alliance (``SearchEntry.alliance``), and a search
reads the active alliance's entries only; the raw SQL below says so itself. The words
that decide rule 2 and rule 3 (compound parts, lexemes containing a word part) are the
alliance's own too. Only BM25's word statistics on SQLite span the whole FTS5 table
(they change the order of the results a little, never which ones are found).

Results of the last ``RESULTS_CACHED`` queries are kept per process, keyed by the
alliance and the kind's token, which every write changes: a repeated search costs one
query for the token, and no result older than the last write is ever served.

The two backends
----------------
SQLite (FTS5, built into Python's sqlite3): there is no German stemmer in FTS5, so
this module stems in Python (``german.stem``, Snowball) before indexing and before
querying. ``search_fts`` has three columns: ``title`` and ``body`` as stems (rule 1
is a prefix query on them), ``parts`` every folded word with all its endings of
four letters or more (``german.endings``: rule 3 is a prefix query there, since any
part of a word starts one of its endings). Rule 2 looks the parts' stems up in
``search_fts_vocab``. So a whole query is one FTS5 MATCH. The entry row keeps only
the title; the text lives in the FTS5 table.
Cannot: stem irregular forms the Snowball rules miss ("Mütter"/"Mutter" meet,
"ging"/"gehen" do not); split compounds whose parts never occur alone in the index
(rule 3 still finds them by the letters); find a part that spans two words.

PostgreSQL (a ``tsvector`` column with the ``german`` configuration and a GIN index,
written by ``search.postgres``): rule 1 is ``to_tsquery('german', 'word:*')``, so PostgreSQL's
own Snowball stemmer and stop words. ``search_term`` (kept by a trigger) holds every
lexeme ever indexed: rule 2 looks the parts up there, and rule 3 takes the lexemes
that contain the word's stem ("berat" in "erziehungsberat"; the word itself if its
stem is shorter than four letters) and adds them to the tsquery, so every query is
answered by the GIN index. Both examples of the issue work: "wegweis" finds
"Familienwegweiser" by rule 3 (the lexeme "familienwegweis" contains "wegweis"; the
tsvector alone cannot do that), "Stillberatung" finds "Beratung zum Stillen" by
rule 2. Cannot: the same as SQLite; a word part inside more than ``CONTAINING_MAX``
different lexemes finds only the first of them; PostgreSQL's ``german`` dictionary
does not split compounds either (that would need an ispell dictionary).
"""

from __future__ import annotations

import threading
from array import array
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.db import connection, transaction

from familienrathaus.core import parts, tenancy
from familienrathaus.search import facets, german, languages
from familienrathaus.search.languages import GERMAN
from familienrathaus.search.models import SearchEntry

# Rule 3 (substring) only for query words at least this long: "rat" would be in too much.
SUBSTRING_MIN = german.MIN_SUBSTRING
# Prefix matching only for stems at least this long; shorter ones must match exactly.
PREFIX_MIN = 3
# PostgreSQL: rule 3 through at most this many lexemes containing a word.
CONTAINING_MAX = 500
# Weights in the ranking: the title against the body; word parts count less.
TITLE_WEIGHT = 5.0
PARTS_WEIGHT = 0.5


@dataclass(frozen=True)
class Document:
    object_id: int
    title: str
    body: str = ""
    language: str = GERMAN  # the language the title and body are written in


@dataclass(frozen=True)
class Matches:
    """What a query found: the object ids as a bitset and, if ranked, best first.

    The rank: first the number of query words in the title, then the full-text rank
    scaled to 0–1, then the title alphabetically.
    """

    bits: int
    order: array[int] | None = None


@dataclass(frozen=True)
class QueryWord:
    word: str  # lower case, as typed
    splits: tuple[tuple[str, str], ...]  # compound parts found in the index (rule 2)
    language: str = GERMAN  # how the word is analysed (see ``languages``)

    @property
    def folded(self) -> str:
        return german.fold(self.word)

    @property
    def substring(self) -> bool:
        return len(self.folded) >= SUBSTRING_MIN


# A backend's answer: (object id, score, title) per entry, best first when ranked.
Hit = tuple[int, float, str]


class Backend(Protocol):
    def write(self, entries: Sequence[tuple[int, Document]]) -> None: ...
    def forget(self, entry_ids: Sequence[int]) -> None: ...
    def known_words(self, words: set[str]) -> set[str]: ...
    def stop_words(self, words: Sequence[str], language: str) -> set[str]: ...
    def search(
        self, kind: str, query: Sequence[QueryWord], *, ranked: bool, language: str
    ) -> list[Hit]: ...


# --------------------------------------------------------------------------- SQLite


class SqliteBackend:
    """FTS5: stems of title and body and the word endings in ``search_fts`` (rowid =
    entry id); one MATCH per query does all three rules."""

    @staticmethod
    def _fts_term(stem: str) -> str:
        # Stems are letters and digits only (german.words), so quoting is enough.
        return f'"{stem}"*' if len(stem) >= PREFIX_MIN else f'"{stem}"'

    def _fts_word(self, word: QueryWord) -> str:
        if word.language != GERMAN:  # folded words, matched by their start
            expression = f"{{title body}} : {self._fts_term(languages.simple_prefix(word.word))}"
            if word.substring:
                expression += f' OR parts : "{word.folded}"*'
            return f"({expression})"
        alternatives = [self._fts_term(german.stem(word.word))]
        for left, right in word.splits:
            left_term = self._fts_term(german.stem(left))
            right_term = self._fts_term(german.stem(right))
            alternatives.append(f"({left_term} AND {right_term})")
        words = alternatives[0] if len(alternatives) == 1 else " OR ".join(alternatives)
        expression = f"{{title body}} : ({words})"
        if word.substring:
            expression += f' OR parts : "{word.folded}"*'
        return f"({expression})"

    def write(self, entries: Sequence[tuple[int, Document]]) -> None:
        self.forget([pk for pk, _document in entries])
        with connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO search_fts (rowid, title, body, parts) VALUES (%s, %s, %s, %s)",
                [
                    (
                        pk,
                        *(
                            (german.stems(d.title), german.stems(d.body))
                            if d.language == GERMAN
                            else (languages.simple_words(d.title), languages.simple_words(d.body))
                        ),
                        german.endings(f"{d.title}\n{d.body}"),
                    )
                    for pk, d in entries
                ],
            )

    def forget(self, entry_ids: Sequence[int]) -> None:
        if entry_ids:
            with connection.cursor() as cursor:
                cursor.executemany(
                    "DELETE FROM search_fts WHERE rowid = %s", [(pk,) for pk in entry_ids]
                )

    def forget_orphans(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM search_fts WHERE rowid NOT IN (SELECT id FROM search_searchentry)"
            )

    def known_words(self, words: set[str]) -> set[str]:
        stems = {word: german.stem(word) for word in words}
        if not stems:
            return set()
        placeholders = ", ".join(["%s"] * len(set(stems.values())))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT term FROM search_fts_vocab "  # noqa: S608 - only placeholders
                f"WHERE term IN ({placeholders}) AND col IN ('title', 'body')",
                sorted(set(stems.values())),
            )
            known = {row[0] for row in cursor.fetchall()}
            # The vocabulary spans all alliances: keep the stems in this alliance's entries.
            known = self._in_alliance(cursor, sorted(known))
        return {word for word, stem in stems.items() if stem in known}

    @staticmethod
    def _in_alliance(cursor: Any, stems: list[str]) -> set[str]:
        if not stems:
            return set()
        exists = (
            "SELECT %s WHERE EXISTS (SELECT 1 FROM search_fts f "
            "JOIN search_searchentry e ON e.id = f.rowid "
            "WHERE search_fts MATCH %s AND e.alliance_id = %s)"
        )
        alliance = tenancy.require().pk
        cursor.execute(
            " UNION ALL ".join([exists] * len(stems)),
            [value for stem in stems for value in (stem, f'{{title body}} : "{stem}"', alliance)],
        )
        return {row[0] for row in cursor.fetchall()}

    def stop_words(self, words: Sequence[str], language: str) -> set[str]:
        return set()  # languages.query_words already dropped them

    def search(
        self, kind: str, query: Sequence[QueryWord], *, ranked: bool, language: str
    ) -> list[Hit]:
        match = " AND ".join(self._fts_word(word) for word in query)
        with connection.cursor() as cursor:
            if not ranked:
                cursor.execute(
                    "SELECT e.object_id FROM search_searchentry e WHERE e.alliance_id = %s "
                    "AND e.kind = %s AND e.language = %s "
                    "AND e.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)",
                    [tenancy.require().pk, kind, language, match],
                )
                return [(row[0], 0.0, "") for row in cursor.fetchall()]
            # lower() of SQLite folds ASCII letters only, hence the word as typed and folded.
            in_title = " + ".join(
                ["(instr(lower(e.title), %s) + instr(lower(e.title), %s) > 0)"] * len(query)
            )
            cursor.execute(
                f"SELECT e.object_id, {in_title} + r.score / (r.score - 1.0) AS score, "  # noqa: S608
                "e.title FROM (SELECT rowid AS id, bm25(search_fts, %s, 1.0, %s) AS score "
                "FROM search_fts WHERE search_fts MATCH %s) r "
                "JOIN search_searchentry e ON e.id = r.id WHERE e.alliance_id = %s "
                "AND e.kind = %s AND e.language = %s "
                "ORDER BY score DESC, lower(e.title), e.object_id",
                [
                    *(value for word in query for value in (word.word, word.folded)),
                    TITLE_WEIGHT,
                    PARTS_WEIGHT,
                    match,
                    tenancy.require().pk,
                    kind,
                    language,
                ],
            )
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]


# ------------------------------------------------------------------------- the API


# The backend of each database vendor; search.postgres adds PostgreSQL's (imported by
# the app's ready(), as it builds on this module).
BACKENDS: dict[str, Callable[[], Backend]] = {"sqlite": SqliteBackend}


def backend() -> Backend:
    make = BACKENDS.get(connection.vendor)
    if make is None:
        raise NotImplementedError(f"no search backend for {connection.vendor}")
    return make()


def put(kind: str, document: Document | Sequence[Document]) -> None:
    """Index one object (insert or replace): one document, or one per language it has
    text in; the object's entries in any other language are dropped."""
    documents = [document] if isinstance(document, Document) else list(document)
    if not documents:
        return
    object_id = documents[0].object_id
    if any(d.object_id != object_id for d in documents):
        raise ValueError("put() indexes one object at a time")
    with transaction.atomic():
        entries = []
        for doc in documents:
            entry, _created = SearchEntry.objects.update_or_create(
                kind=kind,
                object_id=object_id,
                language=doc.language,
                defaults={"title": doc.title},
            )
            entries.append((entry.pk, doc))
        engine = backend()
        stale = SearchEntry.objects.filter(kind=kind, object_id=object_id).exclude(
            language__in=[d.language for d in documents]
        )
        stale_ids = list(stale.values_list("pk", flat=True))
        if stale_ids:
            engine.forget(stale_ids)
            SearchEntry.objects.filter(pk__in=stale_ids).delete()
        engine.write(entries)
        facets.changed(kind)


def remove(kind: str, object_ids: Iterable[int]) -> None:
    """Drop the entries (in every language) of these objects, if there are any."""
    with transaction.atomic():
        entries = SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids))
        entry_ids = list(entries.values_list("pk", flat=True))
        if entry_ids:
            backend().forget(entry_ids)
            SearchEntry.objects.filter(pk__in=entry_ids).delete()
            facets.changed(kind)


def rebuild(kind: str, documents: Iterable[Document], *, batch_size: int = 500) -> int:
    """Replace all entries of ``kind`` by ``documents`` (several per object: one per
    language); returns how many entries were written."""
    engine = backend()
    count = 0
    with transaction.atomic():
        old = list(SearchEntry.objects.filter(kind=kind).values_list("pk", flat=True))
        engine.forget(old)
        SearchEntry.objects.filter(kind=kind).delete()
        if isinstance(engine, SqliteBackend):
            engine.forget_orphans()
        batch: list[Document] = []
        for document in documents:
            batch.append(document)
            if len(batch) >= batch_size:
                count += _insert(engine, kind, batch)
                batch = []
        count += _insert(engine, kind, batch)
        facets.changed(kind)
    return count


def _insert(engine: Backend, kind: str, documents: list[Document]) -> int:
    if not documents:
        return 0
    created = SearchEntry.objects.bulk_create(
        [
            SearchEntry(kind=kind, object_id=d.object_id, language=d.language, title=d.title)
            for d in documents
        ]
    )
    if any(entry.pk is None for entry in created):  # backends without RETURNING
        lookup = {
            (object_id, language): pk
            for object_id, language, pk in SearchEntry.objects.filter(
                kind=kind, object_id__in=[d.object_id for d in documents]
            ).values_list("object_id", "language", "pk")
        }
        for entry in created:
            entry.pk = lookup[(entry.object_id, entry.language)]
    engine.write([(entry.pk, document) for entry, document in zip(created, documents, strict=True)])
    return len(created)


def parse(words: Sequence[str], language: str = GERMAN) -> list[QueryWord]:
    """The query words with the compound splits the index knows (rule 2, German only)."""
    if language != GERMAN:
        return [QueryWord(word=word, splits=(), language=language) for word in words]
    candidates = {word: german.compound_splits(word) for word in words}
    parts = {part for splits in candidates.values() for split in splits for part in split}
    known = backend().known_words(parts) if parts else set()
    return [
        QueryWord(
            word=word,
            splits=tuple(
                (left, right)
                for left, right in candidates[word]
                if left in known and right in known
            ),
        )
        for word in words
    ]


# The last results per process, keyed by the index token: a write changes the token, so
# nothing older than the last write is ever served. A cache, never the truth.
_results: OrderedDict[tuple[str, int, str, str, bool, str, tuple[str, ...]], Matches] = (
    OrderedDict()
)
RESULTS_CACHED = 128
_results_lock = threading.Lock()


def search(
    kind: str, text: str, *, ranked: bool = True, language: str | None = None
) -> Matches | None:
    """Entries of ``kind`` that match every word of ``text`` (see the module docstring).

    ``language`` (default: the current one) chooses the entries searched: its own, and
    the German ones of objects that have none in it; the query is analysed as that
    language for the former and as German for the latter. None when ``text`` has no
    word to search for (empty, or only stop words). Without ``ranked`` there is no
    order, which saves the ranking. Nothing of a part the alliance does not use
    (core.parts; a kind is named ``<app label>.<model>``).
    """
    if not parts.app_used(kind.split(".", 1)[0]):
        return Matches(bits=0, order=array("q") if ranked else None)
    language = languages.normalise(language) if language else languages.current()
    token = facets.current_token(kind)
    translated = _translated(kind, language, token) if language != GERMAN else frozenset()
    if not translated:
        language = GERMAN  # nothing written in it: the German search, as it is
    words = tuple(german.query_words(text))
    own_words = tuple(languages.query_words(text, language)) if translated else ()
    if not words and not own_words:
        return None
    alliance = tenancy.require().pk
    key = (connection.alias, alliance, kind, token, ranked, language, (*words, "|", *own_words))
    if token:
        with _results_lock:
            # A ranked result serves an unranked request too.
            for wanted in [key] if ranked else [key, (*key[:4], True, *key[5:])]:
                if wanted in _results:
                    _results.move_to_end(wanted)
                    return _results[wanted]
    engine = backend()
    hits: list[Hit] = []
    if own_words:
        dropped = engine.stop_words(own_words, language)
        if wanted_words := [word for word in own_words if word not in dropped]:
            query = parse(wanted_words, language)
            hits += engine.search(kind, query, ranked=ranked, language=language)
    if words:
        german_hits = engine.search(kind, parse(words), ranked=ranked, language=GERMAN)
        hits += [hit for hit in german_hits if hit[0] not in translated]
    if ranked and own_words:  # two lists to merge: by score, then title
        hits.sort(key=lambda hit: (-hit[1], german.fold(hit[2]), hit[0]))
    ids = [hit[0] for hit in hits]
    matches = Matches(bits=facets.bits(ids), order=array("q", ids) if ranked else None)
    if token:
        with _results_lock:
            _results[key] = matches
            while len(_results) > RESULTS_CACHED:
                _results.popitem(last=False)
    return matches


# Per alliance, kind and language: the index token and the objects that have an entry in it.
_translated_cache: dict[tuple[str, int, str, str], tuple[str, frozenset[int]]] = {}


def _translated(kind: str, language: str, token: str) -> frozenset[int]:
    key = (connection.alias, tenancy.require().pk, kind, language)
    cached = _translated_cache.get(key)
    if token and cached is not None and cached[0] == token:
        return cached[1]
    entries = SearchEntry.objects.filter(kind=kind, language=language)
    found = frozenset(entries.values_list("object_id", flat=True))
    if token:
        _translated_cache[key] = (token, found)
    return found
