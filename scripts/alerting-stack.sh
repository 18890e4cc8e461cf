#!/usr/bin/env bash
# One command from nothing to a local alerting stack: Prometheus (with collector-config's generated
# rules) scraping the app's metrics endpoint, and Alertmanager (collector-config/alertmanager.yml).
# Start your app with a config that has the prometheus exporter, e.g.
#   GENAI_OTEL_CONFIG=collector-config/business-metrics.yaml node --import @genai-otel/register app.js
# then open http://127.0.0.1:9090/alerts and http://127.0.0.1:9093. Ctrl-C stops both.
# Env: GENAI_OTEL_PROMETHEUS_ENDPOINT (the app's /metrics, default 127.0.0.1:9464),
#      PROMETHEUS_PORT (9090), ALERTMANAGER_PORT (9093). Receivers need their secret files
#      (collector-config/README.md); without them Alertmanager logs each failed delivery.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bash "$root/scripts/ensure-prometheus.sh"
app="${GENAI_OTEL_PROMETHEUS_ENDPOINT:-127.0.0.1:9464}"
prom_port="${PROMETHEUS_PORT:-9090}"
am_port="${ALERTMANAGER_PORT:-9093}"
am_bin=$(command -v prometheus-alertmanager || command -v alertmanager)
dir=$(mktemp -d "${TMPDIR:-/tmp}/genai-otel-alerting.XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
cat >"$dir/prometheus.yml" <<YAML
global: { scrape_interval: 15s, evaluation_interval: 15s }
rule_files: ["$root/collector-config/prometheus-alerts.yaml"]
alerting:
  alertmanagers: [{ static_configs: [{ targets: ["127.0.0.1:$am_port"] }] }]
scrape_configs:
  - job_name: genai-app
    static_configs: [{ targets: ["$app"] }]
YAML
"$am_bin" --config.file="$root/collector-config/alertmanager.yml" --storage.path="$dir/am" \
  --web.listen-address="127.0.0.1:$am_port" --cluster.listen-address= --log.level=warn &
pids+=($!)
prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/tsdb" \
  --web.listen-address="127.0.0.1:$prom_port" --log.level=warn &
pids+=($!)
echo "alerting-stack: Prometheus http://127.0.0.1:$prom_port (scraping $app), Alertmanager http://127.0.0.1:$am_port; Ctrl-C stops" >&2
wait -n "${pids[@]}"
