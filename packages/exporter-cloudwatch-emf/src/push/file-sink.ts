import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EmfEvent } from '../group/emf-document.js';
import type { EmfSink } from './sink.js';

/**
 * Appends one event per line to a file, for a log shipper to tail (see the README on what
 * CloudWatch needs to extract the metrics). Synchronous, so an export flushed at exit is on disk.
 */
export class FileSink implements EmfSink {
  readonly target: string;
  #fd: number | undefined;

  constructor(path: string) {
    this.target = path;
  }

  async write(events: EmfEvent[]): Promise<void> {
    // Opened lazily: a bad path fails the export (reported), not the app's start.
    if (this.#fd === undefined) {
      mkdirSync(dirname(this.target), { recursive: true });
      this.#fd = openSync(this.target, 'a');
    }
    let text = '';
    for (const e of events) text += `${e.message}\n`;
    writeSync(this.#fd, text);
  }

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {
    if (this.#fd === undefined) return;
    try {
      closeSync(this.#fd);
    } catch {}
    this.#fd = undefined;
  }
}
