# Two commands for a newcomer: `make run` and `make test`. Both bootstrap .venv themselves.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint messages bench clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py appeals_demo
	$(BIN)/python manage.py demo
	$(BIN)/python manage.py assemblies_demo
	$(BIN)/python manage.py council_demo
	$(BIN)/python manage.py reporting_demo
	$(BIN)/python manage.py budget_demo
	$(BIN)/python manage.py initiatives_demo
	$(BIN)/python manage.py surveys_demo
	$(BIN)/python manage.py plans_demo
	$(BIN)/python manage.py documents_demo
	$(BIN)/python manage.py referendums_demo
	$(BIN)/python manage.py juries_demo
	$(BIN)/python manage.py elections_demo
	$(BIN)/python manage.py powers_demo
	$(BIN)/python manage.py kpi_demo
	$(BIN)/python manage.py runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .

# Re-extract and compile translations (needs GNU gettext); the compiled .mo files are committed.
messages: $(STAMP)
	cd auyl && ../$(BIN)/django-admin makemessages -l kk -l ru -l en --no-obsolete
	cd auyl && ../$(BIN)/django-admin compilemessages

bench: $(STAMP)
	$(BIN)/python bench/territory.py --scale small
	$(BIN)/python bench/appeals.py --scale small

clean:
	rm -rf $(VENV) var
