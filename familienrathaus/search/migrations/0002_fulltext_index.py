"""The full-text index next to ``search_searchentry``; what it is depends on the database.

SQLite: the FTS5 table ``search_fts`` whose rowid is the entry's id, filled by the
engine: ``title`` and ``body`` as Snowball stems (words), ``parts`` the folded words
and their endings (word parts, by prefix queries); ``search_fts_vocab`` lists the
words, to check compound parts. ``prefix`` indexes make the prefix queries cheap.

PostgreSQL: a ``tsvector`` column with the ``german`` configuration (title weight A,
body weight B), written by the engine, with a GIN index; ``search_term`` holds every
lexeme ever indexed (kept by a trigger, never pruned, which only costs a few rows),
to check compound parts and to find the lexemes that contain a word part.
"""

from typing import Any

from django.db import migrations

SQLITE_CREATE = [
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, parts, tokenize = 'unicode61 remove_diacritics 2', prefix = '4 5'
    )""",
    "CREATE VIRTUAL TABLE search_fts_vocab USING fts5vocab(search_fts, 'col')",
]
SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_fts_vocab",
    "DROP TABLE IF EXISTS search_fts",
]
POSTGRESQL_CREATE = [
    "ALTER TABLE search_searchentry ADD COLUMN document tsvector NOT NULL DEFAULT ''",
    "CREATE INDEX search_entry_document ON search_searchentry USING gin (document)",
    # Every lexeme ever indexed: to check compound parts and to find word parts.
    "CREATE TABLE search_term (term text PRIMARY KEY)",
    """CREATE FUNCTION search_entry_terms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_term (term) SELECT unnest(tsvector_to_array(NEW.document))
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_entry_terms AFTER INSERT OR UPDATE OF document
        ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_terms()""",
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS search_entry_terms ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_terms()",
    "DROP TABLE IF EXISTS search_term",
    "DROP INDEX IF EXISTS search_entry_document",
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS document",
]


def create(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            try:
                for statement in SQLITE_CREATE:
                    cursor.execute(statement)
            except Exception as exc:  # the sqlite3 library was built without FTS5
                raise RuntimeError("The search needs SQLite with FTS5.") from exc
    elif connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in POSTGRESQL_CREATE:
                cursor.execute(statement)


def drop(apps: Any, schema_editor: Any) -> None:
    connection = schema_editor.connection
    statements = {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP}.get(connection.vendor, [])
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
