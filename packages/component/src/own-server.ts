/**
 * genai-otel's own HTTP servers (the Prometheus scrape endpoint, the OTLP receiver) marked so the
 * `http` instrumentation leaves their requests alone whatever `ignore_incoming_paths` says: a
 * scrape or an OTLP push is telemetry about the app, not the app's traffic (no span, not counted
 * in `http.server.request.duration`). A registry-wide symbol, so copies of this package agree.
 */
const OWN_SERVER = Symbol.for('genai-otel.own-server');

/** Marks `server` (a node:http/https server) as one of genai-otel's own. */
export function markOwnServer<S extends object>(server: S): S {
  (server as Record<symbol, unknown>)[OWN_SERVER] = true;
  return server;
}

/** Whether a request arrived on a server `markOwnServer` marked (pass `request.socket`). */
export function onOwnServer(socket: unknown): boolean {
  const server = (socket as { server?: Record<symbol, unknown> } | null | undefined)?.server;
  return server?.[OWN_SERVER] === true;
}
