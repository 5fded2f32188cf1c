#!/usr/bin/env bash
# Local stand-ins for the official images, for a Docker engine that cannot pull from a registry (as here):
#
#   eval "$(scripts/docker-images.sh)"   # builds what is missing; prints the image settings compose and tests read
#
#   TIMELINE_KG_PYTHON_IMAGE  timeline-kg/debian:bookworm-<hash>   Debian bookworm from Debian's packages (mmdebstrap):
#                             OpenJDK 17, Python 3.11 with venv, CA certificates; stands in for python:3.11-slim
#   TIMELINE_KG_NEO4J_IMAGE   timeline-kg/neo4j:<version>-<hash>   that base, the Maven-resolved Neo4j jars and the
#                             project with its launcher (containers/neo4j/Dockerfile); stands in for neo4j:5.26-community
#   TIMELINE_KG_API_IMAGE     timeline-kg/api:<hash>               the project's Dockerfile on that base
#
# Each tag ends in a hash of the image's inputs (recipe, files, base tag): an image whose tag exists is reused, and a
# changed input builds a new one. Needs a Docker engine (scripts/docker-engine.sh start), mmdebstrap (installed from
# Debian when missing) and Maven; builds use the host's network (the engine has no other).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
cd "$REPO"
WORK="$REPO/var/images"

say() { echo "docker-images: $*" >&2; }
die() { say "error: $*"; exit 1; }
exists() { docker image inspect "$1" >/dev/null 2>&1; }
build() {  # docker build, quiet unless it fails (the CLI warns that its classic builder is deprecated)
  mkdir -p "$WORK"
  docker build --quiet --network host "$@" >/dev/null 2>"$WORK/build.log" || { cat "$WORK/build.log" >&2; die "docker build $*"; }
}
forget_others() {  # the other tags of an image's repository: older builds, whose inputs have changed since
  docker image ls --format '{{.Repository}}:{{.Tag}}' "${1%%:*}" | grep -vxF "$1" | xargs -r docker rmi >/dev/null || true
}
digest() { sha256sum | cut -c1-12; }
files_digest() {  # a hash of the files under the given paths (names and contents), caches left out
  find "$@" -type f ! -path '*/__pycache__/*' ! -name '*.pyc' -print0 | LC_ALL=C sort -z | xargs -0 sha256sum | digest
}

# ---- the Debian base
SUITE=bookworm
PACKAGES=openjdk-17-jre-headless,python3,python3-venv,ca-certificates
MIRRORS=(
  "deb http://deb.debian.org/debian $SUITE main"
  "deb http://deb.debian.org/debian $SUITE-updates main"
  "deb http://deb.debian.org/debian-security $SUITE-security main"
)
# Certificate authorities this host adds to Debian's (a TLS-inspecting egress proxy, say) go into the base too, so
# pip inside a build trusts what the host trusts. An ordinary host has none and gets plain Debian.
mapfile -t EXTRA_CAS < <(find /usr/local/share/ca-certificates -name '*.crt' -type f 2>/dev/null | LC_ALL=C sort)

base_image() {
  local tag
  tag="timeline-kg/debian:$SUITE-$({ echo "$PACKAGES" "${MIRRORS[@]}"; cat "${EXTRA_CAS[@]}" /dev/null; } | digest)"
  if exists "$tag"; then echo "$tag"; return; fi
  command -v mmdebstrap >/dev/null || {
    say "installing mmdebstrap from Debian"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq mmdebstrap >/dev/null
  }
  say "building $tag with mmdebstrap ($PACKAGES)"
  mkdir -p "$WORK"
  local hooks=()
  if [ ${#EXTRA_CAS[@]} -gt 0 ]; then
    hooks=(
      --customize-hook="copy-in ${EXTRA_CAS[*]} /usr/local/share/ca-certificates/"
      --customize-hook='chroot "$1" update-ca-certificates >/dev/null'
      --customize-hook='printf "[global]\ncert = /etc/ssl/certs/ca-certificates.crt\n" >"$1/etc/pip.conf"'
    )
  fi
  mmdebstrap --quiet --variant=apt --include="$PACKAGES" "${hooks[@]}" \
    "$SUITE" "$WORK/rootfs.tar" "${MIRRORS[@]}" </dev/null >&2
  docker import --change 'CMD ["/bin/bash"]' "$WORK/rootfs.tar" "$tag" >/dev/null
  rm -f "$WORK/rootfs.tar"
  forget_others "$tag"
  echo "$tag"
}

# ---- Neo4j: the base, the jars of tools/neo4j and the project's launcher
neo4j_image() {
  local base="$1" version context tag
  version="$(sed -n 's:.*<neo4j.version>\(.*\)</neo4j.version>.*:\1:p' tools/neo4j/pom.xml)"
  # The jars the local server runs (resolved once, re-resolved when the pom changes), and cypher-shell.
  .venv/bin/python -c 'from graph_service import local_neo4j; local_neo4j.ensure_artifacts()' >&2
  [ -f "tools/neo4j/target/cypher-shell/cypher-shell-$version.jar" ] \
    || mvn -B -q -f tools/neo4j/cypher-shell.pom.xml package >&2
  context="$WORK/neo4j-context"
  rm -rf "$context" && mkdir -p "$context/app"
  mkdir "$context/lib" && cp -l tools/neo4j/target/lib/*.jar "$context/lib/"
  cp -rl tools/neo4j/target/cypher-shell "$context/cypher-shell"
  cp containers/neo4j/Dockerfile containers/neo4j/cypher-shell.sh "$context/"
  tar -c --exclude=__pycache__ pyproject.toml README.md graph_service loaders queries timeline_kg | tar -x -C "$context/app"
  tag="timeline-kg/neo4j:$version-$({ echo "$base"; (cd "$context" && files_digest .); } | digest)"
  if ! exists "$tag"; then
    say "building $tag"
    build --build-arg BASE_IMAGE="$base" -t "$tag" "$context"
    forget_others "$tag"
  fi
  echo "$tag"
}

# ---- the API and loader: the project's Dockerfile with the base as its Python image
api_image() {
  local base="$1" tag
  local inputs=(Dockerfile .dockerignore pyproject.toml README.md graph_service loaders queries timeline_kg data docs)
  tag="timeline-kg/api:$({ echo "$base"; files_digest "${inputs[@]}"; } | digest)"
  if ! exists "$tag"; then
    say "building $tag"
    build --build-arg PYTHON_IMAGE="$base" -t "$tag" .
    forget_others "$tag"
  fi
  echo "$tag"
}

docker version >/dev/null 2>&1 || die "no Docker engine answers; run: eval \"\$(scripts/docker-engine.sh start)\""
BASE="$(base_image)"
NEO4J="$(neo4j_image "$BASE")"
API="$(api_image "$BASE")"
# Each function prints its tag alone on stdout (the tools inside write to stderr): the export line is eval'ed.
for tag in "$BASE" "$NEO4J" "$API"; do
  [[ "$tag" =~ ^timeline-kg/[a-z0-9]+:[A-Za-z0-9._-]+$ ]] || die "not an image tag: $(printf %q "$tag")"
done
echo "export TIMELINE_KG_PYTHON_IMAGE=$BASE TIMELINE_KG_NEO4J_IMAGE=$NEO4J TIMELINE_KG_API_IMAGE=$API"
