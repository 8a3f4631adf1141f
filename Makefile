# parplan — the two commands a newcomer needs:  make run   and   make test
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
PLAN   ?= plans/2024.yaml
STAMP   = $(VENV)/.installed

.PHONY: run test lint check-plans clean templates schema readme

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

## run: install into .venv, then check and show the embedded default plan
run: $(STAMP)
	$(BIN)/parplan check $(PLAN)
	$(BIN)/parplan status $(PLAN)

## test: install into .venv, then lint, type-check, hold the import layers (lint-imports), look for dead code and run the test suite on
## every core (the benchmark's own run and full-depth property tests: make test-deep). The checks after ruff run beside the suite
## (make -j2): mypy without its cache (a clean clone) keeps one core busy for ~25 s, better spent beside the suite than
## before it. The suite starts parplan in fresh processes: bytecode is cached even where PYTHONDONTWRITEBYTECODE is set (each
## process would compile the package again, ~0.3 CPU-s), and so is pytest's rewrite of the test modules (each worker would redo it)
test: $(STAMP)
	$(BIN)/ruff check src tests scripts bench templates
	$(BIN)/ruff format --check src tests scripts bench templates
	@$(MAKE) --no-print-directory -j2 static-checks suite

.PHONY: static-checks suite
static-checks: $(STAMP)
	$(BIN)/lint-imports --no-logo
	$(BIN)/vulture src vulture_whitelist.py --min-confidence 60
	$(BIN)/mypy src/parplan scripts bench templates

suite: $(STAMP)
	PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist loadfile -m "not slow"

## test-floors: the CLI's tests on the lowest versions pyproject.toml allows (.ci/lowest-versions.txt)
FLOORS = .venv-floors
.PHONY: test-floors
test-floors:
	$(PYTHON) -m venv $(FLOORS)
	$(FLOORS)/bin/pip install --quiet --upgrade pip
	$(FLOORS)/bin/pip install --quiet -c .ci/lowest-versions.txt -e . pytest hypothesis
	$(FLOORS)/bin/pip install --quiet -r .ci/lowest-versions.txt
	$(FLOORS)/bin/pytest -q -p no:cacheprovider tests/test_cli.py tests/test_cli_help.py tests/test_cli_views.py tests/test_workdays.py

## test-deep: the slow tests (the benchmark's own run, the large variants of tests make test runs small) and every
## deep test at full depth (CI runs it after make test)
.PHONY: test-deep
test-deep: $(STAMP)
	PARPLAN_DEEP=1 PYTHONDONTWRITEBYTECODE= $(BIN)/pytest -n auto --dist loadfile -m "slow or deep"

## templates: rebuild the Word templates (report, plan) from templates/build_*_docx.py
templates: $(STAMP)
	$(BIN)/python templates/build_report_docx.py
	$(BIN)/python templates/build_plan_docx.py

check-plans: $(STAMP)
	$(BIN)/parplan check plans/*.yaml

clean:
	rm -rf $(VENV) $(FLOORS) build dist src/*.egg-info .pytest_cache .mypy_cache .ruff_cache

## bench: time and measure every command on plans of 22 to 50,000 tasks -> bench/results.md;
## start-up (status, check, --help, a Tab press) against the yardstick apps -> bench/startup.md
## Takes a while (several minutes at 10,000 and 50,000 tasks); limit it with e.g.
##   make bench SIZES=22,1000
SIZES ?= 22,1000,10000,50000
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python -m bench.run --sizes $(SIZES) --out bench/results.md
	$(BIN)/python -m bench.startup --out bench/startup.md
	$(BIN)/python scripts/readme_tour.py --bench bench/results.md

## readme: rerun the command tours (the README's short one, docs/tour.md)
readme: $(STAMP)
	$(BIN)/python scripts/readme_tour.py

## schema: regenerate schema/plan.schema.json from the model
schema: $(STAMP)
	$(BIN)/parplan schema > schema/plan.schema.json

## deadcode: vulture over src (names only frameworks use are listed in vulture_whitelist.py)
.PHONY: deadcode
deadcode: $(STAMP)
	$(BIN)/vulture src vulture_whitelist.py --min-confidence 60

## fuzz: long fuzz run of `check` (FUZZ_EXAMPLES per strategy) -> tests/data/fuzz/last-run.json
FUZZ_EXAMPLES ?= 2000
.PHONY: fuzz
fuzz: $(STAMP)
	$(BIN)/python scripts/fuzz.py --examples $(FUZZ_EXAMPLES)
	PARPLAN_DOCUMENT_EXAMPLES=3000 $(BIN)/pytest -q tests/test_document.py -k random_styles

## robustness: rerun the hostile-input scenarios -> docs/robustness.md (between robustness markers)
.PHONY: robustness
robustness: $(STAMP)
	$(BIN)/python scripts/robustness_table.py

## site: the dashboard site of the embedded plan as of 20/06/2024 -> site/ (and the README's
## screenshots docs/site.png, docs/site-phone.png)
.PHONY: site
site: $(STAMP)
	$(BIN)/parplan site $(PLAN) --as-of 20/06/2024 -o site --force
	$(BIN)/python scripts/site_screenshot.py site --out docs

## stress: concurrent `record`s and SIGKILLs on 1,000- and 10,000-task plans -> docs/writing-a-plan.md (minutes)
.PHONY: stress
stress: $(STAMP)
	$(BIN)/python scripts/stress_writes.py

## import-accuracy: publish plans/2024.yaml to .docx and .md, import each, compare (per section)
.PHONY: import-accuracy
import-accuracy: $(STAMP)
	$(BIN)/python scripts/import_accuracy.py
