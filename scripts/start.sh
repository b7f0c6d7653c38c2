#!/usr/bin/env bash
# The README's first command for a fresh machine: provisions Node 22 and the
# vendored Yarn when the machine lacks them (scripts/env.sh), installs the
# dependencies and starts the portal with Readiness on the embedded SQLite
# database (app-config.yaml).
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=./env.sh
source scripts/env.sh
echo "Node $(node --version), Yarn $(yarn --version)"

yarn install
exec yarn start
