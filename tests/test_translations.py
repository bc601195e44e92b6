"""Every UI string exists in German (Sie-form) and English, and the catalogs are current."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

LOCALE = Path(settings.BASE_DIR) / "familienrathaus" / "locale"


def _untranslated(po: Path) -> str:
    return subprocess.run(
        ["msgattrib", "--untranslated", "--only-fuzzy", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout + subprocess.run(
        ["msgattrib", "--untranslated", str(po)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("language", ["de", "en"])
def test_catalog_has_no_untranslated_or_fuzzy_strings(language: str) -> None:
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    assert _untranslated(po).strip() == ""


def test_catalogs_contain_every_string_of_the_code(tmp_path: Path, monkeypatch) -> None:
    """Run makemessages on a copy; no msgid may be new compared with the committed catalog."""
    copy = tmp_path / "locale"
    shutil.copytree(LOCALE, copy)
    monkeypatch.setattr(settings, "LOCALE_PATHS", [copy])
    before = _msgids(copy / "de" / "LC_MESSAGES" / "django.po")
    monkeypatch.chdir(settings.BASE_DIR)
    call_command(
        "makemessages",
        locale=["de"],
        ignore_patterns=[".venv", "node_modules", "build", "var", "tests", "test-artifacts"],
        no_location=True,
        verbosity=0,
    )
    after = _msgids(copy / "de" / "LC_MESSAGES" / "django.po")
    assert sorted(after - before) == []


def _msgids(po: Path) -> set[str]:
    output = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {line for line in output.splitlines() if line.startswith("msgid ")}
