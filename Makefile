# calfkit: one entry point for set-up, lessons and tests.
#   make start   create .venv if needed, then open JupyterLab on the first lesson
#   make test    create .venv if needed, then run every test (unit, lessons under nbval, browser)
#   make voila   serve all lessons as a Voila app
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)

.PHONY: start test voila bench doctor clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[test]"
	touch $(STAMP)

start: $(STAMP)
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_start_here.ipynb

test: $(STAMP)
	$(BIN)/python -m pytest tests --nbval-lax --nbval-current-env notebooks

voila: $(STAMP)
	$(BIN)/voila notebooks --Voila.ip=127.0.0.1 --MappingKernelManager.cull_idle_timeout=600 --MappingKernelManager.cull_interval=60

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_models.py

doctor: $(STAMP)
	$(BIN)/python -c "import calfkit, sys; sys.exit(0 if calfkit.doctor() else 1)"

clean:
	rm -rf $(VENV) build dist .pytest_cache .hypothesis
