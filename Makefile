# Two commands on a fresh Debian machine: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SYSTEM_PACKAGES := graphviz fonts-noto-cjk libharfbuzz-subset0 poppler-utils default-jre-headless libpango-1.0-0 libpangoft2-1.0-0
# the browser tests' real browser (tests/browser.py): needed by `make test`, not by `make demo`
TEST_PACKAGES := chromium chromium-driver

.PHONY: demo test test-install setup system test-system test-clients lint typecheck unit bench fuzz schemas docs clean

demo: setup
	$(BIN)/sopc check examples
	$(BIN)/sopc build examples
	@echo "Open examples/site/index.html in a browser (it works offline, from file://); the PDF manual, the Word files (docx/) and the BPMN files (bpmn/) are beside it."
	@echo "To preview while editing: $(BIN)/sopc serve examples   (then open http://127.0.0.1:8000/; every save reloads the page)"
	@echo "To see the findings in your editor as you type: point it at $(BIN)/sopc lsp   (docs/editors.md; VS Code: editors/vscode/)"

test: setup test-system test-clients lint typecheck unit

setup: system $(VENV)/.installed

system:
	@sh scripts/system-packages.sh $(SYSTEM_PACKAGES)

test-system:
	@sh scripts/system-packages.sh $(TEST_PACKAGES)

# the BPMN tests' real clients (tests/bpmn_clients.py): bpmn-moddle reads the files, bpmn-js
# draws them in Chromium; pinned in tests/node/package-lock.json, installed again when it changes
test-clients:
	@command -v npm >/dev/null 2>&1 || sh scripts/system-packages.sh nodejs npm
	@[ tests/node/node_modules/.package-lock.json -nt tests/node/package-lock.json ] || \
		(cd tests/node && npm ci --no-audit --no-fund --loglevel=error)

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $@

lint:
	$(BIN)/ruff check sopc tests benchmarks
	$(BIN)/ruff format --check sopc tests benchmarks

typecheck:
	$(BIN)/mypy

# The suite needs no network once set up; the install test pip-installs the wheel's
# dependencies into a fresh environment from the package index, so it runs apart.
# Over every core (pytest-xdist): about 3 minutes on 2 cores instead of 4.8.
unit:
	$(BIN)/pytest -q -n auto -m "not slow"

test-install: setup
	$(BIN)/pytest -q -m slow

# Hypothesis's long run (tests/test_fuzz.py): 60,000 mutated files and 40,000 generated SOPs,
# each checked and reported in every format, and 20 builds in every format (about 22 minutes
# on 2 cores: a mutation costs ~20 ms, a generated SOP ~26 ms, a build ~12 s). Each long
# property runs in ten shards of equal size, so both workers stay busy to the end.
# `make test` runs the same properties on a few hundred inputs.
FUZZ_MUTATIONS ?= 60000
FUZZ_GENERATED ?= 40000
fuzz: setup
	SOPC_FUZZ_EXAMPLES=$(FUZZ_MUTATIONS) SOPC_FUZZ_GENERATED=$(FUZZ_GENERATED) SOPC_FUZZ_SHARDS=10 \
		SOPC_FUZZ_BUILDS=20 $(BIN)/pytest -p no:cacheprovider -q -n 2 --hypothesis-show-statistics \
		tests/test_fuzz.py

bench: setup test-system
	$(BIN)/python benchmarks/bench_check.py
	$(BIN)/python benchmarks/bench_peers.py --count 1000 --check-count 1000 --rounds 3
	$(BIN)/python benchmarks/bench_search.py --count 1000
	$(BIN)/python benchmarks/bench_build.py --count 1000
	$(BIN)/python benchmarks/bench_bpmn.py --count 1000
	$(BIN)/python benchmarks/bench_import.py --steps 500
	$(BIN)/python benchmarks/bench_lsp.py --count 1000
	$(BIN)/python benchmarks/bench_documents.py --scale 100,300,1000 --bare-max 100

# Regenerate the checked-in JSON schemas (a test fails when they are stale).
schemas: setup
	$(BIN)/sopc schema --out schemas

# Regenerate the generated docs: the rule reference in both languages and the field
# reference of docs/format.md (tests fail when any is stale). Each page is written
# only once its generation succeeded, so a broken tree never empties a page.
docs: setup
	$(BIN)/python -m sopc.commands.rules > docs/rules.md.new && mv docs/rules.md.new docs/rules.md
	$(BIN)/python -m sopc.commands.rules --lang zh-CN > docs/rules.zh-CN.md.new && mv docs/rules.zh-CN.md.new docs/rules.zh-CN.md
	$(BIN)/python -m sopc.commands.reference docs/format.md
	$(BIN)/python -m sopc.commands.import_names docs/import.md

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache site .sopc-cache examples/site examples/.sopc-cache tests/node/node_modules
