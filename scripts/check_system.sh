#!/usr/bin/env bash
# Say clearly which Debian package is missing before anything else fails obscurely.
set -u
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2 (provides $1)"); }
need python3.11 "python3.11"
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
fi
if ((${#missing[@]})); then
  echo "Missing system packages:" >&2
  printf '  - %s\n' "${missing[@]}" >&2
  echo "Install them with: apt-get install <package>  (Debian/Ubuntu)" >&2
  exit 1
fi
