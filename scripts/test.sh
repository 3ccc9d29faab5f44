#!/usr/bin/env bash
# Installs the test dependencies (and Debian's Chromium for the browser tests) and runs the
# whole suite with its checks: ruff, mypy, the import rule, migrations, deploy check, pytest.
# The database is SQLite unless DATABASE_URL points elsewhere (e.g. postgres://...).
# Extra arguments go to pytest.
source "$(dirname "${BASH_SOURCE[0]}")/_common.sh"

ensure_venv requirements/test.txt
ensure_pdf_libraries
if [ ! -x /usr/bin/chromium ] || [ ! -e /usr/share/fonts/truetype/nanum/NanumGothic.ttf ]; then
  apt_install chromium fonts-nanum
fi
compile_translations
mkdir -p var
export DJANGO_SETTINGS_MODULE=careerhub.settings.test
BIN="$VENV/bin"

log "ruff"
"$BIN/ruff" check .
"$BIN/ruff" format --check . >/dev/null || { "$BIN/ruff" format --check .; exit 1; }
log "mypy (strict on matchengine)"
"$BIN/mypy"
log "import rules"
"$BIN/lint-imports" --no-cache >/dev/null || "$BIN/lint-imports" --no-cache
log "migrations are complete"
"$BIN/python" manage.py makemigrations --check --dry-run >/dev/null || {
  "$BIN/python" manage.py makemigrations --check --dry-run; exit 1; }
log "production settings pass check --deploy"
DJANGO_SETTINGS_MODULE=careerhub.settings.production SECRET_KEY="ci-$(head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9')" \
  ALLOWED_HOSTS=careerhub.example.kr "$BIN/python" manage.py check --deploy --fail-level WARNING

log "pytest on ${DATABASE_URL:-SQLite}"
set +e
"$BIN/pytest" -q "$@"
status=$?
set -e
if [ "$status" -eq 5 ]; then log "pytest collected no tests: that is a failure"; exit 1; fi
exit "$status"
