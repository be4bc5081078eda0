# Two commands matter: `make demo` and `make test`. Both set up what they need first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip --disable-pip-version-check -q
CONSTRAINTS := requirements/constraints.txt

.PHONY: demo test lint typecheck imports pytest serve worker constraints clean system-packages

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --upgrade "pip>=24"

# Stamps: reinstall only when the project's dependencies or their pins change.
$(VENV)/.installed-runtime: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e .
	touch $@

$(VENV)/.installed-dev: pyproject.toml $(CONSTRAINTS) | $(BIN)/python
	$(PIP) install -c $(CONSTRAINTS) -e ".[dev]"
	touch $@ $(VENV)/.installed-runtime

# `make demo SIMULATE=0` leaves out the simulator of two suppliers' tools.
demo: $(VENV)/.installed-runtime
	$(BIN)/podium demo $(if $(filter 0 no off false,$(SIMULATE)),--no-simulate)

serve: $(VENV)/.installed-runtime
	$(BIN)/podium serve

worker: $(VENV)/.installed-runtime
	$(BIN)/podium worker

test: $(VENV)/.installed-dev lint typecheck imports pytest

lint: $(VENV)/.installed-dev
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

typecheck: $(VENV)/.installed-dev
	$(BIN)/mypy

imports: $(VENV)/.installed-dev
	$(BIN)/lint-imports

# The suite runs on every core (pytest-xdist); `make pytest PYTEST_WORKERS=0` runs it in one process.
# `loadgroup`: tests are shared out one by one, except the modules of ONE_WORKER_MODULES
# (tests/conftest.py), each group to one worker: the modules on the loaded demo's home and those
# that load the demo once for the module, so the demo is loaded once a run, not once a worker.
PYTEST_WORKERS ?= auto
pytest: $(VENV)/.installed-dev
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadgroup $(PYTEST_ARGS)

# Debian packages outside the virtualenv: Pango and a font for WeasyPrint (PDF reports),
# poppler-utils for the PDF tests, Chromium for the browser tests. Needs root (.ci/run does the same).
SYSTEM_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils chromium
system-packages:
	@missing=$$(for p in $(SYSTEM_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "installing $$missing"; apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing; \
	fi

# Refresh the pins after changing dependencies in pyproject.toml.
constraints: | $(BIN)/python
	$(PIP) install -e ".[dev]"
	$(BIN)/python -m pip freeze --exclude-editable --exclude podium > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
