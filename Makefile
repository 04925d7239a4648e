# Tailor: `make demo` runs the demo, `make test` runs the suite, `make lint` the linters (see README.md and runtime.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT          ?= 8000
FRONTEND_PORT ?= 3000
PG_TEST_URL   ?= postgres://postgres@127.0.0.1:5432/tailor
DEMO_ENV = DJANGO_SETTINGS_MODULE=cms.settings.dev PERSONALIZATION_SERVER_KEY=$$(cat var/server_key)

.PHONY: setup demo test test-sqlite test-postgres journey bench soak lock schema check lint browser clean fuzz

setup: $(VENV)/.installed

$(VENV)/.installed: requirements.txt
	@echo "==> [setup] Creating $(VENV) with $$($(PYTHON) --version)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> [setup] Installing the pinned packages of requirements.txt"
	@$(BIN)/pip install -q --disable-pip-version-check uv
	@$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.txt
	@touch $@
	@echo "==> [setup] Done"

var/server_key:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(32))" > $@

demo: setup var/server_key
	@echo "==> [1/4] Migrating the SQLite database in var/"
	@$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	@echo "==> [2/4] Loading the demo site from fixtures/site, then its recommendations"
	@$(DEMO_ENV) $(BIN)/python manage.py load_site fixtures/site
	@$(DEMO_ENV) $(BIN)/python manage.py compute_recommendations
	@echo "==> [3/4] Creating the demo editor account"
	@$(DEMO_ENV) $(BIN)/python manage.py demo_editor
	@echo "==> [4/4] Serving the CMS on :$(PORT) and the frontend on :$(FRONTEND_PORT) (Ctrl-C stops both)"
	@$(DEMO_ENV) $(BIN)/python manage.py demo_banner --port $(PORT) --frontend-port $(FRONTEND_PORT)
	@trap 'kill 0' INT TERM EXIT; \
	  $(DEMO_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & \
	  TAILOR_API_URL=http://127.0.0.1:$(PORT)/graphql/ FRONTEND_DEMO=1 FRONTEND_PORT=$(FRONTEND_PORT) \
	  PERSONALIZATION_SERVER_KEY=$$(cat var/server_key) $(BIN)/python -m frontend & \
	  wait

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "==> [test] Installing Chromium from Debian's packages (browser tests)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "    could not install chromium: browser tests will be skipped"; }

# The two passes run side by side (on two cores they take about half the time of one after the
# other); the PostgreSQL pass writes to test-output/postgres.log, shown when both are done.
# Each pass flushes its own Redis databases (TAILOR_TEST_REDIS_BASE, tests/redis_dbs.py).
test: setup browser
	@mkdir -p test-output
	@echo "==> [test] SQLite and PostgreSQL side by side; the PostgreSQL output follows the SQLite output"
	@TAILOR_TEST_REDIS_BASE=10 $(MAKE) --no-print-directory test-postgres > test-output/postgres.log 2>&1 & pg=$$!; \
	  $(MAKE) --no-print-directory test-sqlite; sqlite=$$?; \
	  wait $$pg; postgres=$$?; cat test-output/postgres.log; \
	  echo "==> [test] SQLite: $$( [ $$sqlite -eq 0 ] && echo passed || echo FAILED ), PostgreSQL: $$( [ $$postgres -eq 0 ] && echo passed || echo FAILED )"; \
	  [ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ]

test-sqlite:
	@echo "==> [test 1/2] The whole suite on SQLite (browser tests included)"
	@env -u DATABASE_URL $(BIN)/pytest -q -p no:randomly

test-postgres:
	@echo "==> [test 2/2] The database suite on PostgreSQL ($(PG_TEST_URL))"
	@DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest -q -m "not browser" tests

journey: setup browser
	@echo "==> [journey] The marketer's journey in Chromium; screenshots in test-output/journey/"
	@env -u DATABASE_URL $(BIN)/pytest -q -p no:randomly -m journey tests/frontend/test_marketer_journey.py

bench: setup
	@echo "==> [bench] Decision engine"
	@$(BIN)/python bench/bench_engine.py
	@echo "==> [bench] Device detection: bots, phones, tablets, desktops on the libraries' public fixture sets (docs/devices.md; several minutes)"
	@$(BIN)/python bench/bench_devices.py
	@echo "==> [bench] One personalizedPage request: database queries and time"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python bench/bench_api.py
	@echo "==> [bench] Delivery: floor, grapple, anonymous, returning, content by key, 10/100/1000 segments (docs/performance.md)"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python bench/bench_delivery.py
	@echo "==> [bench] Recommendations: hit rate at 3 on a synthetic click stream"
	@$(BIN)/python bench/bench_recommend.py
	@echo "==> [bench] Bulk imports: 1,000,000 events and 100,000 trait rows, rate and memory"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python bench/bench_import.py

soak: setup
	@echo "==> [soak] $${SOAK_SECONDS:-600} s of traffic against gunicorn on PostgreSQL and Redis (docs/reliability.md)"
	@$(BIN)/python bench/soak.py

lock:
	@$(BIN)/uv pip compile requirements.in -o requirements.txt --python-version 3.11 -q
	@echo "requirements.txt recompiled from requirements.in: run make setup"

schema: setup
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py graphql_schema --schema personalization.api.schema.schema --out schema.graphql
	@echo "schema.graphql written"

lint: setup
	@echo "==> [lint 1/3] ruff: the format (ruff format --check; \`ruff format .\` fixes it), then the rules (pyproject.toml: E, F, W, I, B, UP)"
	@$(BIN)/ruff format --check .
	@$(BIN)/ruff check .
	@echo "==> [lint 2/3] mypy with django-stubs"
	@$(BIN)/mypy
	@echo "==> [lint 3/3] import-linter: the layers, the pure engine, pages and admin apart"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/lint-imports

check: setup
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var test-output

fuzz: setup
	@echo "==> [fuzz 1/2] $${FUZZ_EXAMPLES:-5000} operations of the hypothesis fuzzer against /graphql/ (no 5xx, no INTERNAL_SERVER_ERROR)"
	@env -u DATABASE_URL FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5000} FUZZ_SEED=$${FUZZ_SEED:-1} $(BIN)/pytest -q -p no:randomly -p no:logging --hypothesis-show-statistics tests/reliability/test_fuzz.py
	@echo "==> [fuzz 2/2] $${SCHEMATHESIS_EXAMPLES:-5000} schemathesis operations from schema.graphql against /graphql/"
	@env -u DATABASE_URL SCHEMATHESIS_EXAMPLES=$${SCHEMATHESIS_EXAMPLES:-5000} FUZZ_SEED=$${FUZZ_SEED:-1} $(BIN)/pytest -q -p no:randomly -p no:logging --hypothesis-show-statistics tests/reliability/test_schemathesis.py
