# The one entry point. `make build` and `make test` work on a fresh clone: they create the
# virtual environment and install the pinned dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
NODE_STAMP := node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: build test check generate serve lint clean lock translations reviewed schema browser-deps spreadsheet-deps audit screenshots bench

build: $(STAMP)  ## validate content/, generate docs/, build site/
	$(BIN)/python -m generator build

check: $(STAMP)  ## validate content/ only
	$(BIN)/python -m generator check

generate: $(STAMP)  ## validate content/ and write docs/ only
	$(BIN)/python -m generator generate

bench: $(STAMP)  ## benchmarks: generator alone, build against plain mkdocs, serve latency (tables)
	$(BIN)/python -m tools.bench

audit: $(STAMP) $(NODE_STAMP) browser-deps  ## Lighthouse scores of the main pages, both languages (a table)
	$(BIN)/python -m tools.audit

screenshots: $(STAMP) browser-deps  ## docs/assets/screenshots/*.png of the home and comparison pages
	$(BIN)/python -m tools.screenshots

schema: $(STAMP)  ## rewrite content/accelerators.schema.json after changing generator/model.py
	$(BIN)/python -m generator schema

translations: $(STAMP)  ## list translations that are stale or not yet reviewed
	$(BIN)/python -m generator translations

reviewed: $(STAMP)  ## after reviewing: mark translations current (all, or KEYS="key ...")
	$(BIN)/python -m generator reviewed $(KEYS)

serve: $(STAMP)  ## preview on http://127.0.0.1:8000; regenerates and reloads on every edit of content/
	$(BIN)/python -m generator serve --dev-addr 127.0.0.1:8000

test: $(STAMP) $(NODE_STAMP) browser-deps spreadsheet-deps  ## lint, type-check and run the whole test suite (browser tests too)
	$(BIN)/ruff check generator tests tools
	$(BIN)/ruff format --check generator tests tools
	$(BIN)/mypy generator
	$(BIN)/python -m pytest -n 2 --dist worksteal  # both cores of CI; see README "Tests" for the time

lint: $(STAMP)
	$(BIN)/ruff check generator tests tools
	$(BIN)/ruff format --check generator tests tools
	$(BIN)/mypy generator

# Browser tests: Debian's Chromium (driven by Playwright; never `playwright install`) and a Korean
# font, so Hangul renders instead of boxes. Installed with apt on a machine that lacks them.
browser-deps:
	@if ! command -v chromium >/dev/null 2>&1 || ! fc-list 2>/dev/null | grep -qiE "Noto Sans CJK|NanumGothic"; then \
		echo "Installing chromium and fonts-noto-cjk with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; \
	fi

# The CSV export's test opens the file as a spreadsheet would: Gnumeric's ssconvert (53 MB with its
# libraries; LibreOffice would be 276 MB).
spreadsheet-deps:
	@if ! command -v ssconvert >/dev/null 2>&1; then \
		echo "Installing gnumeric (for ssconvert) with apt-get"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends gnumeric >/dev/null; \
	fi

$(NODE_STAMP): package.json package-lock.json  ## axe-core (tests) and Lighthouse (make audit), pinned
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error
	touch $(NODE_STAMP)

$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements.lock -e '.[test]'
	touch $(STAMP)

lock: ## re-pin requirements.lock from a fresh environment after changing pyproject.toml
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --disable-pip-version-check '.[test]'
	.venv-lock/bin/python -m pip freeze --exclude colab-accelerators > requirements.lock
	rm -rf .venv-lock build

clean:
	rm -rf site .site.* $(VENV) .pytest_cache .mypy_cache .ruff_cache node_modules
