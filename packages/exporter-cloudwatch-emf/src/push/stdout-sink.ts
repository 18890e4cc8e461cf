import type { EmfEvent } from '../group/emf-document.js';
import type { EmfSink } from './sink.js';

/** The part of a writable stream used here (process.stdout by default). */
export interface LineStream {
  write(chunk: string, callback: (error?: Error | null) => void): boolean;
}

/**
 * One event per line on stdout: in AWS Lambda, CloudWatch Logs receives stdout and extracts the
 * metrics from each EMF line. All events of an export go out in a single write.
 */
export class StdoutSink implements EmfSink {
  readonly target = 'stdout';
  readonly #stream: LineStream;

  constructor(stream: LineStream = process.stdout) {
    this.#stream = stream;
  }

  write(events: EmfEvent[]): Promise<void> {
    return new Promise((resolve, reject) => {
      let text = '';
      for (const e of events) text += `${e.message}\n`;
      try {
        this.#stream.write(text, (error) => (error ? reject(error) : resolve()));
      } catch (error) {
        reject(error);
      }
    });
  }

  async forceFlush(): Promise<void> {}
  async shutdown(): Promise<void> {}
}
