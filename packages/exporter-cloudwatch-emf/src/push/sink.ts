import type { EmfEvent } from '../group/emf-document.js';

/** Where EMF events go. `write` settles when the events (and any queued before them) are delivered. */
export interface EmfSink {
  /** For messages: `stdout`, a file path, `tcp://127.0.0.1:25888`, `CloudWatch Logs (eu-west-1)`. */
  readonly target: string;
  write(events: EmfEvent[]): Promise<void>;
  forceFlush(): Promise<void>;
  shutdown(): Promise<void>;
}
