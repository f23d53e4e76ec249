# rashomon: the README's two commands live here (make demo, make test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  := ../shared/seeds
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test lint eval bench clean

$(BIN)/rashomon: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25" > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	$(BIN)/pip install --quiet -e ".[dev]" >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@touch $@

demo: $(BIN)/rashomon
	$(BIN)/rashomon compare \
	  $(SEEDS)/000_7f752ea312c1a10c.txt --outlet "VOA" --published 2019-11-14 \
	  $(SEEDS)/001_0f23a78d9893c12c.txt --outlet "The Washington Times" --published 2019-11-11

test: $(BIN)/rashomon
	$(BIN)/python -W error -c "import rashomon"
	$(BIN)/pytest -q

lint: $(BIN)/rashomon
	$(BIN)/ruff check src tests bench eval
	$(BIN)/mypy

eval: $(BIN)/rashomon
	$(BIN)/python eval/run.py

bench: $(BIN)/rashomon
	$(BIN)/python bench/compare_latency.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
