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
# Tests and benchmarks make temporary files and folders (configs, sinks, fixtures); each run
# gets a folder of its own for them (os.tmpdir() reads TMPDIR, and turbo passes it on), removed
# when the run ends however it ends, so nothing is left in the system's temp folder.
own_tmpdir() {
  TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/genai-otel-run.XXXXXX")
  export TMPDIR
  trap 'rm -rf "$TMPDIR"' EXIT
}

case "$cmd" in
  demo)
    pnpm exec turbo run build --output-logs=errors-only
    exec node "$root/scripts/demo.mjs" "$@"
    ;;
  test)
    # Reports older than this are from an earlier run (`date +%s%3N` is GNU-only).
    started_ms=$(node -p 'Date.now()')
    own_tmpdir
    pnpm exec turbo run build lint typecheck --output-logs=errors-only
    # These scripts belong to no package, so turbo's lint does not see them.
    pnpm exec biome check --error-on-warnings "$root/scripts"
    # The Prometheus and Alertmanager end-to-end tests need real servers, promtool and amtool (Debian packages).
    bash "$root/scripts/ensure-prometheus.sh"
    status=0
    pnpm exec turbo run test --only --concurrency=2 --continue --output-logs=full "$@" -- \
      --reporter=default --reporter=json --outputFile.json=.vitest-report.json || status=$?
    # The scripts' own tests: the closing line's arithmetic and the demo, end to end.
    pnpm exec vitest run --root "$root/scripts" \
      --reporter=default --reporter=json --outputFile.json=.vitest-report.json || status=$?
    node "$root/scripts/test-summary.mjs" "$started_ms" || status=1
    exit "$status"
    ;;
  bench)
    pnpm exec turbo run build --output-logs=errors-only
    own_tmpdir
    pnpm --dir bench run bench "$@"
    ;;
  *)
    echo "usage: scripts/dev.sh demo|test|bench" >&2
    exit 2
    ;;
esac
