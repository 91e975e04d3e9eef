# khabar: `make run` and `make test` are all a fresh machine needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
# Quiet Prefect's analytics and keep its state per checkout.
export PREFECT_HOME ?= $(CURDIR)/.prefect
export DO_NOT_TRACK := 1
export GX_ANALYTICS_ENABLED := false
export PREFECT_SERVER_ANALYTICS_ENABLED := false

.PHONY: venv run test test-fast lint format serve train-ner bench clean-warehouse seeds-countries \
	wheel-check codebook

venv: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: venv
	$(BIN)/khabar run --input seeds/articles

test: venv
	$(BIN)/python -m pytest

# The built wheel in a fresh venv outside the checkout: `khabar run` on the seeds and
# `khabar annotate` (dependencies pinned to this venv's versions, from pip's cache).
wheel-check: venv
	CI_VENV=$(VENV) PYTHON=$(PYTHON) .ci/wheel_check.sh

test-fast: venv
	$(BIN)/python -m pytest -m "not slow" tests/unit

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: venv
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# A local Prefect server (SQLite under $(PREFECT_HOME)) and the khabar-inbox deployment served
# on its prefect.yaml schedule; Ctrl-C stops both. KHABAR_INBOX is the directory it watches.
SERVE_PORT ?= 4200
serve: venv
	$(BIN)/python -m flows.serve --start-server $(SERVE_PORT)

bench: venv
	$(BIN)/python benchmarks/dates.py

# seeds/countries.csv from CLDR (Babel); commit the result (a unit test compares them).
seeds-countries: venv
	$(BIN)/python seeds/build_countries.py

# CODEBOOK.md from the COMMENT ON statements in sql/; commit it (a unit test compares them).
codebook: venv
	$(BIN)/python -m khabar.publish.codebook > CODEBOOK.md

clean-warehouse:
	find warehouse -mindepth 1 ! -name README.md -exec rm -rf {} +

# Statistical Hindi NER (models/ner_hi) from HiNER and IL-NER Hindi train, CPU only and
# seeded; then its figures. IL-NER dev is read only to keep its sentences out of training.
NER_DATA ?= ../shared/data/ner
train-ner: venv
	$(BIN)/python training/convert_ner.py training/corpus \
		--hiner $(NER_DATA)/hiner_collapsed_validation.conll \
		--ilner $(NER_DATA)/ilner_hindi_train.conll --ilner-weight 3 \
		--exclude $(NER_DATA)/ilner_hindi_dev.jsonl
	rm -rf training/output
	OMP_NUM_THREADS=1 $(BIN)/python -m spacy train training/ner_hi.cfg \
		--output training/output --gpu-id -1
	cp models/ner_hi/ATTRIBUTION.md training/output/model-best/  # the licence note stays
	rm -rf models/ner_hi
	cp -r training/output/model-best models/ner_hi
	$(BIN)/python benchmarks/ner.py
