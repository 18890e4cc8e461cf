#!/usr/bin/env bash
# Makes sure the Prometheus server and promtool are installed (Debian's `prometheus` package), for
# the end-to-end test that scrapes an instrumented app. A no-op when both are already there.
set -euo pipefail
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1; then
  exit 0
fi
fail() {
  echo "ensure-prometheus: $1; install Prometheus 2.x (server and promtool on PATH) and rerun" >&2
  exit 1
}
command -v apt-get >/dev/null 2>&1 || fail "prometheus/promtool not found and apt-get is not available"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "prometheus/promtool not found and installing needs root"
  sudo=(sudo)
fi
echo "ensure-prometheus: installing Debian's prometheus package (server + promtool)…" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed"
"${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus >/dev/null ||
  fail "apt-get install prometheus failed"
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 ||
  fail "the prometheus package did not provide prometheus and promtool"
