#!/usr/bin/env bash
# Provisions what a fresh machine lacks, idempotently, then puts it on PATH.
# Source it (". scripts/toolchain.sh") so the caller inherits PATH.
#   - Node >= 22.15 (OpenTelemetry JS 3.x needs it): the system one if new enough, else the npm
#     registry's `node` package (it ships the binary) installed into .toolchain/.
#   - pnpm 10: from PATH if it is major 10, else the npm package in .toolchain/ (only pnpm when
#     the system Node is new enough).
#   - the workspace's dependencies, reinstalled when pnpm-lock.yaml, package.json, the Node
#     version or the pnpm version changed.
GENAI_OTEL_NODE_VERSION=24.21.0
GENAI_OTEL_PNPM_VERSION=10.34.9

_genai_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
_genai_tc="$_genai_root/.toolchain"

_genai_node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  node -e 'const [a,b]=process.versions.node.split(".").map(Number);process.exit(a>22||(a===22&&b>=15)?0:1)'
}
_genai_pnpm_ok() {
  command -v pnpm >/dev/null 2>&1 || return 1
  case "$(pnpm --version 2>/dev/null)" in 10.*) return 0 ;; *) return 1 ;; esac
}
# What an earlier run provisioned comes first: Node when it was needed, pnpm in any case.
_genai_use_toolchain() {
  [ -d "$_genai_tc/node_modules/.bin" ] && PATH="$_genai_tc/node_modules/.bin:$PATH"
  [ -x "$_genai_tc/node_modules/node/bin/node" ] && PATH="$_genai_tc/node_modules/node/bin:$PATH"
  export PATH
}

_genai_use_toolchain
if ! _genai_node_ok || ! _genai_pnpm_ok; then
  _genai_want=()
  _genai_node_ok || _genai_want+=("node@$GENAI_OTEL_NODE_VERSION")
  _genai_pnpm_ok || _genai_want+=("pnpm@$GENAI_OTEL_PNPM_VERSION")
  echo "genai-otel: installing ${_genai_want[*]} into .toolchain/ (once)" >&2
  mkdir -p "$_genai_tc"
  [ -f "$_genai_tc/package.json" ] || echo '{"private":true}' >"$_genai_tc/package.json"
  npm install --prefix "$_genai_tc" --no-audit --no-fund --loglevel=error "${_genai_want[@]}" >&2 || {
    echo "genai-otel: npm install of ${_genai_want[*]} failed (output above)" >&2
    return 1 2>/dev/null || exit 1
  }
  _genai_use_toolchain
  _genai_node_ok || { echo "genai-otel: could not provision Node >= 22.15" >&2; return 1 2>/dev/null || exit 1; }
  _genai_pnpm_ok || { echo "genai-otel: could not provision pnpm 10" >&2; return 1 2>/dev/null || exit 1; }
fi

export TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 TURBO_NO_UPDATE_NOTIFIER=1

# node_modules depends on the lock file, the manifests and the tools that built it.
_genai_stamp="$_genai_root/node_modules/.genai-otel-lock"
_genai_lock_sum="$(cat "$_genai_root/pnpm-lock.yaml" "$_genai_root/package.json" 2>/dev/null | cksum) node $(node -v) pnpm $(pnpm --version)"
if [ ! -f "$_genai_stamp" ] || [ "$(cat "$_genai_stamp")" != "$_genai_lock_sum" ]; then
  echo "genai-otel: installing workspace dependencies (first run: a minute or two)" >&2
  if ! _genai_out="$(cd "$_genai_root" && pnpm install --frozen-lockfile 2>&1)"; then
    printf '%s\n' "$_genai_out" >&2
    echo "genai-otel: pnpm install failed (output above)" >&2
    return 1 2>/dev/null || exit 1
  fi
  echo "$_genai_lock_sum" >"$_genai_stamp"
fi
