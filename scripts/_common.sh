# Shared by scripts/run.sh and scripts/test.sh: find Python 3.11+, make the virtual
# environment, install requirements only when they changed, compile translations.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${CAREERHUB_VENV:-$ROOT/.venv}"
cd "$ROOT"

log() { printf '\033[1;34m[careerhub]\033[0m %s\n' "$*" >&2; }

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else
    log "root is needed for: $*"; return 1; fi
}

APT_UPDATED=0
apt_install() {
  # apt_install PKG... — installs Debian packages that are not there yet.
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  command -v apt-get >/dev/null || { log "apt-get not found; install ${missing[*]} by hand"; return 1; }
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  log "installing Debian packages: ${missing[*]}"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

find_python() {
  for candidate in "${PYTHON:-}" python3.13 python3.12 python3.11 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null && "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  log "Python 3.11 or newer is required"; return 1
}

ensure_venv() {
  # ensure_venv REQUIREMENTS_FILE
  local req="$1" py stamp want
  if [ ! -x "$VENV/bin/python" ]; then
    py="$(find_python)"
    if ! "$py" -m venv --help >/dev/null 2>&1 || ! "$py" -c 'import ensurepip' 2>/dev/null; then
      apt_install python3-venv
    fi
    log "creating virtual environment in $VENV"
    "$py" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip
  fi
  stamp="$VENV/.careerhub-$(basename "$req").sha256"
  want="$(cat requirements/*.txt | sha256sum | cut -d' ' -f1)"
  if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
    log "installing Python packages from $req"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$req"
    echo "$want" >"$stamp"
  fi
}

ensure_pdf_libraries() {
  # WeasyPrint (the PDF reports) needs Pango and HarfBuzz's subsetter from Debian, and a
  # Hangul font (NanumGothic) it embeds in every PDF.
  apt_install libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-nanum
}

compile_translations() {
  "$VENV/bin/python" manage.py compile_translations >/dev/null
}
