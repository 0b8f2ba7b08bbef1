# calfkit: one entry point for set-up, lessons and tests.
#   make start   create .venv if needed, then open JupyterLab on the first lesson
#   make test    create .venv (and fetch axe-core from npm) if needed, then run every test
#                (unit, lessons under nbval, browser, accessibility)
#   make voila   serve all lessons as a Voila app
#   make site    build the static website (every lesson executed, teacher's pack) into build/site
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
# axe-core (accessibility rules) for tests/browser/test_a11y.py, from the npm registry into a
# git-ignored folder. Without npm the test skips loudly (and fails under CI=true).
AXE_VERSION := 4.14.1
NPM_DIR   := .cache/npm
AXE_STAMP := $(NPM_DIR)/.axe-core-$(AXE_VERSION)

.PHONY: start test voila bench doctor clean site

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

start: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

$(AXE_STAMP):
	@if command -v npm >/dev/null 2>&1; then \
		npm install --prefix $(NPM_DIR) --no-save --no-audit --no-fund --loglevel=error axe-core@$(AXE_VERSION) \
		&& touch $@; \
	else \
		echo "!! npm not found: the accessibility test (tests/browser/test_a11y.py) will not run" >&2; \
	fi

test: $(STAMP) $(AXE_STAMP)
	$(BIN)/python -m pytest tests --nbval-lax --nbval-current-env notebooks

voila: $(STAMP)
	$(BIN)/voila notebooks --Voila.ip=127.0.0.1 --MappingKernelManager.cull_idle_timeout=600 --MappingKernelManager.cull_interval=60

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

doctor: $(STAMP)
	$(BIN)/python -c "import calfkit, sys; sys.exit(0 if calfkit.doctor() else 1)"

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis $(NPM_DIR)
