# Tailor: `make demo` runs the demo, `make test` runs the suite, `make lint` the linters (see README.md and runtime.md).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT          ?= 8000
FRONTEND_PORT ?= 3000
PG_TEST_URL   ?= postgres://postgres@127.0.0.1:5432/tailor
DEMO_ENV = DJANGO_SETTINGS_MODULE=cms.settings.dev PERSONALIZATION_SERVER_KEY=$$(cat var/server_key)
# The running demo CMS calls the Next.js starter's publish webhook (`make next`), signed with a
# secret both read from var/webhook_secret; not while loading the site (no starter runs yet).
WEBHOOK_ENV = PERSONALIZATION_PUBLISH_WEBHOOKS=http://127.0.0.1:$(NEXT_PORT)/api/tailor/revalidate/ TAILOR_WEBHOOK_SECRET=$$(cat var/webhook_secret)

.PHONY: setup demo test test-sqlite test-postgres test-js journey bench soak lock schema check lint browser clean fuzz conformance node next next-build

setup: $(VENV)/.installed node

$(VENV)/.installed: requirements.txt
	@echo "==> [setup] Creating $(VENV) with $$($(PYTHON) --version)"
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> [setup] Installing the pinned packages of requirements.txt"
	@$(BIN)/pip install -q --disable-pip-version-check uv
	@$(BIN)/uv pip install -q --python $(BIN)/python -r requirements.txt
	@touch $@
	@echo "==> [setup] Done"

# Node: the TypeScript SDK (sdk/js, an npm workspace) and the Next.js starter (frontend/next, its
# own npm project that installs the SDK's built packages by file: path). Each step is skipped when
# its stamp is newer than what it depends on; without npm, the Node parts are skipped with a word.
NPM          := $(shell command -v npm 2>/dev/null)
NEXT_PORT    ?= 3001
SDK          := sdk/js
STARTER      := frontend/next
SDK_SOURCES  := $(shell find $(SDK)/packages -path '*/node_modules' -prune -o -path '*/dist' -prune -o -type f \( -path '*/src/*' -o -name package.json -o -name 'tsup.config.ts' \) -print 2>/dev/null)
NEXT_SOURCES := $(shell find $(STARTER) -path '$(STARTER)/node_modules' -prune -o -path '$(STARTER)/.next' -prune -o -path '$(STARTER)/e2e' -prune -o -type f -print 2>/dev/null)

ifeq ($(NPM),)
node next-build:
	@echo "==> [setup] npm is not installed: the TypeScript SDK and the Next.js starter are skipped (Node 20 or newer)"
else
node: $(STARTER)/node_modules/.installed

$(SDK)/node_modules/.installed: $(SDK)/package-lock.json $(SDK)/package.json
	@echo "==> [setup] Installing the SDK's npm packages (npm ci in $(SDK))"
	@cd $(SDK) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

$(SDK)/.built: $(SDK)/node_modules/.installed $(SDK_SOURCES)
	@echo "==> [setup] Building @tailor/* (tsup)"
	@cd $(SDK) && npm run build --silent >/dev/null
	@touch $@

$(STARTER)/node_modules/.installed: $(STARTER)/package-lock.json $(STARTER)/package.json $(SDK)/.built
	@echo "==> [setup] Installing the Next.js starter's npm packages (npm ci in $(STARTER))"
	@cd $(STARTER) && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

next-build: $(STARTER)/.next/BUILD_ID

$(STARTER)/.next/BUILD_ID: $(STARTER)/node_modules/.installed $(NEXT_SOURCES)
	@echo "==> [build] Building the Next.js starter (next build)"
	@cd $(STARTER) && NEXT_TELEMETRY_DISABLED=1 npm run build --silent >/dev/null
endif

