"""Links in mails point to the port the dev server runs on (`make run PORT=…`), and the
worker of `make run` does not slow the pages down."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def site_url(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT", "DJANGO_ENV"}}
    result = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env={**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def test_site_url_follows_port() -> None:
    assert site_url() == "http://127.0.0.1:8000"
    assert site_url(PORT="8123") == "http://127.0.0.1:8123"
    assert site_url(PORT="8123", SITE_URL="https://familie.example.org/") == (
        "https://familie.example.org"
    )


def test_run_dev_gives_web_server_and_worker_the_port_in_site_url(tmp_path: Path) -> None:
    """scripts/run_dev.sh with a stand-in for Python that records what it was given."""
    (tmp_path / "scripts").mkdir()
    script = tmp_path / "scripts" / "run_dev.sh"
    script.write_text((ROOT / "scripts" / "run_dev.sh").read_text())
    python = tmp_path / ".venv" / "bin" / "python"
    python.parent.mkdir(parents=True)
    # Records its arguments and stays a moment: the script ends both when one ends.
    python.write_text(
        '#!/bin/sh\necho "$(nice) $SITE_URL $*" >> "$(dirname "$0")/calls"\nsleep 2\n'
    )
    python.chmod(0o755)
    clean = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    subprocess.run(
        ["bash", str(script)], env={**clean, "PORT": "8123"}, capture_output=True, timeout=30
    )
    calls = dict(
        reversed(line.split(" ", 1)) for line in (python.parent / "calls").read_text().splitlines()
    )
    web = calls["http://127.0.0.1:8123 manage.py runserver 127.0.0.1:8123"]
    worker = calls["http://127.0.0.1:8123 manage.py worker"]
    # A long job in the worker (a guide PDF) must not slow down the pages: lower priority.
    assert int(worker) > int(web)
