#!/usr/bin/env bash
# The whole test suite: checks, then pytest on SQLite, then pytest on a real PostgreSQL server.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=plansite.settings.test
unset DATABASE_URL

echo "=== Django checks"
"$py" manage.py check
"$py" manage.py makemigrations --check --dry-run

echo "=== Tests on SQLite"
DROGOWSKAZ_TEST_DB=sqlite "$py" -m pytest "$@"

echo "=== Tests on PostgreSQL"
DROGOWSKAZ_TEST_DB=postgresql scripts/with-postgres.sh "$py" -m pytest "$@"
