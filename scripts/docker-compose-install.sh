#!/usr/bin/env bash
# Installs the `docker compose` CLI plugin (Compose v2) when the docker CLI lacks it.
#
# Debian bookworm packages only Compose v1 (`docker-compose` 1.29, no `up --wait`) and no docker-compose-plugin, so
# Compose v2 is built from its Go module with the Go toolchain (1.24+) and installed where the docker CLI looks for
# plugins. The first build takes a few minutes on two cores; Go's caches make a rebuild quick.
set -euo pipefail
COMPOSE_VERSION=v2.40.3
PLUGIN_DIR=/usr/local/lib/docker/cli-plugins

if docker compose version >/dev/null 2>&1; then exit 0; fi
command -v go >/dev/null || { echo "docker-compose-install: error: Compose v2 is built with Go 1.24+; install Go" >&2; exit 1; }
echo "docker-compose-install: building Docker Compose $COMPOSE_VERSION from its Go module (a few minutes)" >&2
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
# A throwaway main module that requires Compose: `go install module@version` refuses Compose's go.mod (it has
# exclude directives), `go build` of a dependency's command does not.
go mod init local/compose-build >/dev/null 2>&1
go get "github.com/docker/compose/v2/cmd@$COMPOSE_VERSION" >/dev/null 2>&1
go build -trimpath -ldflags "-s -w -X github.com/docker/compose/v2/internal.Version=$COMPOSE_VERSION" \
  -o docker-compose github.com/docker/compose/v2/cmd
mkdir -p "$PLUGIN_DIR"
install -m 0755 docker-compose "$PLUGIN_DIR/docker-compose"
docker compose version >&2
