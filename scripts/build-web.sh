#!/usr/bin/env bash
# The front-end assets the service serves itself (the reader page at /, Swagger UI at /docs, ReDoc at /redoc), so
# no page it serves asks another host for anything. They are npm packages pinned in web/package-lock.json:
# `npm ci` installs exactly those, then the few files the pages load are copied, each package's licence beside
# them, into graph_service/static/vendor/ (gitignored: built, never committed). `make venv` runs this; run it again
# after changing web/package.json (then commit the new web/package-lock.json).
# web/.npmrc: no install scripts (swagger-ui-dist pulls in an analytics postinstall), no peer auto-installs.
set -euo pipefail
cd "$(dirname "$0")/.."
VENDOR=graph_service/static/vendor

if ! command -v npm >/dev/null 2>&1; then
  echo "build-web: npm not found; install Node.js 18+ with npm (Debian: apt-get install nodejs npm)" >&2
  exit 1
fi
(cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)

rm -rf "$VENDOR"
copy() {  # copy PACKAGE DEST FILE... : files of web/node_modules/PACKAGE into $VENDOR/DEST
  local package=$1 dest=$2
  shift 2
  mkdir -p "$VENDOR/$dest"
  for file in "$@"; do
    cp "web/node_modules/$package/$file" "$VENDOR/$dest/"
  done
}
copy vis-timeline vis-timeline \
  standalone/umd/vis-timeline-graph2d.min.js styles/vis-timeline-graph2d.min.css \
  LICENSE.md LICENSE.MIT.txt LICENSE.Apache-2.0.txt
copy swagger-ui-dist swagger-ui \
  swagger-ui-bundle.js swagger-ui-bundle.js.LICENSE.txt swagger-ui.css favicon-32x32.png oauth2-redirect.html \
  LICENSE NOTICE
copy redoc redoc bundles/redoc.standalone.js bundles/redoc.standalone.js.LICENSE.txt LICENSE
# ReDoc's sidebar footer always loads its maker's logo from their CDN (no option turns it off). Point it at an empty
# data: URL instead: the image fails to decode and ReDoc hides it, so /redoc asks no other host for anything.
sed -i 's#https://cdn.redoc.ly/redoc/logo-mini.svg#data:,#' "$VENDOR/redoc/redoc.standalone.js"
if grep -q 'cdn.redoc.ly' "$VENDOR/redoc/redoc.standalone.js"; then
  echo "build-web: ReDoc still names cdn.redoc.ly; update the replacement above" >&2
  exit 1
fi

# What was copied, from which version: the service checks for this file, and a reader of the tree can see it.
node -e '
  const lock = require("./web/package-lock.json");
  const names = ["vis-timeline", "swagger-ui-dist", "redoc"];
  const versions = Object.fromEntries(names.map(n => [n, lock.packages["node_modules/" + n].version]));
  process.stdout.write(JSON.stringify(versions, null, 2) + "\n");
' > "$VENDOR/versions.json"
echo "build-web: $(tr -d '\n ' < "$VENDOR/versions.json") -> $VENDOR"
