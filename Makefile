# calfkit: one entry point for set-up, lessons and tests.
#   make start   create .venv with the lessons' packages if needed, then open JupyterLab at the
#                repository root on lesson 00; the last line printed is lesson 00's address
#   make check   the fast loop (about a minute): every lesson under nbval and every test but the
#                browser tests and the wheel installs
#   make test    every test (unit, lessons under nbval, wheel installs, browser, accessibility),
#                one line per test, the browser tests last, the 25 slowest listed at the end
#   make voila   serve all lessons as a Voila app
#   make site    build the static website (every lesson executed, teacher's pack) into build/site
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# The lessons need only the package's own dependencies; the tests add the [test] extra.
LESSONS_STAMP := $(VENV)/.installed-lessons
STAMP  := $(VENV)/.installed
# axe-core (accessibility rules) for tests/browser/test_a11y.py, from the npm registry into a
# git-ignored folder. Without npm the test skips loudly (and fails under CI=true).
AXE_VERSION := 4.14.1
NPM_DIR   := .cache/npm
AXE_STAMP := $(NPM_DIR)/.axe-core-$(AXE_VERSION)

.PHONY: start check test voila bench doctor clean site

$(LESSONS_STAMP): pyproject.toml
	@echo "Installing the lessons' packages into $(VENV) (the first time takes 1-4 minutes)..."
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e .
	touch $@

$(STAMP): $(LESSONS_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

start: $(LESSONS_STAMP)
	@$(BIN)/python -m calfkit start --no-copy .

$(AXE_STAMP):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(NPM_DIR) --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION) \
		&& touch $@; \
	else \
		echo "!! npm not found: the accessibility test (tests/browser/test_a11y.py) will not run" >&2; \
	fi

check: $(STAMP)
	$(BIN)/python -m pytest -q -m "not install" --ignore=tests/browser --durations=5 \
		--nbval-lax --nbval-current-env tests notebooks

test: $(STAMP) $(AXE_STAMP)
	$(BIN)/python -m pytest -v --durations=25 --nbval-lax --nbval-current-env tests notebooks

voila: $(LESSONS_STAMP)
	@$(BIN)/python -m calfkit voila notebooks

SITE_STAMP := $(VENV)/.site-installed
$(SITE_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[site]"
	touch $(SITE_STAMP)

# The website: lessons executed now, offline (plotly.js from the installed package); see calfkit/site.
site: $(SITE_STAMP)
	$(BIN)/python -m calfkit.site --out build/site
	@echo "open build/site/index.html, or serve it: $(BIN)/python -m http.server -d build/site"

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_models.py

doctor: $(LESSONS_STAMP)
	@$(BIN)/python -m calfkit doctor

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis $(NPM_DIR) .calfkit
