#!/usr/bin/env bash
# Developer tool: refresh the Korean catalogue from the source, merge translations given as
# msgid<TAB>msgstr files, compile, and list what is still untranslated. Needs GNU gettext
# (xgettext) for makemessages. Serialised with a lock so parallel work does not clobber it.
#   scripts/i18n.sh [translations.tsv ...]
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${CAREERHUB_VENV:-.venv}/bin/python"
exec 9>/tmp/careerhub-i18n.lock
flock 9
"$PY" manage.py makemessages -l ko -i ".venv/*" -i "matchengine/*" -i "var/*" --no-location >/dev/null
"$PY" manage.py merge_translations "$@"
"$PY" manage.py compile_translations >/dev/null
