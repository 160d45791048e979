# sgb — common tasks. `make install` once, then `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin
SAMPLE  = data/raw/kaifeng_2024_q2_double_half_measures.txt
RAW     = $(wildcard data/raw/*.txt)

.PHONY: install test lint structured check bench bench-align demo clean

install: $(BIN)/sgb

$(BIN)/sgb: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@# An editable install leaves our sources uncompiled; precompile them so that a shell loop of
	@# `sgb parse` does not recompile every module on every run (e.g. under PYTHONDONTWRITEBYTECODE).
	$(BIN)/python -m compileall -q src >/dev/null
	@# Likewise the rule tables, compiled to JSON (rules/__pycache__/*.yaml.json): no YAML parsing per process.
	$(BIN)/python -m shuangguoban.rules
	@touch $@

demo: install
	$(BIN)/sgb parse $(SAMPLE)

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests bench tools
	$(BIN)/mypy src

# Regenerate the structured outputs of every raw circular and the committed JSON Schemas.
structured: install
	@mkdir -p data/structured schema
	@for f in $(RAW); do \
	  b=$$(basename $$f .txt); \
	  $(BIN)/sgb parse $$f --format json -o data/structured/$$b.json && \
	  $(BIN)/sgb parse $$f --format yaml -o data/structured/$$b.yaml || exit 1; \
	done
	$(BIN)/sgb schema > schema/circular.schema.json
	$(BIN)/sgb schema alignment > schema/alignment.schema.json
	$(BIN)/sgb schema diff > schema/diff.schema.json

check: lint test
	$(BIN)/sgb validate data/structured/*.json data/structured/*.yaml

bench: install
	$(BIN)/python bench/run.py

# How well and how fast `sgb align` aligns: bench/ALIGN.md.
bench-align: install
	$(BIN)/python bench/align_bench.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
