#!/usr/bin/env bash
# The README's two commands land here: `npm run demo` and `npm test`.
# Each provisions the toolchain and dependencies if missing (fast when already set up), builds what
# changed (turbo cache), then runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
# shellcheck source=toolchain.sh
. "$root/scripts/toolchain.sh"

cmd="${1:-}"
shift || true
case "$cmd" in
  demo)
    pnpm exec turbo run build --output-logs=errors-only
    exec node "$root/scripts/demo.mjs" "$@"
    ;;
  test)
    pnpm exec turbo run build lint typecheck --output-logs=errors-only
    exec pnpm exec turbo run test --concurrency=1 --output-logs=full "$@"
    ;;
  bench)
    pnpm exec turbo run build --output-logs=errors-only
    exec pnpm --dir bench run bench "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|bench" >&2
    exit 2
    ;;
esac
