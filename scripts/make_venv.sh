#!/usr/bin/env bash
# Build a virtualenv with the project and its development tools:
#   bash scripts/make_venv.sh PYTHON DIRECTORY
# A virtualenv of another Python version in DIRECTORY is removed and built anew, so that
# an upgrade of the machine's Python or a different PYTHON=... never mixes two versions.
set -euo pipefail
python="${1:-}"
venv="${2:?usage: make_venv.sh PYTHON DIRECTORY}"
if [[ -z "$python" ]]; then
  echo "No Python 3.11, 3.12 or 3.13 found (python3.13, python3.12, python3.11)." >&2
  exit 1
fi
version='import sys; print("%d.%d" % sys.version_info[:2])'
want=$("$python" -c "$version")
if [[ -e "$venv" ]]; then
  have=$("$venv/bin/python" -c "$version" 2>/dev/null || echo "none")
  if [[ "$have" != "$want" ]]; then
    echo "$venv has Python $have: building it anew with $python ($want)"
    rm -rf "$venv"
  fi
fi
[[ -d "$venv" ]] || "$python" -m venv "$venv"
"$venv/bin/python" -m pip install --quiet --upgrade pip
"$venv/bin/python" -m pip install --quiet -e ".[dev]"
