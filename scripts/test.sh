#!/usr/bin/env bash
# The whole test suite: checks, then pytest on SQLite, then pytest on a real PostgreSQL server.
# On each database the browser tests (Debian's Chromium through Playwright) run as a second
# pytest session: see the note on `addopts` in pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=plansite.settings.test
unset DATABASE_URL

scripts/ensure-system-packages.sh /usr/lib/chromium/chromium=chromium

echo "=== Django checks"
"$py" manage.py check
"$py" manage.py makemigrations --check --dry-run

run_suite() {
    "$py" -m pytest "$@"
    "$py" -m pytest -m browser "$@"
}

echo "=== Tests on SQLite"
DROGOWSKAZ_TEST_DB=sqlite run_suite "$@"

echo "=== Tests on PostgreSQL"
export DROGOWSKAZ_TEST_DB=postgresql
export -f run_suite
export py
scripts/with-postgres.sh bash -c 'run_suite "$@"' run_suite "$@"
