# Emergence Notebooks: every command sets up .venv first (Python 3.10+ and a shell are all it needs).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: setup lab test test-lowest test-unit test-notebooks test-browser html slides figures data lint bench clean

LOWEST := .venv-lowest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -e ".[lab,test]"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (emergence)"
	@touch $(STAMP)

## Open JupyterLab on the index notebook (as root too: containers and cloud machines often run as root).
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
lab: setup
	@echo "Starting JupyterLab: open the http://localhost:... address it prints below (Ctrl-C stops it)."
	$(BIN)/jupyter lab $(ROOT_FLAG) notebooks/00_index.ipynb

## Run every test: unit tests, notebooks (nbval), structure and the real-browser test.
test: setup
	$(BIN)/python -m ruff check emergence_utils tests scripts benchmarks
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

## Unit tests and notebooks again with the lowest supported versions (constraints/lowest.txt).
test-lowest: $(LOWEST)/.installed
	$(LOWEST)/bin/python -m pytest tests -m "not browser and not colab" -k "not runs_under_nbval and not runs_and_every_solution" -W ignore::DeprecationWarning
	$(LOWEST)/bin/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

$(LOWEST)/.installed: pyproject.toml constraints/lowest.txt
	@test -x $(LOWEST)/bin/python || $(PYTHON) -m venv $(LOWEST)
	$(LOWEST)/bin/python -m pip install --upgrade pip
	$(LOWEST)/bin/python -m pip install -c constraints/lowest.txt -e ".[test]"
	$(LOWEST)/bin/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (lowest)"
	@touch $@

test-unit: setup
	$(BIN)/python -m pytest tests -m "not browser and not colab"

test-notebooks: setup
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -p no:cacheprovider notebooks

test-browser: setup
	$(BIN)/python -m pytest tests -m browser

## Execute the notebooks and write static, offline HTML copies to build/html (with README, SYLLABUS, PROJECTS, GLOSSARY).
html: setup
	$(BIN)/python scripts/build_html.py

## Build offline reveal.js slide decks to build/slides.
slides: setup
	$(BIN)/python scripts/build_slides.py

## Build the decks and check in Chromium that every slide fits 1280 x 720 (slide count, words, overflow).
.PHONY: check-slides
check-slides: setup
	$(BIN)/python scripts/check_decks.py --markdown build/slides/check.md

## Write the student and instructor editions to build/editions (run to check every solution passes).
.PHONY: editions
editions: setup
	$(BIN)/python scripts/build_editions.py --execute

## Regenerate img/*.png from data/.
figures: setup
	$(BIN)/python -m emergence_utils.figures

## Rebuild data/*.csv, data/datasets.toml and data/README.md from data/sources/ (nothing outside the repository).
data: setup
	$(BIN)/python scripts/build_data.py

lint: setup
	$(BIN)/python -m ruff check emergence_utils tests scripts benchmarks

bench: setup
	$(BIN)/python benchmarks/run_all.py

clean:
	rm -rf $(VENV) $(LOWEST) build
