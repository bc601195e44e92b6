#!/usr/bin/env bash
# Start the web server and the background worker together; Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PORT="${PORT:-8000}"
# Links in mails point to this server unless SITE_URL says otherwise (config/settings.py).
export PORT
export SITE_URL="${SITE_URL:-http://127.0.0.1:${PORT}}"
# The worker at a lower CPU priority: a long job (the demo's guide PDF, built right after
# `make run`) made back-office saves take 1-1.5 s instead of 0.3-0.6 s on two cores.
nice -n 10 .venv/bin/python manage.py worker &
worker=$!
.venv/bin/python manage.py runserver "127.0.0.1:${PORT}" &
web=$!
stop() {
  kill -TERM "$worker" "$web" 2>/dev/null || true
  wait "$worker" "$web" 2>/dev/null || true
}
trap stop INT TERM EXIT
echo "Familienrathaus runs at http://127.0.0.1:${PORT}/ (the demo's Musterstadt; its second"
echo "alliance at http://beispieldorf.localhost:${PORT}/) – stop with Ctrl-C."
# Whichever stops first ends the other, so a crash is not hidden.
wait -n "$worker" "$web"
