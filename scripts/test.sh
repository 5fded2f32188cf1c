#!/usr/bin/env bash
# The one test command (`make test`): lint and type checks, then pytest.
# Tests that need Neo4j get one from tests/neo4j_server.py: NEO4J_URI if set, else a testcontainers Neo4j where a
# Docker engine answers, else the local Maven-built server, started for the run and stopped after it.
# REQUIRE_NEO4J=1 (as CI sets) turns "no Neo4j available" from a skip into a failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin

echo "== ruff"
"$BIN/ruff" check .
echo "== mypy"
"$BIN/mypy"
echo "== pytest"
mkdir -p test-artifacts
exec "$BIN/python" -m pytest "$@"
