import type { ComponentLogger } from '@genai-otel/component';

/** What the receiver refused, counted, said once when it first happens and summed at shutdown. */
export class ReceiverStats {
  readonly #log: ComponentLogger;
  readonly #limitMib: number;
  busy = 0;
  queueFull = 0;
  malformed = 0;
  tooLarge = 0;
  unauthorized = 0;
  rejectedItems = 0;

  constructor(log: ComponentLogger, limitMib: number) {
    this.#log = log;
    this.#limitMib = limitMib;
  }

  refusedBusy(retryAfterSeconds: number): void {
    this.busy++;
    this.#log.once(
      'busy',
      'warn',
      `its queue (admission.request_limit_mib: ${this.#limitMib}) is full: requests are refused with "retry after ${retryAfterSeconds}s" until it drains (said once; counted at shutdown)`,
    );
  }

  refusedQueueFull(exporter: string, retryAfterSeconds: number): void {
    this.queueFull++;
    this.#log.once(
      `queue-full:${exporter}`,
      'warn',
      `the export queue of ${exporter} is full: requests are refused with "retry after ${retryAfterSeconds}s" until it drains, nothing of them taken (said once; counted at shutdown)`,
    );
  }

  refusedMalformed(message: string): void {
    this.malformed++;
    this.#log.once(
      'malformed',
      'warn',
      `refused a malformed request (${message}); further ones are counted at shutdown`,
    );
  }

  refusedTooLarge(limit: number): void {
    this.tooLarge++;
    this.#log.once(
      'too-large',
      'warn',
      `refused a request larger than ${limit} bytes; further ones are counted at shutdown`,
    );
  }

  refusedUnauthorized(): void {
    this.unauthorized++;
    this.#log.once(
      'unauthorized',
      'warn',
      'refused a request without the bearer token; further ones are counted at shutdown',
    );
  }

  rejected(count: number, reason: string): void {
    this.rejectedItems += count;
    this.#log.once(
      'rejected',
      'warn',
      `rejected ${count} item(s) of a request (${reason}); the rest was taken (partial success); further ones are counted at shutdown`,
    );
  }

  /** One line of everything refused, or undefined. */
  summary(): string | undefined {
    const parts: string[] = [];
    if (this.busy) parts.push(`${this.busy} request(s) while its queue was full`);
    if (this.queueFull) parts.push(`${this.queueFull} request(s) while an export queue was full`);
    if (this.malformed) parts.push(`${this.malformed} malformed request(s)`);
    if (this.tooLarge) parts.push(`${this.tooLarge} request(s) over the size limit`);
    if (this.unauthorized) parts.push(`${this.unauthorized} request(s) without the bearer token`);
    if (this.rejectedItems) parts.push(`${this.rejectedItems} item(s) with invalid ids`);
    return parts.length ? `refused ${parts.join(', ')}` : undefined;
  }
}
