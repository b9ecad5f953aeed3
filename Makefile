# Two set-up-and-go targets: `make demo` and `make test`. Both create .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin

.PHONY: demo test venv test-venv browser screenshots clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(VENV)/.installed $@

venv: $(VENV)/.installed

test-venv: $(VENV)/.installed-test

# Debian's chromium for the browser tests (Playwright's own browser download does not work offline).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; fi; }

demo: venv
	$(BIN)/kg build --out exports
	@echo "Open exports/graph.html in a browser (file://$(CURDIR)/exports/graph.html)"

# One pytest process per core (pytest-xdist): the suite is CPU-bound, and each process builds the
# session fixtures (the example build) once.
test: test-venv browser
	$(BIN)/python -m pytest -n auto

# The README's pictures of the explorer (docs/graph.png, docs/graph-expanded.png), from a fresh page
# of the example corpus, drawn by Debian's chromium through Playwright.
screenshots: test-venv browser
	$(BIN)/kg build --out exports --outputs html -q
	$(BIN)/python docs/screenshots.py --page exports/graph.html --out docs

clean:
	rm -rf $(VENV) build *.egg-info
