#!/usr/bin/env bash
# The whole test suite: checks, then pytest on SQLite, then pytest on a real PostgreSQL server.
# On each database the tests that commit (the browser tests in Debian's Chromium, concurrency,
# backup) run as a second pytest session: see the note on `addopts` in pyproject.toml.
set -euo pipefail
cd "$(dirname "$0")/.."
py=${PYTHON:-.venv/bin/python}
export DJANGO_SETTINGS_MODULE=plansite.settings.test
unset DATABASE_URL

scripts/ensure-system-packages.sh /usr/lib/chromium/chromium=chromium
# The report's PDF tests read it with pdftotext and pdfinfo (WeasyPrint's own libraries: `make pdf-libs`).
scripts/ensure-system-packages.sh pdftotext=poppler-utils
# Two app processes sharing the page cache (tests/consultation/test_page_cache_processes.py).
scripts/ensure-system-packages.sh redis-server=redis-server

# The Nu HTML Checker for tests/browser/test_html_validity.py: Java from Debian, vnu.jar from npm,
# installed into var/node/ (its install script, which would fetch a Java runtime, is not run).
VNU_VERSION=26.9.27
scripts/ensure-system-packages.sh java=default-jre-headless npm=npm
if ! grep -qs "\"version\": *\"$VNU_VERSION\"" var/node/node_modules/vnu-jar/package.json; then
    mkdir -p var/node
    npm install --prefix var/node --no-save --no-audit --no-fund --ignore-scripts "vnu-jar@$VNU_VERSION"
fi

echo "=== Django checks"
"$py" manage.py check
"$py" manage.py makemigrations --check --dry-run

echo "=== import-linter (the layers of ARCHITECTURE.md: no import goes upwards)"
PYTHONPATH=. "$(dirname "$py")/lint-imports"

echo "=== bandit (security lint; reviewed exceptions are marked '# nosec' with a comment)"
"$py" -m bandit -q -r consultation home search site

echo "=== pip-audit (known vulnerabilities in the installed packages)"
django_version=$("$py" -c "import django; print(django.get_version())")
# pip-audit asks PyPI's JSON API about each installed release; probe the same kind of address.
if curl -sf --max-time 10 -o /dev/null "https://pypi.org/pypi/django/$django_version/json"; then
    "$py" -m pip_audit --skip-editable --strict --progress-spinner off
else
    echo "pip-audit SKIPPED: its vulnerability database (the PyPI JSON API) cannot be reached from this machine."
fi

run_suite() {
    "$py" -m pytest "$@"
    "$py" -m pytest -m committing "$@"
}

echo "=== Tests on SQLite"
DROGOWSKAZ_TEST_DB=sqlite run_suite "$@"

echo "=== Tests on PostgreSQL"
export DROGOWSKAZ_TEST_DB=postgresql
export -f run_suite
export py
scripts/with-postgres.sh bash -c 'run_suite "$@"' run_suite "$@"
