"""Every UI string exists in German (Sie-form), English and Turkish, and the catalogs are
current."""

from __future__ import annotations

import gettext
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import translation

PACKAGE = Path(settings.BASE_DIR) / "familienrathaus"
LOCALE = PACKAGE / "locale"


def _catalogs(root: Path, language: str) -> list[Path]:
    """The project's catalog and those of the apps that keep their own (``<app>/locale``)."""
    return sorted(root.glob(f"**/locale/{language}/LC_MESSAGES/django.po"))


def _entries(po: Path, flag: str) -> str:
    return subprocess.run(
        ["msgattrib", flag, str(po)], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("language", ["de", "en", "tr", "uk", "ru", "ar"])
def test_catalog_has_no_untranslated_or_fuzzy_strings(language: str) -> None:
    """Every catalog that German has exists in the language, with the same msgids, each
    translated, none fuzzy, and placeholders that match the msgid (``msgfmt --check``)."""
    catalogs = _catalogs(PACKAGE, language)
    german = _catalogs(PACKAGE, "de")
    assert LOCALE / language / "LC_MESSAGES" / "django.po" in catalogs
    assert [_locale_dir(po) for po in catalogs] == [_locale_dir(po) for po in german]
    for po, de_po in zip(catalogs, german, strict=True):
        assert _entries(po, "--untranslated").strip() == "", po
        assert _entries(po, "--only-fuzzy").strip() == "", po
        assert _msgids(po) == _msgids(de_po), po
        check = subprocess.run(
            ["msgfmt", "--check", "-o", "/dev/null", str(po)], capture_output=True, text=True
        )
        assert check.returncode == 0, check.stderr


def _locale_dir(po: Path) -> Path:
    return po.parent.parent.parent


def test_catalogs_contain_every_string_of_the_code(tmp_path: Path, monkeypatch) -> None:
    """Run makemessages on a copy of the code; no msgid may be missing from the catalog."""
    base = Path(settings.BASE_DIR)
    for name in ("familienrathaus", "config"):
        shutil.copytree(base / name, tmp_path / name, ignore=shutil.ignore_patterns("*.mo"))
    copy = tmp_path / "familienrathaus" / "locale"
    catalogs = _catalogs(tmp_path / "familienrathaus", "de")
    before = {po: _msgids(po) for po in catalogs}
    monkeypatch.setattr(settings, "LOCALE_PATHS", [copy])
    monkeypatch.chdir(tmp_path)
    call_command("makemessages", locale=["de"], no_location=True, verbosity=0)
    assert _catalogs(tmp_path / "familienrathaus", "de") == catalogs
    for po in catalogs:
        assert sorted(_msgids(po) - before[po]) == [], po


def _msgids(po: Path) -> set[str]:
    output = subprocess.run(
        ["msgcat", "--no-wrap", "--sort-output", str(po)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    # An entry is its context and its msgid: "From" with the context "period" is another
    # entry than plain "From" and needs its own translation.
    keys, context = set(), ""
    for line in output.splitlines():
        if line.startswith("msgctxt "):
            context = line
        elif line.startswith("msgid "):
            keys.add(f"{context} {line}".strip())
            context = ""
    return keys


@pytest.mark.parametrize("language", ["de", "en", "tr", "uk", "ru", "ar"])
def test_no_app_catalog_is_overridden_by_another(language: str) -> None:
    """All catalogs form one namespace: the project's wins, then the apps in the order of
    INSTALLED_APPS. An app's translation that another catalog replaces is not what its
    users read; such a word needs a context (``pgettext``) or the same translation."""
    overridden = []
    for po in _catalogs(PACKAGE, language):
        if po.parent.parent.parent == LOCALE:
            continue
        with po.with_suffix(".mo").open("rb") as compiled:
            catalog = gettext.GNUTranslations(compiled)._catalog  # type: ignore[attr-defined]
        with translation.override(language):
            for key, text in catalog.items():
                if not isinstance(key, str) or not key or not text:
                    continue  # plural forms and the header
                context, _sep, msgid = key.rpartition("\x04")
                shown = (
                    translation.pgettext(context, msgid) if context else translation.gettext(msgid)
                )
                if shown != text:
                    overridden.append(f"{po}: {msgid!r} reads {shown!r}, not {text!r}")
    assert overridden == []


# The names xgettext reads for Django (makemessages' keywords and Python's defaults).
EXTRACTED = {
    "_",
    "gettext",
    "gettext_lazy",
    "gettext_noop",
    "ngettext",
    "ngettext_lazy",
    "pgettext",
    "pgettext_lazy",
    "npgettext",
    "npgettext_lazy",
}


def _unextracted_calls(source: str) -> list[str]:
    """Translation calls makemessages never sees: under an alias of its own
    (``gettext_lazy as _lazy``) or inside an f-string (``f"{_('Answer')}"``)."""
    import ast

    tree = ast.parse(source)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation":
            for alias in node.names:
                if alias.asname and alias.asname not in EXTRACTED:
                    found.append(f"line {node.lineno}: {alias.name} as {alias.asname}")
        if isinstance(node, ast.JoinedStr):
            for part in ast.walk(node):
                if (
                    isinstance(part, ast.Call)
                    and isinstance(part.func, ast.Name)
                    and part.func.id in EXTRACTED
                ):
                    found.append(f"line {part.lineno}: {part.func.id}() inside an f-string")
    return found


def test_every_translated_text_is_where_makemessages_finds_it() -> None:
    """A text makemessages does not extract never reaches the catalogs: it stays English
    in every language (the employers' mail subjects did, once the catalogs were rebuilt)."""
    base = Path(settings.BASE_DIR)
    problems = [
        f"{path.relative_to(base)} {problem}"
        for folder in ("familienrathaus", "config")
        for path in sorted((base / folder).rglob("*.py"))
        if "migrations" not in path.parts
        for problem in _unextracted_calls(path.read_text())
    ]
    assert problems == []
