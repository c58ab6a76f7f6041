# 政府信息公开工作年度报告 汇总工具
PY := .venv/bin/python
YEAR ?= 2024
INBOX ?= examples/inbox
OUT ?= output
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: all report test lint typecheck templates examples bench golden docs clean

all: lint test

.venv/ready: pyproject.toml
	python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	.venv/bin/pip install -q -e . --group dev
	touch $@

# Exit 1 means "some files were sent back": the run itself succeeded, so make does not fail on it.
report: ROSTER ?= examples/单位名单.csv
report: .venv/ready
	$(PY) -m pipeline report --inbox $(INBOX) --year $(YEAR) --out $(OUT) \
		$(if $(ROSTER),--roster "$(ROSTER)") $(if $(DEADLINE),--deadline $(DEADLINE)) $(if $(HISTORY),--history "$(HISTORY)") || [ $$? -eq 1 ]

# Without ROSTER: the blank template (committed). With ROSTER: one template per body, under output/.
templates: .venv/ready
	$(if $(ROSTER),$(PY) -m pipeline templates --roster "$(ROSTER)" --year $(YEAR) --out "$(OUT)/$(YEAR)/填报模板",\
		$(PY) -m pipeline templates --out input_templates)

examples: .venv/ready
	$(PY) -m tests.make_examples

docs: .venv/ready
	$(PY) -m pipeline rules --markdown > docs/rules.md

lint: .venv/ready
	.venv/bin/ruff check pipeline schemas tests
	.venv/bin/mypy

typecheck: lint

test: lint
	.venv/bin/pytest

golden: .venv/ready
	$(PY) -m tests.update_golden

# SIZES="1000" to measure fewer sizes than the default 1,000 and 10,000 bodies.
bench: .venv/ready
	$(PY) -m tests.bench $(SIZES)

clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache
