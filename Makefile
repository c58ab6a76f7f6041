# 政府信息公开工作年度报告 汇总工具
PY := .venv/bin/python
YEAR ?= 2024
INBOX ?= examples/inbox
OUT ?= output
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: all report test lint typecheck templates examples bench golden docs clean lock

all: lint test

# Exactly the tested versions, checked by their hashes (requirements-dev.lock: the tool's and the tests'),
# then the tool itself, which also installs the `gknb` command.
.venv/ready: pyproject.toml requirements.lock requirements-dev.lock
	python3 -m venv .venv
	.venv/bin/pip install -q --upgrade pip
	.venv/bin/pip install -q --require-hashes -r requirements-dev.lock
	.venv/bin/pip install -q --no-deps -e .
	touch $@

# Remake the lock files after a change of pyproject.toml's dependencies; versions already locked are kept
# (uv prefers the pins of the file it rewrites). uv is installed beside the project, not into .venv.
UV := .tools/bin/uv
$(UV):
	python3 -m venv .tools
	.tools/bin/pip install -q uv==0.13.9
lock: $(UV)
	$(UV) pip compile pyproject.toml --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" -q -o requirements.lock
	$(UV) pip compile pyproject.toml --group dev --universal --python-version 3.11 --generate-hashes \
		--custom-compile-command "make lock" -q -o requirements-dev.lock

# Exit 1 means "some files were sent back": the run itself succeeded, so make does not fail on it.
report: ROSTER ?= examples/单位名单.csv
report: .venv/ready
	$(PY) -m pipeline report --inbox $(INBOX) --year $(YEAR) --out $(OUT) \
		$(if $(ROSTER),--roster "$(ROSTER)") $(if $(DEADLINE),--deadline $(DEADLINE)) $(if $(HISTORY),--history "$(HISTORY)") \
		$(if $(REGION),--region "$(REGION)") $(if $(REGION_CODE),--region-code "$(REGION_CODE)") || [ $$? -eq 1 ]

# Without ROSTER: the blank template (committed). With ROSTER: one template per body, under output/; with HISTORY
# as well (e.g. HISTORY=output/2023), each body found there gets last year's figures and cross-year checks.
templates: .venv/ready
	$(if $(ROSTER),$(PY) -m pipeline templates --roster "$(ROSTER)" --year $(YEAR) --out "$(OUT)/$(YEAR)/填报模板" $(if $(HISTORY),--history "$(HISTORY)"),\
		$(PY) -m pipeline templates --out input_templates)

examples: .venv/ready
	$(PY) -m tests.make_examples

docs: .venv/ready
	$(PY) -m pipeline rules --markdown > docs/rules.md

lint: .venv/ready
	.venv/bin/ruff check pipeline schemas tests
	.venv/bin/mypy

typecheck: lint

# The installed `gknb` command on the sample inbox (exit 1: some sample files are sent back, by design).
test: lint
	.venv/bin/pytest
	out=$$(mktemp -d) && { .venv/bin/gknb report --inbox examples/inbox --out "$$out" --roster examples/单位名单.csv \
		>/dev/null || [ $$? -eq 1 ]; } && test -s "$$out/2024/汇总.xlsx" && rm -rf "$$out"

golden: .venv/ready
	$(PY) -m tests.update_golden

# SIZES="1000" to measure fewer sizes than the default 1,000 and 10,000 bodies.
bench: .venv/ready
	$(PY) -m tests.bench $(SIZES)

clean:
	rm -rf output .pytest_cache .mypy_cache .ruff_cache .tools
