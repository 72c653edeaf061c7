# 医保明白账 — make run | make test | make lab | make app | make bench
# Works on a fresh machine with only python3 (3.11), pip, make and git.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(CURDIR)/$(BIN):$(PATH)
export MPLBACKEND := Agg
export PYDEVD_DISABLE_FILE_VALIDATION := 1
# write byte-code caches even where the environment says not to: every kernel, pytest worker and run then reuses the
# compiled package and pytest's rewritten test modules instead of compiling them again (≈ 20 s per collection here)
unexport PYTHONDONTWRITEBYTECODE

.PHONY: all setup run book lint format test test-fast test-long test-stress test-notebooks lab app classroom bench bench-load notebooks clean

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
## (TEST_WORKERS pytest workers, 2 by default: 3 on this 2-core machine measured slower, 6:52 against 6:41)
TEST_WORKERS ?= 2
test: setup lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile tests notebooks \
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

## make app: the dashboard (notebooks/app.ipynb) served by Voilà on 127.0.0.1 only; kernels talk over IPC sockets;
## a kernel with no open page is stopped within 2 minutes; Ctrl-C stops it
APP_PORT ?= 8866
app: setup
	@$(BIN)/python -m yibao_helpers.tools.app_server --port=$(APP_PORT)

## make classroom: share the dashboard with a class (docs/classroom.md): token required, kernel cap, pre-heated pool
CLASSROOM_IP ?= 0.0.0.0
CLASSROOM_MAX ?= 45
CLASSROOM_POOL ?= 2
classroom: setup
	@$(BIN)/python -m yibao_helpers.tools.app_server --classroom --ip=$(CLASSROOM_IP) --port=$(APP_PORT) \
	  --max-kernels=$(CLASSROOM_MAX) --pool=$(CLASSROOM_POOL) $(if $(YIBAO_APP_TOKEN),,--token=auto)

## make bench: speed of the calculators, sliders, notebooks and the book (bench_app_load has its own target)
bench: setup
	@for b in benchmarks/bench_*.py; do [ $$b = benchmarks/bench_app_load.py ] && continue; \
	  echo "==> $$b"; $(BIN)/python $$b || exit 1; done

## make bench-load: the classroom load test on loopback (40 students + 100 page loads; about 8 minutes)
bench-load: setup
	@$(BIN)/python benchmarks/bench_app_load.py

## make notebooks: refresh the outputs stored in notebooks/ (after changing a notebook or data)
notebooks: setup
	@$(BIN)/python -m yibao_helpers run --in-place

clean:
	rm -rf build .pytest_cache
