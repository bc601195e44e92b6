"""Python 3.11 to 3.13: the package installs on each, the tools check against the oldest."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

BASE_DIR = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((BASE_DIR / "pyproject.toml").read_text())


@pytest.mark.parametrize("version", ["3.11", "3.12", "3.13"])
def test_the_package_installs_on_python_3_11_to_3_13(version):
    assert SpecifierSet(PYPROJECT["project"]["requires-python"]).contains(version)


def test_lint_and_types_keep_to_the_oldest_supported_python():
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py311"
    assert PYPROJECT["tool"]["mypy"]["python_version"] == "3.11"


def test_make_picks_the_newest_python_and_tests_the_oldest_too():
    makefile = (BASE_DIR / "Makefile").read_text()

    assert "SUPPORTED_PYTHONS := python3.13 python3.12 python3.11" in makefile
    assert "PG_VENV := .venv-3.11" in makefile
