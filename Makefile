# Drogowskaz — two commands: `make run` (demo site on SQLite) and `make test` (the whole suite).
VENV ?= .venv
PY := $(VENV)/bin/python
PORT ?= 8000
# Mail links follow the port (site/settings/dev.py), also for `make run PORT=8001`.
export PORT
PYTHON ?= python3

.PHONY: run test bench mutation install messages demo check clean pdf-libs

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed

# Compiles the translation catalogues (needs gettext's msgfmt, installed with apt when missing).
messages: install
	scripts/ensure-system-packages.sh msgfmt=gettext
	$(PY) manage.py compilemessages --ignore "$(VENV)" --verbosity 0

# The report's PDF: WeasyPrint needs Pango and the DejaVu fonts (Polish letters).
pdf-libs:
	scripts/ensure-system-packages.sh "/usr/lib/*/libpango-1.0.so.0=libpango-1.0-0" \
		"/usr/lib/*/libpangoft2-1.0.so.0=libpangoft2-1.0-0" \
		/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf=fonts-dejavu-core

demo: messages pdf-libs
	$(PY) manage.py migrate --noinput --verbosity 0
	$(PY) manage.py load_demo_content
	$(PY) manage.py index_plan_text --verbosity 0

# The server and, beside it, the outbox's mail worker (mail is printed on the console in the demo).
run: demo
	@echo "Serving the demo on http://127.0.0.1:$(PORT)/ (admin: http://127.0.0.1:$(PORT)/admin/)"
	scripts/run-with-worker.sh $(PY) 127.0.0.1:$(PORT)

test: messages pdf-libs
	scripts/test.sh

# Not part of `make test`: builds a large dataset on PostgreSQL and load-tests it (docs/benchmarks.md).
bench: messages
	scripts/ensure-system-packages.sh wrk=wrk redis-server=redis-server nginx=nginx-light
	scripts/with-postgres.sh $(PY) scripts/bench.py

# Not part of `make test`: mutation testing of the action layer (docs/mutation.md).
mutation: messages
	$(PY) scripts/mutation.py

clean:
	rm -rf $(VENV) db.sqlite3 var
