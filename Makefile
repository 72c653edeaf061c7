# 医保明白账 — make run | make test | make lab | make app | make bench
# Works on a fresh machine with only python3 (3.11), pip, make and git.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1

.PHONY: all setup run book lint format test test-fast test-long test-stress test-notebooks lab app bench notebooks clean

all: run

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@echo "==> 安装依赖 installing requirements into $(VENV)"
	@$(BIN)/python -m pip install -q --disable-pip-version-check uv \
	  && $(BIN)/python -m uv pip install -q --python $(BIN)/python --compile-bytecode -r requirements.txt -e . \
	  || $(BIN)/python -m pip install -q --disable-pip-version-check -r requirements.txt -e .
	@touch $(STAMP)

setup: $(STAMP)

## make run: execute every notebook headless (papermill) into build/notebooks, HTML into build/html, then the book
run: setup
	@$(BIN)/python -m yibao_helpers run --out build
	@$(BIN)/python -m yibao_helpers book --out build

## make book: the static site build/book/index.html (Sphinx + myst-nb) from the executed notebooks
## (build/notebooks after make run, the outputs stored in notebooks/ otherwise), with each page's chart gallery
book: setup
	@$(BIN)/python -m yibao_helpers book --out build

## make lint: ruff lint over the package, tests, benchmarks and the notebooks' code cells; format check; the layer contract (import-linter)
lint: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

## make format: apply ruff's fixes and formatting
format: setup
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

## make test: lint, unit tests, data integrity, papermill sweeps and nbval over notebooks/
test: setup lint
	$(BIN)/python -m pytest -n 2 --dist loadfile tests notebooks \
	  --nbval --nbval-current-env --nbval-cell-timeout=600 --nbval-sanitize-with tests/nbval_sanitize.cfg

test-fast: setup
	HYPOTHESIS_PROFILE=dev $(BIN)/python -m pytest -n 2 tests -m "not notebooks"

## make test-long: the property tests with 10,000 examples each (hypothesis profile "long")
test-long: setup
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest -n 2 tests -m properties

## make test-stress: `make test` STRESS_RUNS times in a row (default 3) while a bounded CPU hog keeps every core busy
STRESS_RUNS ?= 3
test-stress: setup
	@$(BIN)/python tests/support/stress.py --runs $(STRESS_RUNS)

## make lab: open JupyterLab on notebooks/ (local only)
lab: setup
	$(BIN)/jupyter lab --ip=127.0.0.1 --notebook-dir=notebooks

## make app: the dashboard (notebooks/app.ipynb) served by Voilà on 127.0.0.1 only; Ctrl-C stops it
APP_PORT ?= 8866
## kernels talk over IPC sockets in Voilà's private connection-file folder (no TCP, no transport warning)
app: setup
	@echo "==> 医保明白账看板 dashboard: http://127.0.0.1:$(APP_PORT)/   (Ctrl-C 停止 / to stop)"
	@$(BIN)/voila --no-browser --Voila.ip=127.0.0.1 --port=$(APP_PORT) --Voila.port_retries=0 \
	  --VoilaConfiguration.show_tracebacks=False --KernelManager.transport=ipc notebooks/app.ipynb

## make bench: speed of the calculators
bench: setup
	@for b in benchmarks/bench_*.py; do echo "==> $$b"; $(BIN)/python $$b || exit 1; done

## make notebooks: refresh the outputs stored in notebooks/ (after changing a notebook or data)
notebooks: setup
	@$(BIN)/python -m yibao_helpers run --in-place

clean:
	rm -rf build .pytest_cache
