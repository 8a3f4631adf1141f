# parplan — the two commands a newcomer needs:  make run   and   make test
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PLAN   ?= plans/2024.yaml
STAMP   = $(VENV)/.installed

.PHONY: run test lint check-plans clean templates

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: install into .venv, then check and show the embedded default plan
run: $(STAMP)
	$(BIN)/parplan check $(PLAN)
	$(BIN)/parplan export $(PLAN) --format json > /dev/null && echo "export: OK"

## test: install into .venv, then lint, type-check and run the whole test suite
test: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
	$(BIN)/pytest

## templates: rebuild the Word report template from templates/build_report_docx.py
templates: $(STAMP)
	$(BIN)/python templates/build_report_docx.py

check-plans: $(STAMP)
	$(BIN)/parplan check plans/*.yaml

clean:
	rm -rf $(VENV) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
