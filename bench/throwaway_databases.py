"""The two databases a bench runs on, each thrown away afterwards.

``postgres()`` starts a PostgreSQL server of its own through ``scripts/throwaway_postgres``
(Debian's server binaries) and yields its URL; ``sqlite(name)`` yields the URL of a file
in a temporary folder. A bench that needs the server's data folder (to read its size)
passes a list for ``datadir`` and finds the folder in it while the server runs.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@contextmanager
def postgres(datadir: list[Path] | None = None) -> Iterator[str]:
    sys.path.insert(0, str(ROOT / "scripts"))
    import throwaway_postgres as tp

    binaries = tp.find_server_binaries()
    if binaries is None:
        raise SystemExit(tp.NOT_FOUND_MESSAGE)
    initdb, pg_ctl = binaries
    workdir = tp.make_workdir()
    data = workdir / "data"
    logfile = workdir / "postgres.log"
    try:
        logfile.touch()
        if tp.running_as_root():
            shutil.chown(logfile, user=tp.SERVER_USER, group=tp.SERVER_USER)
        tp.init_cluster(initdb, data, workdir, logfile)
        port = tp.free_port()
        tp.start_server(pg_ctl, data, workdir, logfile, port)
        if datadir is not None:
            datadir[:] = [data]
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        if datadir is not None:
            datadir.clear()
        tp.stop_server(pg_ctl, data, workdir)
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def sqlite(name: str = "bench") -> Iterator[str]:
    workdir = Path(tempfile.mkdtemp(prefix=f"frh-{name}-"))
    try:
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
