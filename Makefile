# Two commands on a fresh machine: `make serve` runs the service, `make test` runs every test.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: venv web serve test lint neo4j-start neo4j-stop neo4j-status clean

$(BIN)/timeline-kg: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Front-end assets from web/package-lock.json (scripts/build-web.sh): the reader page, /docs and /redoc need them.
WEB_ASSETS := graph_service/static/vendor/versions.json
$(WEB_ASSETS): web/package.json web/package-lock.json scripts/build-web.sh
	bash scripts/build-web.sh

venv: $(BIN)/timeline-kg $(WEB_ASSETS)

serve: venv  ## the API on 127.0.0.1:8000 (embedded store unless NEO4J_URI is set)
	$(BIN)/timeline-kg serve

test: venv  ## lint, type checks, then pytest; starts and stops a local Neo4j unless NEO4J_URI is set
	bash scripts/test.sh

lint: venv
	$(BIN)/ruff check .
	$(BIN)/mypy

neo4j-start: venv
	$(BIN)/timeline-kg neo4j start

neo4j-stop: venv
	$(BIN)/timeline-kg neo4j stop

neo4j-status: venv
	$(BIN)/timeline-kg neo4j status

web:  ## rebuild the front-end assets (after changing web/package.json)
	bash scripts/build-web.sh

clean:
	rm -rf $(VENV) var tools/neo4j/target web/node_modules graph_service/static/vendor .pytest_cache .mypy_cache .ruff_cache
