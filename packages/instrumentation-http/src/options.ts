/** `receivers.genai.http` in the YAML. */
export interface HttpOptions {
  /** Trace and measure requests this process serves. */
  incoming: boolean;
  /** Trace and measure requests this process makes with `http`/`https`. */
  outgoing: boolean;
  /** Served paths never traced (health checks, the metrics scrape): exact, or a prefix ending in `*`. */
  ignore_incoming_paths: string[];
  /** Also trace the HTTP request under an LLM call's span (off: that span already is the client span). */
  trace_llm_requests: boolean;
}

/** `receivers.genai.undici` in the YAML (Node's `fetch` and the `undici` package). */
export interface UndiciOptions {
  trace_llm_requests: boolean;
}

export const DEFAULT_IGNORED_PATHS = [
  '/metrics',
  '/health',
  '/healthz',
  '/livez',
  '/readyz',
  '/ready',
  '/ping',
  '/favicon.ico',
];

export const HTTP_DEFAULTS: HttpOptions = {
  incoming: true,
  outgoing: true,
  ignore_incoming_paths: DEFAULT_IGNORED_PATHS,
  trace_llm_requests: false,
};

export const UNDICI_DEFAULTS: UndiciOptions = { trace_llm_requests: false };

const traceLlm = {
  type: 'boolean',
  default: false,
  description:
    "Also trace the HTTP request an LLM SDK makes inside its call's span (off: the call's span already is its client span, with duration, error.type and server.address).",
};

export const HTTP_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: {
    incoming: {
      type: 'boolean',
      default: true,
      description:
        'Trace and measure the requests this process serves (server spans, http.server.request.duration).',
    },
    outgoing: {
      type: 'boolean',
      default: true,
      description:
        'Trace and measure the requests this process makes with http/https (client spans, http.client.request.duration).',
    },
    ignore_incoming_paths: {
      type: 'array',
      items: { type: 'string', pattern: '^/' },
      default: DEFAULT_IGNORED_PATHS,
      description:
        'Served paths never traced nor measured: exact, or a prefix ending in *. Default: health checks and /metrics.',
    },
    trace_llm_requests: traceLlm,
  },
} as const;

export const UNDICI_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  properties: { trace_llm_requests: traceLlm },
} as const;

/** A matcher for `ignore_incoming_paths` over a request URL (its query string ignored). */
export function pathMatcher(patterns: readonly string[]): (url: string | undefined) => boolean {
  const exact = new Set(patterns.filter((p) => !p.endsWith('*')));
  const prefixes = patterns.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));
  return (url) => {
    if (!url) return false;
    const q = url.indexOf('?');
    const path = q === -1 ? url : url.slice(0, q);
    return exact.has(path) || prefixes.some((p) => path.startsWith(p));
  };
}
