#!/usr/bin/env bash
# Say clearly which Debian package is missing before anything else fails obscurely.
set -u
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2 (provides $1)"); }
# Python 3.11, 3.12 or 3.13 (the Makefile passes the one it picked as PYTHON) with venv.
python="${PYTHON:-}"
if [[ -z "$python" ]]; then
  for candidate in python3.13 python3.12 python3.11; do
    "$candidate" -c 'import sys' >/dev/null 2>&1 && { python="$candidate"; break; }
  done
fi
if [[ -z "$python" ]] || ! "$python" -c 'import sys; sys.exit(not (3, 11) <= sys.version_info[:2] <= (3, 13))' 2>/dev/null; then
  missing+=("python3.13, python3.12 or python3.11 (any one of them)")
elif ! "$python" -c 'import ensurepip, venv' >/dev/null 2>&1; then
  missing+=("$("$python" -c 'import sys; print("python%d.%d-venv" % sys.version_info[:2])') (virtualenvs for $python)")
fi
need npm "npm"
need msgfmt "gettext"
# WeasyPrint (PDFs) needs Pango at run time.
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || missing+=("libpango-1.0-0 (PDF rendering)")
if [[ "${1:-}" == "--for-tests" ]]; then
  need chromium "chromium"
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
    || missing+=("postgresql (provides initdb)")
  fc-list 2>/dev/null | grep -qi dejavu || missing+=("fonts-dejavu-core (fonts for PDFs)")
  need pdftotext "poppler-utils"
  # The production test runs the site behind Debian's nginx.
  [[ -x /usr/sbin/nginx ]] || command -v nginx >/dev/null 2>&1 || missing+=("nginx (production test)")
fi
if ((${#missing[@]})); then
  echo "Missing system packages:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  echo "Install them with: apt-get install <package>  (Debian/Ubuntu)" >&2
  exit 1
fi
