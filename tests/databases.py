"""A fresh, empty database of the kind the suite runs on, for a second install.

On SQLite a new file; on PostgreSQL (``DATABASE_URL`` of the throwaway server) a new
database on the same server, dropped again afterwards.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import dj_database_url
import psycopg


def _server_admin() -> dict[str, Any] | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    config = dj_database_url.parse(url)
    return {
        "dbname": config["NAME"],
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
    }


@contextmanager
def fresh_database(directory: Path, label: str) -> Iterator[str]:
    """Yield the ``DATABASE_URL`` of a new, empty database."""
    admin = _server_admin()
    if admin is None:
        yield f"sqlite:///{directory / (label + '.sqlite3')}"
        return
    name = f"frh_{label}_{secrets.token_hex(4)}"
    with psycopg.connect(**admin, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(**admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
