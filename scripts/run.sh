#!/usr/bin/env bash
# Installs careerhub in its own virtual environment, migrates the embedded SQLite database,
# loads the demo program and serves it on http://127.0.0.1:8000 (PORT and HOST override), with
# the background task worker beside it (both stop with Ctrl+C).
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

ensure_venv requirements/base.txt
ensure_pdf_libraries
compile_translations
mkdir -p var
# The dev settings, explicitly (the WSGI/ASGI entry points default to production). DEBUG stays
# off, so visitors of the demo see the Korean 404/500 pages; DEBUG=1 shows Django's debug pages.
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-careerhub.settings.dev}"
export DEBUG="${DEBUG:-0}"
log "migrating the database"
"$VENV/bin/python" manage.py migrate --noinput -v 0
log "loading the demo program (idempotent)"
"$VENV/bin/python" manage.py seed_demo
HOST="${HOST:-127.0.0.1}"
PORT="${PORT:-8000}"
log "starting the background worker (cohort plans run there)"
"$VENV/bin/python" manage.py db_worker --no-startup-delay -v 0 &
WORKER=$!
trap 'kill "$WORKER" 2>/dev/null || true' EXIT INT TERM
log "careerhub is running at http://$HOST:$PORT/  (Ctrl+C stops it)"
"$VENV/bin/python" manage.py runserver --noreload "$HOST:$PORT"
