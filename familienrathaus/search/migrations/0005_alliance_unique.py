"""The index per alliance: a token per kind *and alliance*, and on PostgreSQL the
lexemes of ``search_term`` per alliance (compound parts and word parts are looked up
in the searching alliance's own words only).

``SearchIndexState`` is a cache key, never the truth: it is made anew (a kind without
a token is searched uncached until its next write).
"""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

import familienrathaus.core.models.alliance

POSTGRESQL_FORWARD = [
    "DROP TRIGGER IF EXISTS search_entry_terms ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_terms()",
    "DROP TABLE IF EXISTS search_term",
    """CREATE TABLE search_term (
        alliance_id bigint NOT NULL, term text NOT NULL, PRIMARY KEY (alliance_id, term)
    )""",
    """CREATE FUNCTION search_entry_terms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_term (alliance_id, term)
        SELECT NEW.alliance_id, unnest(tsvector_to_array(NEW.document))
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_entry_terms AFTER INSERT OR UPDATE OF document, alliance_id
        ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_terms()""",
    """INSERT INTO search_term (alliance_id, term)
        SELECT DISTINCT alliance_id, unnest(tsvector_to_array(document)) FROM search_searchentry
        ON CONFLICT DO NOTHING""",
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS search_entry_terms ON search_searchentry",
    "DROP FUNCTION IF EXISTS search_entry_terms()",
    "DROP TABLE IF EXISTS search_term",
    "CREATE TABLE search_term (term text PRIMARY KEY)",
    """CREATE FUNCTION search_entry_terms() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO search_term (term) SELECT unnest(tsvector_to_array(NEW.document))
        ON CONFLICT DO NOTHING;
        RETURN NULL;
    END $$""",
    """CREATE TRIGGER search_entry_terms AFTER INSERT OR UPDATE OF document
        ON search_searchentry FOR EACH ROW EXECUTE FUNCTION search_entry_terms()""",
    """INSERT INTO search_term (term)
        SELECT DISTINCT unnest(tsvector_to_array(document)) FROM search_searchentry
        ON CONFLICT DO NOTHING""",
]


def _run(schema_editor: Any, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return  # SQLite: the FTS5 rows are the entries' (rowid = entry id), nothing to do
    with schema_editor.connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def forward(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, POSTGRESQL_FORWARD)


def backward(apps: Any, schema_editor: Any) -> None:
    _run(schema_editor, POSTGRESQL_BACKWARD)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0016_alliance_content"),
        ("search", "0004_alliance"),
    ]

    operations = [
        migrations.DeleteModel(name="SearchIndexState"),
        migrations.CreateModel(
            name="SearchIndexState",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("kind", models.CharField(max_length=50)),
                ("token", models.CharField(max_length=32)),
                (
                    "alliance",
                    models.ForeignKey(
                        default=familienrathaus.core.models.alliance.current_alliance_id,
                        editable=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="core.alliance",
                        verbose_name="alliance",
                    ),
                ),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(
                        fields=("alliance", "kind"), name="search_searchindexstate_kind"
                    )
                ],
            },
        ),
        migrations.RunPython(forward, backward, elidable=False),
    ]
