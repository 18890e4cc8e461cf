import { MetricReader } from '@opentelemetry/sdk-metrics';

/** A metric reader the benchmark collects by hand (`await reader.collect()`), as a scrape would. */
export class PullReader extends MetricReader {
  async onForceFlush() {}
  async onShutdown() {}
}