# The Next.js starter against the demo CMS: run `make demo` first, then this in a second terminal.
next: setup var/server_key var/webhook_secret next-build
	@echo "==> [next] The Next.js starter on :$(NEXT_PORT), against the CMS on :$(PORT) (Ctrl-C stops it)"
	@rm -rf $(STARTER)/.next/cache/fetch-cache
	@cd $(STARTER) && TAILOR_API_URL=http://127.0.0.1:$(PORT)/graphql/ PERSONALIZATION_SERVER_KEY=$$(cat ../../var/server_key) \
	  TAILOR_WEBHOOK_SECRET=$$(cat ../../var/webhook_secret) \
	  FRONTEND_PORT=$(NEXT_PORT) NEXT_TELEMETRY_DISABLED=1 npm start --silent

test-js: setup
	@echo "==> [test] The TypeScript SDK: vitest in every package (npm test in $(SDK))"
	@cd $(SDK) && npm test --silent

var/server_key var/webhook_secret:
	@mkdir -p var
	@$(PYTHON) -c "import secrets; print(secrets.token_urlsafe(32))" > $@

demo: setup var/server_key var/webhook_secret
	@echo "==> [1/5] Migrating the SQLite database in var/"
	@$(DEMO_ENV) $(BIN)/python manage.py migrate --noinput -v 0
	@echo "==> [2/5] Loading the demo site from fixtures/site"
	@$(DEMO_ENV) $(BIN)/python manage.py load_site fixtures/site
	@echo "==> [3/5] Creating the demo editor account"
	@$(DEMO_ENV) $(BIN)/python manage.py demo_editor
	@echo "==> [4/5] The first figures: every periodic job once (recommendations, audiences, experiment figures)"
	@$(DEMO_ENV) $(BIN)/python manage.py run_periodic --once
	@echo "==> [5/5] Starting the CMS on :$(PORT), the website on :$(FRONTEND_PORT) and the periodic jobs (log: var/periodic.log); the addresses follow once both answer (Ctrl-C stops all)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(DEMO_ENV) $(WEBHOOK_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT) & \
	  TAILOR_API_URL=http://127.0.0.1:$(PORT)/graphql/ FRONTEND_DEMO=1 FRONTEND_PORT=$(FRONTEND_PORT) FRONTEND_STARTUP_WAIT=120 \
	  PERSONALIZATION_SERVER_KEY=$$(cat var/server_key) $(BIN)/python -m frontend & \
	  $(DEMO_ENV) $(WEBHOOK_ENV) $(BIN)/python manage.py run_periodic > var/periodic.log 2>&1 & \
	  $(DEMO_ENV) $(BIN)/python manage.py demo_banner --port $(PORT) --frontend-port $(FRONTEND_PORT) --wait 180; \
	  wait

browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "==> [test] Installing Chromium from Debian's packages (browser tests)"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	  || echo "    could not install chromium: browser tests will be skipped"; }

# The two passes run side by side (on two cores they take about half the time of one after the
# other); the PostgreSQL pass writes to test-output/postgres.log, shown when both are done.
# Each pass flushes its own Redis databases (TAILOR_TEST_REDIS_BASE, tests/redis_dbs.py).
test: setup browser next-build
	@mkdir -p test-output
	@echo "==> [test] SQLite and PostgreSQL side by side; the PostgreSQL output follows the SQLite output"
	@TAILOR_TEST_REDIS_BASE=10 $(MAKE) --no-print-directory test-postgres > test-output/postgres.log 2>&1 & pg=$$!; \
	  $(MAKE) --no-print-directory test-sqlite; sqlite=$$?; \
	  wait $$pg; postgres=$$?; cat test-output/postgres.log; \
	  $(MAKE) --no-print-directory test-js; js=$$?; \
	  echo "==> [test] SQLite: $$( [ $$sqlite -eq 0 ] && echo passed || echo FAILED ), PostgreSQL: $$( [ $$postgres -eq 0 ] && echo passed || echo FAILED ), TypeScript SDK: $$( [ $$js -eq 0 ] && echo passed || echo FAILED )"; \
	  [ $$sqlite -eq 0 ] && [ $$postgres -eq 0 ] && [ $$js -eq 0 ]

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
	@echo "==> [bench] Local evaluation from ruleSet.json (LocalEngine, the CLI's work): p50 per decision, 10/100/1000 segments (docs/sdk.md)"
	@$(BIN)/python bench/bench_local.py
	@echo "==> [bench] Device detection: bots, phones, tablets, desktops on the libraries' public fixture sets (docs/devices.md; several minutes)"
	@$(BIN)/python bench/bench_devices.py
	@echo "==> [bench] One personalizedPage request: database queries and time"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python bench/bench_api.py
	@echo "==> [bench] Delivery: floor, grapple, anonymous, returning, content by key, 10/100/1000 segments (docs/performance.md)"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python bench/bench_delivery.py
	@echo "==> [bench] Recommendations: hit rate at 3 on a synthetic click stream"
	@$(BIN)/python bench/bench_recommend.py
	@echo "==> [bench] Page editor on the demo's biggest page: open, save draft, publish (server time, HTML, queries); experiment report's first open"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python bench/bench_editor.py || true
	@echo "==> [bench] Bulk imports: 1,000,000 events and 100,000 trait rows, rate and memory"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python bench/bench_import.py

