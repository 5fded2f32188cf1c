#!/usr/bin/env bash
# The container tier (`make test-containers`, run by .ci/run after the local tier): the Neo4j integration tests
# against a testcontainers Neo4j, then the docker compose stack end to end (tests/compose).
#   1. a Docker engine: the one that answers, else a private host-networking dockerd (scripts/docker-engine.sh),
#      stopped again at the end if this script started it;
#   2. the images: the local stand-ins (scripts/docker-images.sh), reused while their inputs do not change; or,
#      with TIMELINE_KG_OFFICIAL_IMAGES=1 on an engine that can pull, the official ones (compose builds the API);
#   3. pytest with TIMELINE_KG_TEST_NEO4J=container on the tests marked neo4j or compose (extra arguments pass on).
# REQUIRE_NEO4J=1 (CI) makes a missing engine or image a failure instead of a skip.
set -euo pipefail
cd "$(dirname "$0")/.."

eval "$(bash scripts/docker-engine.sh start)"
if [ "${TIMELINE_KG_DOCKER_STARTED:-}" = 1 ]; then trap 'bash scripts/docker-engine.sh stop' EXIT; fi
if [ "${TIMELINE_KG_OFFICIAL_IMAGES:-}" != 1 ]; then eval "$(bash scripts/docker-images.sh)"; fi

echo "== pytest (container tier: ${TIMELINE_KG_NEO4J_IMAGE:-neo4j:5.26-community}; engine and images took ${SECONDS} s)"
mkdir -p test-artifacts
TIMELINE_KG_TEST_NEO4J=container .venv/bin/python -m pytest -m "neo4j or compose" tests/integration tests/compose tests/unit/test_compose_file.py "$@"
