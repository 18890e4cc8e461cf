#!/usr/bin/env bash
# Makes sure Prometheus (server + promtool, Debian's `prometheus`) and Alertmanager (server + amtool,
# Debian's `prometheus-alertmanager`) are installed, for the end-to-end tests that scrape an
# instrumented app and deliver its alerts. A no-op when all four are already there.
set -euo pipefail
have_am() { command -v prometheus-alertmanager >/dev/null 2>&1 || command -v alertmanager >/dev/null 2>&1; }
if command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && have_am &&
  command -v amtool >/dev/null 2>&1; then
  exit 0
fi
fail() {
  echo "ensure-prometheus: $1; install Prometheus 2.x and Alertmanager 0.2x (prometheus, promtool, alertmanager, amtool on PATH) and rerun" >&2
  exit 1
}
command -v apt-get >/dev/null 2>&1 || fail "prometheus/alertmanager not found and apt-get is not available"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || fail "prometheus/alertmanager not found and installing needs root"
  sudo=(sudo)
fi
echo "ensure-prometheus: installing Debian's prometheus and prometheus-alertmanager packages…" >&2
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq >/dev/null || fail "apt-get update failed"
"${sudo[@]}" apt-get install -y -qq --no-install-recommends prometheus prometheus-alertmanager >/dev/null ||
  fail "apt-get install prometheus prometheus-alertmanager failed"
command -v prometheus >/dev/null 2>&1 && command -v promtool >/dev/null 2>&1 && have_am &&
  command -v amtool >/dev/null 2>&1 ||
  fail "the packages did not provide prometheus, promtool, alertmanager and amtool"
