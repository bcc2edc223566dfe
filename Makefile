# The two commands of the README work on a fresh machine: `make report` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
WORKBOOK := workbooks/apmbc.xlsx
MEETING ?=

.PHONY: report test lint format system-deps example template bench clean docs

SYSTEM_DEPS := libreoffice-writer-nogui libreoffice-calc-nogui poppler-utils fonts-liberation2
SYSTEM_DEPS_LOG := $(or $(TMPDIR),/tmp)/report-tool-system-deps.log
#: how long apt-get waits for another install to release the package manager's lock, in seconds
APT_LOCK_WAIT ?= 300

# the tool alone (what `make report` needs); the test tools come with $(VENV)/.test-tools
$(BIN)/report-tool: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-tools: $(BIN)/report-tool
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

## report: set everything up and write the briefing and summary for the next meeting, as at the example
## workbook's data date, into reports/ (MEETING=22MSP: the 22MSP's, as at its last day)
report: $(BIN)/report-tool
	$(BIN)/report-tool generate $(WORKBOOK) $(if $(MEETING),--meeting $(MEETING)) --overwrite

## test: set everything up (LibreOffice included, where it can be installed) and run every check
test: $(VENV)/.test-tools $(VENV)/.example-plugin system-deps lint
	$(BIN)/mypy report_tool examples/report-tool-stockpiles/report_tool_stockpiles
	$(BIN)/python -m pytest

# the example plugin, installed so that its entry point is discovered as a user's would be
$(VENV)/.example-plugin: $(BIN)/report-tool examples/report-tool-stockpiles/pyproject.toml
	$(BIN)/python -m pip install --quiet --no-deps -e ./examples/report-tool-stockpiles
	touch $@

lint: $(VENV)/.test-tools
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(VENV)/.test-tools
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## system-deps: LibreOffice (Writer and Calc), poppler and Arial's metric twin (Liberation Sans), used by
## the tests that open our files as a user would; without the font, LibreOffice lays the pages out in a
## wider one. Waits up to APT_LOCK_WAIT seconds for another install to finish. In CI (CI=true) a
## missing one fails the run: the tests that need them are never skipped there.
system-deps:
	@if command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 \
		&& fc-list 2>/dev/null | grep -q "Liberation Sans"; then \
		echo "LibreOffice, poppler and Liberation Sans are installed."; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
		echo "Installing $(SYSTEM_DEPS) with apt-get, for the tests that open the reports in LibreOffice" \
			"(waiting up to $(APT_LOCK_WAIT) s for another install; the details go to $(SYSTEM_DEPS_LOG))"; \
		if apt-get -o DPkg::Lock::Timeout=$(APT_LOCK_WAIT) update -qq >$(SYSTEM_DEPS_LOG) 2>&1 \
			&& DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=$(APT_LOCK_WAIT) install -y -qq \
				--no-install-recommends $(SYSTEM_DEPS) >>$(SYSTEM_DEPS_LOG) 2>&1; then \
			echo "Installed LibreOffice, poppler and Liberation Sans."; \
		else \
			echo "system-deps: apt-get could not install them: $$(grep -E '^E:' $(SYSTEM_DEPS_LOG) | tail -1)"; \
		fi; \
	else \
		echo "LibreOffice not found and cannot be installed here (apt-get as root is needed): the tests" \
			"that need it are skipped."; \
	fi
	@if [ "$$CI" = true ] && ! command -v soffice >/dev/null 2>&1; then \
		echo "system-deps: in CI the LibreOffice tests must run, and LibreOffice (soffice) is missing"; exit 1; \
	fi

## example: rebuild workbooks/apmbc.xlsx from workbooks/sources/ (its Data as at: today)
example: $(BIN)/report-tool
	REPORT_TOOL_PLUGINS= $(BIN)/python workbooks/build_example.py

clean:
	rm -rf $(VENV) reports .pytest_cache .ruff_cache

## docs: regenerate docs/issue-codes.md from the issue catalogue (report_tool/validation/catalogue.py)
docs: $(BIN)/report-tool
	$(BIN)/python -m report_tool.validation.catalogue > docs/issue-codes.md

## template: rebuild templates/briefing.docx from templates/source/build_template.py
template: $(BIN)/report-tool
	$(BIN)/python templates/source/build_template.py

## bench: time and measure validate, diff and generate on 1,000 to 1,048,575 valid casualty rows against
## baselines run in turn with them (writes bench/RESULTS.md; about 5 minutes on a quiet 2-core machine,
## longer the first time, when it builds its million-row workbook into bench/work/)
bench: $(BIN)/report-tool
	$(BIN)/python -m pip install --quiet 'pandas>=2'
	$(BIN)/python bench/bench.py
