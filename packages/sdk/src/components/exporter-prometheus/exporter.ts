import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { markOwnServer } from '@genai-otel/component';
import { diag } from '@opentelemetry/api';
import { PrometheusExporter, PrometheusSerializer } from '@opentelemetry/exporter-prometheus';
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';

/** The official serializer with constant labels added to every data point. */
export class ConstLabelSerializer extends PrometheusSerializer {
  readonly #labels: Record<string, string>;

  constructor(
    labels: Record<string, string>,
    ...args: ConstructorParameters<typeof PrometheusSerializer>
  ) {
    super(...args);
    this.#labels = labels;
  }

  override serialize(resourceMetrics: ResourceMetrics): string {
    return super.serialize({
      ...resourceMetrics,
      scopeMetrics: resourceMetrics.scopeMetrics.map((scope) => ({
        ...scope,
        metrics: scope.metrics.map((metric) => ({
          ...metric,
          dataPoints: metric.dataPoints.map((p) => ({
            ...p,
            attributes: { ...p.attributes, ...this.#labels },
          })),
        })),
      })) as ResourceMetrics['scopeMetrics'],
    });
  }
}

export interface PrometheusReaderOptions {
  /** Undefined: every interface. */
  host: string | undefined;
  port: number;
  prefix: string | undefined;
  constLabels: Record<string, string> | undefined;
  /** Resource attributes that become labels of every series (matched against the whole name). */
  resourceLabels: RegExp | undefined;
  onListenError(error: Error): void;
}

const METRICS_PATH = '/metrics';

/**
 * The official PrometheusExporter as the MetricReader (its aggregation, cumulative temporality
 * and the producers the sdk adds), its `/metrics` served by a server of ours that collects
 * through the reader's public `collect()` and writes with a serializer we construct: the official
 * `PrometheusSerializer`, or a subclass adding the constant labels. The exporter's own server is
 * never started (`preventServerStart`), and nothing private of it is touched.
 */
export class GenAIPrometheusExporter extends PrometheusExporter {
  readonly #server: Server;
  readonly #serializer: PrometheusSerializer;
  #listening: Promise<void> | undefined;

  constructor(o: PrometheusReaderOptions) {
    super({
      preventServerStart: true,
      ...(o.prefix ? { prefix: o.prefix } : {}),
      ...(o.resourceLabels ? { withResourceConstantLabels: o.resourceLabels } : {}),
    });
    const labels = o.constLabels && Object.keys(o.constLabels).length > 0 ? o.constLabels : null;
    this.#serializer = labels
      ? new ConstLabelSerializer(labels, o.prefix, false, o.resourceLabels)
      : new PrometheusSerializer(o.prefix, false, o.resourceLabels);
    // Neither the listening server nor a scraper's kept-alive connection may keep a finished app
    // alive: with anything ref'd, the loop never drains, `beforeExit` never fires, and the
    // flush-and-shutdown that would close them never runs.
    // Ours: the `http` instrumentation never traces nor counts a scrape (@genai-otel/component).
    this.#server = markOwnServer(
      createServer((request, response) => this.#handle(request, response)),
    ).unref();
    this.#server.on('connection', (socket) => socket.unref());
    this.#listening = new Promise<void>((resolve) => {
      this.#server.once('error', (error) => {
        o.onListenError(error);
        resolve();
      });
      // No host: every interface, as the collector does for ":9464".
      this.#server.listen({ port: o.port, ...(o.host ? { host: o.host } : {}) }, resolve);
    });
  }

  /** Resolves once the server listens, or failed to (the error went to `onListenError`). */
  listening(): Promise<void> {
    return this.#listening ?? Promise.resolve();
  }

  /** The port actually bound (useful with port 0), or undefined when not listening. */
  get boundPort(): number | undefined {
    const address = this.#server.address();
    return typeof address === 'object' && address !== null ? address.port : undefined;
  }

  override async onShutdown(): Promise<void> {
    await super.onShutdown();
    this.#listening = undefined;
    if (!this.#server.listening) return;
    const closed = new Promise<void>((resolve) => this.#server.close(() => resolve()));
    // close() waits for every connection to end, and a scraper's never does by itself; a scrape
    // still in flight could not be answered anyway (the reader is shut down).
    this.#server.closeAllConnections();
    await closed;
  }

  override getMetricsRequestHandler(_request: IncomingMessage, response: ServerResponse): void {
    this.#export(response);
  }

  #handle(request: IncomingMessage, response: ServerResponse): void {
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    } catch {
      response.statusCode = 400;
      response.end('Bad Request');
      return;
    }
    if (pathname === METRICS_PATH) this.#export(response);
    else {
      response.statusCode = 404;
      response.end();
    }
  }

  #export(response: ServerResponse): void {
    this.#collect().then(
      (resourceMetrics) => {
        let body: string;
        try {
          body = this.#serializer.serialize(resourceMetrics);
        } catch (error) {
          response.statusCode = 500;
          response.end(`# failed to serialize metrics: ${String(error)}\n`);
          return;
        }
        response.statusCode = 200;
        response.setHeader('content-type', 'text/plain; version=0.0.4; charset=utf-8');
        response.end(body);
      },
      (error) => {
        response.statusCode = 500;
        response.end(`# failed to export metrics: ${String(error)}\n`);
      },
    );
  }

  async #collect(): Promise<ResourceMetrics> {
    const { resourceMetrics, errors } = await this.collect();
    if (errors.length) diag.error('prometheus: metrics collection errors', ...errors);
    // As the periodic reader does: a scrape soon after start must not read the resource before
    // its async detectors settle (diag warns, and target_info would miss their attributes).
    const { resource } = resourceMetrics;
    if (resource.asyncAttributesPending) {
      try {
        await resource.waitForAsyncAttributes?.();
      } catch (error) {
        diag.debug('prometheus: resource detection failed', error);
      }
    }
    return resourceMetrics;
  }
}

export function createPrometheusReader(o: PrometheusReaderOptions): GenAIPrometheusExporter {
  return new GenAIPrometheusExporter(o);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `service.name` exactly, `process.*` as a prefix. */
function alternatives(names: readonly string[]): string {
  return names
    .map((n) => (n.endsWith('*') ? `${escapeRegExp(n.slice(0, -1))}.*` : escapeRegExp(n)))
    .join('|');
}

/**
 * The resource attributes to put on every series, as the one RegExp the official serializer
 * takes: those `include` names (all when absent) that `exclude` does not name. Names are
 * exact, or a prefix ending in `*`.
 */
export function resourceLabelPattern(
  include: readonly string[] | undefined,
  exclude: readonly string[],
): RegExp {
  const wanted =
    include === undefined ? '.*' : include.length === 0 ? '(?!)' : alternatives(include);
  const unwanted = exclude.length === 0 ? '' : `(?!(?:${alternatives(exclude)})$)`;
  return new RegExp(`^${unwanted}(?:${wanted})$`);
}
