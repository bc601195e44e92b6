"""The PostgreSQL backend of the search engine (see ``engine``'s docstring)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import connection

from familienrathaus.core import tenancy
from familienrathaus.search import engine, languages
from familienrathaus.search.engine import (
    CONTAINING_MAX,
    PREFIX_MIN,
    SUBSTRING_MIN,
    TITLE_WEIGHT,
    Document,
    Hit,
    QueryWord,
)
from familienrathaus.search.languages import GERMAN


class PostgresBackend:
    """``document`` (tsvector) on the entry itself; ``search_term`` its lexemes.

    Each entry is analysed with its language's configuration (``languages.ts_config``:
    ``german`` for German), and a query against the entries of a language with the same.
    ``search_term`` holds the lexemes per alliance (see the search migration 0005).
    """

    @staticmethod
    def _ts_term(word: str, config: str) -> str:
        if config == languages.SIMPLE:  # no stemmer: the word's start (as on SQLite)
            word = languages.simple_prefix(word)
        return f"{word}:*" if len(word) >= PREFIX_MIN else word

    def _ts_word(self, word: QueryWord, config: str) -> str:
        alternatives = [self._ts_term(word.word, config)]
        for left, right in word.splits:
            left_term, right_term = self._ts_term(left, config), self._ts_term(right, config)
            alternatives.append(f"({left_term} & {right_term})")
        return alternatives[0] if len(alternatives) == 1 else "(" + " | ".join(alternatives) + ")"

    def write(self, entries: Sequence[tuple[int, Document]]) -> None:
        with connection.cursor() as cursor:
            cursor.executemany(
                "UPDATE search_searchentry SET document = "
                "setweight(to_tsvector(%s::regconfig, %s), 'A') || "
                "setweight(to_tsvector(%s::regconfig, %s), 'B') WHERE id = %s",
                [  # lower-cased here: a cluster in the C locale lowers ASCII letters only
                    (config, document.title.lower(), config, document.body.lower(), pk)
                    for pk, document in entries
                    for config in [languages.ts_config(document.language)]
                ],
            )

    def forget(self, entry_ids: Sequence[int]) -> None:
        pass

    def known_words(self, words: set[str]) -> set[str]:
        # search_term: every lexeme of every entry, kept by a trigger (see the migrations).
        if not words:
            return set()
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w FROM unnest(%s::text[]) AS w WHERE EXISTS (SELECT 1 FROM search_term "
                "WHERE alliance_id = %s "
                "AND term = ANY (tsvector_to_array(to_tsvector('german', w))))",
                [sorted(words), tenancy.require().pk],
            )
            return {row[0] for row in cursor.fetchall()}

    def stop_words(self, words: Sequence[str], language: str) -> set[str]:
        """The words the language's configuration drops (a query of them finds nothing)."""
        if language == GERMAN or not words:
            return set()  # german.STOP_WORDS is PostgreSQL's own list
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w FROM unnest(%s::text[]) AS w "
                "WHERE numnode(plainto_tsquery(%s::regconfig, w)) = 0",
                [list(words), languages.ts_config(language)],
            )
            return {row[0] for row in cursor.fetchall()}

    def _containing(self, words: Sequence[QueryWord], config: str) -> dict[str, list[str]]:
        """Per word: the indexed lexemes that contain it but do not start with it (rule 3).

        The part looked for is the word's stem ("beratung" → "berat", inside
        "erziehungsberat"), or the word itself when its stem is shorter than
        ``SUBSTRING_MIN`` ("eltern" → "elt"). At most ``CONTAINING_MAX`` lexemes (in
        alphabetical order) per word.
        """
        wanted = [word for word in words if word.substring]
        if not wanted:
            return {}
        with connection.cursor() as cursor:
            cursor.execute(
                "WITH part AS (SELECT w, CASE WHEN length(s) >= %s THEN s ELSE f END AS p "
                "FROM (SELECT w, f, (tsvector_to_array(to_tsvector(%s::regconfig, w)))[1] AS s "
                "FROM unnest(%s::text[], %s::text[]) AS x (w, f)) stems) "
                "SELECT w, t.term FROM part, LATERAL (SELECT term FROM search_term "
                "WHERE alliance_id = %s "
                "AND term LIKE '%%' || p || '%%' AND term NOT LIKE p || '%%' "
                "ORDER BY term LIMIT %s) t",
                [
                    SUBSTRING_MIN,
                    config,
                    [word.word for word in wanted],
                    [word.folded for word in wanted],
                    tenancy.require().pk,
                    CONTAINING_MAX,
                ],
            )
            rows = cursor.fetchall()
        found: dict[str, list[str]] = {word.word: [] for word in wanted}
        for word, term in rows:
            found[word].append(term)
        return found

    def search(
        self, kind: str, query: Sequence[QueryWord], *, ranked: bool, language: str
    ) -> list[Hit]:
        config = languages.ts_config(language)
        containing = self._containing(query, config)
        conditions: list[str] = []
        params: list[Any] = []
        for word in query:
            lexemes = containing.get(word.word, [])
            if lexemes:
                exact = " | ".join(_tsquery_literal(lexeme) for lexeme in lexemes)
                conditions.append("e.document @@ (to_tsquery(%s::regconfig, %s) || %s::tsquery)")
                params += [config, self._ts_word(word, config), exact]
            else:
                conditions.append("e.document @@ to_tsquery(%s::regconfig, %s)")
                params += [config, self._ts_word(word, config)]
        where = "WHERE e.alliance_id = %s AND e.kind = %s AND e.language = %s AND " + (
            " AND ".join(conditions)
        )
        alliance = tenancy.require().pk
        with connection.cursor() as cursor:
            if not ranked:
                sql = f"SELECT e.object_id FROM search_searchentry e {where}"  # noqa: S608
                cursor.execute(sql, [alliance, kind, language, *params])
                return [(row[0], 0.0, "") for row in cursor.fetchall()]
            in_title = " + ".join(
                ["(strpos(lower(e.title), %s) + strpos(lower(e.title), %s) > 0)::int"] * len(query)
            )
            any_word = " | ".join(self._ts_word(word, config) for word in query)
            # Weights of D, C, B (body), A (title); normalisation 32: rank / (rank + 1).
            weights = f"{{0.1, 0.2, {1.0 / TITLE_WEIGHT}, 1.0}}"
            cursor.execute(
                f"SELECT e.object_id, {in_title} + "  # noqa: S608
                "ts_rank(%s::float4[], e.document, to_tsquery(%s::regconfig, %s), 32) AS score, "
                f"e.title FROM search_searchentry e {where} "
                "ORDER BY score DESC, lower(e.title), e.object_id",
                [
                    *(value for word in query for value in (word.word, word.folded)),
                    weights,
                    config,
                    any_word,
                    alliance,
                    kind,
                    language,
                    *params,
                ],
            )
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]


def _tsquery_literal(lexeme: str) -> str:
    """A lexeme as a quoted tsquery operand (taken as it is, not stemmed again)."""
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


engine.BACKENDS["postgresql"] = PostgresBackend