soak: setup
	@echo "==> [soak] $${SOAK_SECONDS:-600} s of traffic against gunicorn on PostgreSQL and Redis (docs/reliability.md)"
	@$(BIN)/python bench/soak.py

# The conformance corpus (sdk/conformance/README.md): rule sets, cases and the Python CLI's
# answers, which the TypeScript engine must reproduce. Deterministic; commit what it writes.
conformance: setup
	@echo "==> [conformance] Regenerating sdk/conformance/ from the Python engine"
	@$(BIN)/python sdk/conformance/generate.py

lock:
	@$(BIN)/uv pip compile requirements.in -o requirements.txt --python-version 3.11 -q
	@echo "requirements.txt recompiled from requirements.in: run make setup"

schema: setup
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py graphql_schema --schema personalization.api.schema.schema --out schema.graphql
	@echo "schema.graphql written"

lint: setup
	@echo "==> [lint 1/4] ruff: the format (ruff format --check; \`ruff format .\` fixes it), then the rules (pyproject.toml: E, F, W, I, B, UP)"
	@$(BIN)/ruff format --check .
	@$(BIN)/ruff check .
	@echo "==> [lint 2/4] mypy with django-stubs"
	@$(BIN)/mypy
	@echo "==> [lint 3/4] import-linter: the layers, the pure engine, pages and admin apart"
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/lint-imports
ifneq ($(NPM),)
	@echo "==> [lint 4/4] @tailor/client: the generated operation types match schema.graphql (npm run codegen fixes it)"
	@cd $(SDK)/packages/client && npm run --silent codegen:check
endif

check: setup
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py check
	@DJANGO_SETTINGS_MODULE=cms.settings.test $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf $(VENV) var test-output $(SDK)/node_modules $(SDK)/.built $(STARTER)/node_modules $(STARTER)/.next

fuzz: setup
	@echo "==> [fuzz 1/2] $${PROPERTY_EXAMPLES:-2000} batches of good and bad events: exactly the good ones stored, the visitor readable and erasable (SQLite, then PostgreSQL)"
	@env -u DATABASE_URL PROPERTY_EXAMPLES=$${PROPERTY_EXAMPLES:-2000} $(BIN)/pytest -q -p no:randomly -p no:logging tests/reliability/test_bad_data_property.py
	@DATABASE_URL=$(PG_TEST_URL) PROPERTY_EXAMPLES=$${PROPERTY_EXAMPLES:-2000} $(BIN)/pytest -q -p no:randomly -p no:logging tests/reliability/test_bad_data_property.py
	@echo "==> [fuzz 2/2] The hypothesis fuzzer and schemathesis against gunicorn (production settings), SQLite and PostgreSQL, with and without the server key: $${FUZZ_EXAMPLES:-5000} + $${SCHEMATHESIS_EXAMPLES:-5000} operations each (docs/reliability.md)"
	@FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5000} SCHEMATHESIS_EXAMPLES=$${SCHEMATHESIS_EXAMPLES:-5000} FUZZ_SEED=$${FUZZ_SEED:-1} $(BIN)/python bench/fuzz_served.py
