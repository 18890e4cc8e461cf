import type { TracesConsumer } from '@genai-otel/component';
import type { Span } from '@opentelemetry/sdk-trace';
import type { PipelineSpanProcessor } from './pipeline-span-processor.js';
import { fullQueue, type QueueRoom } from './queue-room.js';

/**
 * The traces pipelines that list one receiver, fed spans that ended elsewhere. Each span takes
 * the path an in-process span takes at its end in the TracerProvider: every pipeline's
 * `onEnding` (processors may still enrich it, e.g. `genai_cost`), then every pipeline's `onEnd`
 * (processors, then the fan-out to exporter queues and connectors). The pipelines guard their
 * own processors, so nothing here throws. The in-process path does not go through this class.
 */
export class ReceivedSpansConsumer implements TracesConsumer {
  readonly #pipelines: readonly PipelineSpanProcessor[];
  readonly #rooms: readonly QueueRoom[];

  constructor(pipelines: readonly PipelineSpanProcessor[]) {
    this.#pipelines = pipelines;
    this.#rooms = pipelines.flatMap((p) => p.rooms);
  }

  admits(count: number): string | undefined {
    return fullQueue(this.#rooms, count);
  }

  consume(spans: readonly Span[]): void {
    const pipelines = this.#pipelines;
    for (let i = 0; i < spans.length; i++) {
      const span = spans[i]!;
      for (let p = 0; p < pipelines.length; p++) pipelines[p]!.onEnding(span);
      for (let p = 0; p < pipelines.length; p++) pipelines[p]!.onEnd(span);
    }
  }
}
