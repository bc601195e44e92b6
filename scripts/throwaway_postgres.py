"""Run a command against a throwaway PostgreSQL server.

The test suite has to pass on PostgreSQL as well as on SQLite. To keep that
cheap, a developer (or CI job) should not need a configured, running
PostgreSQL: this script builds a fresh cluster in a temporary directory from
Debian's server binaries, starts it on a free port on 127.0.0.1 with all
durability switched off (fsync, synchronous commit, full page writes - the
data is thrown away anyway), runs the given command with ``DATABASE_URL``
pointing at it, and then stops the server and deletes the directory again,
also when the command fails or the script is interrupted (Ctrl-C, SIGTERM).

Usage::

    .venv/bin/python scripts/throwaway_postgres.py -- <command> [args...]

``initdb`` and ``postgres`` refuse to run as root. When started as root (as in
containers), the script therefore hands the temporary directory to the Debian
user ``postgres`` and runs the server binaries through ``runuser``.

Exit status: that of the command, or 2 if no server could be provided.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from types import FrameType

SERVER_USER = "postgres"
DEBIAN_BIN_GLOB = "/usr/lib/postgresql/*/bin"
NOT_FOUND_MESSAGE = (
    "PostgreSQL server binaries not found: "
    "install the Debian package 'postgresql' (apt-get install postgresql)"
)
EXIT_SETUP_FAILED = 2
LOG_TAIL_LINES = 40


class SetupError(Exception):
    """The throwaway server could not be created or started."""


def _version_key(bin_dir: str) -> tuple[int, ...]:
    """Sort key for /usr/lib/postgresql/<version>/bin, e.g. "16" or "9.6"."""
    version = Path(bin_dir).parent.name
    try:
        return tuple(int(part) for part in version.split("."))
    except ValueError:
        return (-1,)


def find_server_binaries() -> tuple[str, str] | None:
    """Return the paths of (initdb, pg_ctl), newest Debian version first."""
    for bin_dir in sorted(glob.glob(DEBIAN_BIN_GLOB), key=_version_key, reverse=True):
        initdb = os.path.join(bin_dir, "initdb")
        pg_ctl = os.path.join(bin_dir, "pg_ctl")
        if os.access(initdb, os.X_OK) and os.access(pg_ctl, os.X_OK):
            return initdb, pg_ctl
    initdb_on_path = shutil.which("initdb")
    pg_ctl_on_path = shutil.which("pg_ctl")
    if initdb_on_path and pg_ctl_on_path:
        return initdb_on_path, pg_ctl_on_path
    return None


def running_as_root() -> bool:
    return os.geteuid() == 0


def server_command(args: Sequence[str]) -> list[str]:
    """Prefix a server binary invocation with runuser when we are root."""
    if running_as_root():
        return ["runuser", "-u", SERVER_USER, "--", *args]
    return list(args)


def make_workdir() -> Path:
    """Create the temporary directory and make it usable for the server user."""
    workdir = Path(tempfile.mkdtemp(prefix="throwaway-postgres-", dir="/tmp"))
    if running_as_root():
        workdir.chmod(0o755)
        shutil.chown(workdir, user=SERVER_USER, group=SERVER_USER)
    return workdir


def free_port() -> int:
    """Ask the kernel for a currently unused TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


def log_tail(logfile: Path, lines: int = LOG_TAIL_LINES) -> str:
    try:
        text = logfile.read_text(errors="replace")
    except OSError as exc:
        return f"(no log available: {exc})"
    return "\n".join(text.splitlines()[-lines:])


def run_server_tool(args: Sequence[str], workdir: Path, logfile: Path) -> None:
    """Run initdb/pg_ctl with output appended to logfile; raise SetupError on failure."""
    with logfile.open("ab") as log:
        try:
            subprocess.run(
                server_command(args),
                check=True,
                cwd=workdir,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        except (subprocess.CalledProcessError, OSError) as exc:
            raise SetupError(f"{Path(args[0]).name} failed: {exc}") from exc


def init_cluster(initdb: str, datadir: Path, workdir: Path, logfile: Path) -> None:
    run_server_tool(
        [
            initdb,
            "-D",
            str(datadir),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-locale",
            "--no-sync",
        ],
        workdir,
        logfile,
    )


def start_server(pg_ctl: str, datadir: Path, workdir: Path, logfile: Path, port: int) -> None:
    server_options = (
        f"-h 127.0.0.1 -p {port} -k {workdir} -F"
        " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    )
    run_server_tool(
        [pg_ctl, "-D", str(datadir), "-l", str(logfile), "-w", "-o", server_options, "start"],
        workdir,
        logfile,
    )


def stop_server(pg_ctl: str, datadir: Path, workdir: Path) -> None:
    """Stop the server if it (still) runs; never raise."""
    if not (datadir / "postmaster.pid").exists():
        return
    try:
        subprocess.run(
            server_command([pg_ctl, "-D", str(datadir), "-m", "fast", "-w", "stop"]),
            check=True,
            cwd=workdir,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
        )
    except (subprocess.CalledProcessError, OSError) as exc:
        print(f"throwaway_postgres: stopping the server failed: {exc}", file=sys.stderr)


def run_command(command: Sequence[str], port: int) -> int:
    """Run the user's command against the server and return its exit code."""
    env = dict(os.environ)
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/postgres"
    env["TEST_DATABASE_ENGINE"] = "postgresql"
    try:
        process = subprocess.Popen(command, env=env)
    except OSError as exc:
        print(f"throwaway_postgres: cannot run {command[0]!r}: {exc}", file=sys.stderr)
        return 127
    try:
        returncode = process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise
    return 128 - returncode if returncode < 0 else returncode


def raise_keyboard_interrupt(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


def ignore_interrupts() -> None:
    """Let the cleanup finish even if the user presses Ctrl-C again."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def parse_command(argv: Sequence[str]) -> list[str]:
    args = list(argv)
    if args and args[0] == "--":
        args = args[1:]
    return args


def main(argv: Sequence[str]) -> int:
    command = parse_command(argv)
    if not command:
        print(f"usage: {Path(sys.argv[0]).name} -- <command> [args...]", file=sys.stderr)
        return EXIT_SETUP_FAILED

    binaries = find_server_binaries()
    if binaries is None:
        print(NOT_FOUND_MESSAGE, file=sys.stderr)
        return EXIT_SETUP_FAILED
    initdb, pg_ctl = binaries

    signal.signal(signal.SIGTERM, raise_keyboard_interrupt)
    workdir = make_workdir()
    datadir = workdir / "data"
    logfile = workdir / "postgres.log"
    try:
        logfile.touch()
        if running_as_root():
            shutil.chown(logfile, user=SERVER_USER, group=SERVER_USER)
        try:
            init_cluster(initdb, datadir, workdir, logfile)
            port = free_port()
            start_server(pg_ctl, datadir, workdir, logfile, port)
        except SetupError as exc:
            print(f"throwaway_postgres: {exc}", file=sys.stderr)
            print(f"--- last lines of {logfile.name} ---", file=sys.stderr)
            print(log_tail(logfile), file=sys.stderr)
            return EXIT_SETUP_FAILED
        return run_command(command, port)
    except KeyboardInterrupt:
        print("throwaway_postgres: interrupted", file=sys.stderr)
        return 130
    finally:
        ignore_interrupts()
        stop_server(pg_ctl, datadir, workdir)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
