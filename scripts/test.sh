#!/usr/bin/env bash
# The README's test command for a fresh machine, and what CI runs. It
# provisions what the suites need when the machine lacks it (Node 22 and the
# vendored Yarn through scripts/env.sh; on Debian, Prometheus and Chromium),
# points the database tests at PostgreSQL when a server answers on the
# standard port, then installs the dependencies and runs every suite:
# `yarn install --immutable && yarn verify`.
set -euo pipefail
cd "$(dirname "$0")/.."

# shellcheck source=./env.sh
source scripts/env.sh
echo "Node $(node --version), Yarn $(yarn --version)"

# Installs Debian packages when a binary is missing; elsewhere it says what to
# install, and the suite that needs it fails naming it.
apt_updated=""
provide() {
  local binary="$1" package="$2"
  if command -v "$binary" >/dev/null 2>&1 || [ -x "$binary" ]; then
    return 0
  fi
  local sudo=""
  if [ "$(id -u)" != "0" ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo="sudo"
    else
      echo "Missing '$binary': install the '$package' package (apt-get install -y $package)." >&2
      return 0
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing '$binary': install $package with your package manager." >&2
    return 0
  fi
  if [ -z "$apt_updated" ]; then
    $sudo apt-get update -qq
    apt_updated=1
  fi
  echo "Installing Debian's $package for the tests"
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$package" >/dev/null
}

# The Prometheus collector's tests run a real Prometheus server over data
# backfilled with promtool.
provide prometheus prometheus
provide promtool prometheus
echo "Prometheus for tests: $(prometheus --version 2>&1 | head -1 || echo missing)"

# The end-to-end tests drive Chromium with Playwright.
export READINESS_CHROMIUM="${READINESS_CHROMIUM:-/usr/bin/chromium}"
provide "$READINESS_CHROMIUM" chromium
echo "Browser for end-to-end tests: $("$READINESS_CHROMIUM" --version 2>/dev/null || echo missing)"

# Database tests run on SQLite always, and on PostgreSQL when one answers on
# the standard port (or when a connection string is already set); the suites
# report which engines they used. There is no container engine to start one.
export BACKSTAGE_TEST_DISABLE_DOCKER=1
if ! env | grep -q '^BACKSTAGE_TEST_DATABASE_POSTGRES[0-9]*_CONNECTION_STRING='; then
  if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then
    pg_url="postgresql://postgres@127.0.0.1:5432/postgres"
    pg_major="$(psql "$pg_url" -Atc 'show server_version_num' 2>/dev/null | cut -c1-2 || true)"
    pg_major="${pg_major:-15}"
    export "BACKSTAGE_TEST_DATABASE_POSTGRES${pg_major}_CONNECTION_STRING=$pg_url"
  fi
fi
echo "PostgreSQL for tests: $(env | sed -n 's/^BACKSTAGE_TEST_DATABASE_\(POSTGRES[0-9]*\)_CONNECTION_STRING=.*/\1/p' | head -1 || true)"

yarn install --immutable && yarn verify
