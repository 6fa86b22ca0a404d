# Sourced by scripts/run and scripts/test: a project-local virtualenv with the
# pinned dependencies, and compiled translations. Safe to run repeatedly.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

pick_python() {
  for candidate in "${PYTHON:-}" python3.11 python3.12 python3.13 python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)'; then
      echo "$candidate"; return 0
    fi
  done
  echo "Polku needs Python 3.11-3.13 (set PYTHON=/path/to/python3.11)." >&2
  return 1
}

if [ ! -x .venv/bin/python ]; then
  PY="$(pick_python)"
  echo "Creating .venv with $PY ..."
  "$PY" -m venv .venv || {
    echo "Could not create a virtualenv: on Debian/Ubuntu install python3-venv (see README)." >&2
    exit 1
  }
fi

# Reinstall only when the dependency declarations change.
stamp=".venv/.polku-deps"
want="$(cat pyproject.toml requirements/constraints.txt | sha256sum | cut -d' ' -f1)"
if [ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]; then
  echo "Installing pinned dependencies (requirements/constraints.txt) ..."
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check \
    -c requirements/constraints.txt ".[dev]"
  echo "$want" > "$stamp"
fi

export PATH="$ROOT/.venv/bin:$PATH"

if ! command -v msgfmt >/dev/null 2>&1; then
  echo "msgfmt not found: install the Debian package 'gettext' (see README)." >&2
  exit 1
fi
# Compile the catalogues only when a .po is newer than its .mo: a later start
# then costs nothing here.
stale_catalogues() {
  local po
  for po in locale/*/LC_MESSAGES/django.po; do
    [ "${po%.po}.mo" -nt "$po" ] || return 0
  done
  return 1
}
if stale_catalogues; then
  python manage.py compilemessages --ignore=.venv --ignore=var -v 0
fi
