# TIF portal. `make run` serves the portal on http://127.0.0.1:5000; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FLASK := $(BIN)/flask --app wsgi
STAMP := $(VENV)/.installed
BROWSER_STAMP := $(VENV)/.installed-browser
# The kernel's catalogue and each feature's (app/<feature>/translations).
CATALOGUES := $(wildcard app/translations/*/LC_MESSAGES/messages.po app/*/translations/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGUES:.po=.mo)

.PHONY: run serve test test-browser bench lint translations extract-messages migrate demo-data clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# Playwright and axe for the browser tests; they drive Debian's /usr/bin/chromium (no download).
$(BROWSER_STAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[test,browser]'
	touch $(BROWSER_STAMP)

%.mo: %.po $(STAMP)
	$(BIN)/pybabel compile --statistics -i $< -o $@

translations: $(COMPILED)

migrate: $(STAMP)
	$(FLASK) db upgrade

demo-data: migrate
	$(FLASK) demo-data

# The web server and the job worker side by side; Ctrl-C stops both.
run: $(STAMP) translations demo-data
	@echo "TIF portal on http://127.0.0.1:5000 — demo accounts: see README.md"
	@trap 'kill 0' INT TERM EXIT; \
	$(FLASK) worker & \
	$(FLASK) run --host 127.0.0.1 --port 5000

# Production-like server (gunicorn, settings in gunicorn.conf.py) on the configured database.
serve: $(STAMP) translations migrate
	$(BIN)/gunicorn -c gunicorn.conf.py wsgi:app

# On every core (pytest-xdist; each worker has its own database); TEST_WORKERS=0 runs in one process.
TEST_WORKERS ?= auto
test: $(STAMP) translations
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(PYTEST_ARGS)

# Real-browser journeys (JavaScript on and off), axe, keyboard, screenshots in tests/browser/screenshots/;
# each worker runs its own server and browser.
test-browser: $(BROWSER_STAMP) translations
	$(BIN)/python -m pytest -n $(TEST_WORKERS) tests/browser $(PYTEST_ARGS)

# National-scale benchmark: gunicorn + wrk on 127.0.0.1 (README.md, "Benchmark"). A few
# minutes; results on stdout and under bench/results/. BENCH_DATABASE_URL=postgresql://… (wiped)
# benchmarks PostgreSQL instead of a throw-away SQLite file.
bench: $(STAMP) translations
	@command -v wrk >/dev/null || (apt-get update -qq && apt-get install -y -qq wrk)
	$(BIN)/python -m bench.run

lint: $(STAMP)
	$(BIN)/ruff check .

# Refresh the catalogues from the source, then translate the new entries in the .po files. The
# kernel's come from app/*.py and the shared templates; a feature's from app/<feature>/ and
# templates/<feature>/ (a feature with strings but no catalogue yet gets one).
EXTRACT := $(BIN)/pybabel --quiet extract -F babel.cfg -k _l -k lazy_gettext -k lazy_pgettext:1c,2 --ignore-dirs='.* __pycache__' --no-location --sort-output
extract-messages: $(STAMP)
	$(EXTRACT) -o app/translations/messages.pot app/*.py templates/base.html templates/_* templates/errors
	$(BIN)/pybabel --quiet update -i app/translations/messages.pot -d app/translations --no-fuzzy-matching --ignore-obsolete
	@for dir in app/*/; do \
	  feature=$$(basename $$dir); [ -f $${dir}__init__.py ] || continue; \
	  sources=$${dir}; [ -d templates/$$feature ] && sources="$$sources templates/$$feature"; \
	  $(EXTRACT) -o $${dir}translations.pot $$sources; \
	  if grep -q '^msgid "[^"]' $${dir}translations.pot; then \
	    for lang in sv en; do \
	      [ -f $${dir}translations/$$lang/LC_MESSAGES/messages.po ] || \
	        $(BIN)/pybabel --quiet init -i $${dir}translations.pot -d $${dir}translations -l $$lang; \
	    done; \
	    $(BIN)/pybabel --quiet update -i $${dir}translations.pot -d $${dir}translations --no-fuzzy-matching --ignore-obsolete; \
	  fi; \
	  rm $${dir}translations.pot; \
	done
	@# No creation date in the catalogues: it changes on every run and makes merges conflict.
	@sed -i '/^"POT-Creation-Date: /d' app/translations/*/LC_MESSAGES/messages.po app/*/translations/*/LC_MESSAGES/messages.po

clean:
	rm -rf $(VENV) $(COMPILED)
