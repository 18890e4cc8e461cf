import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  BACKSTOP_MARGIN_MS,
  EXIT_GRACE_MS,
  type Flushable,
  installLifecycle,
  type LifecycleProcess,
} from './lifecycle.js';
import { createLogger } from './logger.js';

/** A process stand-in: real listeners, recorded kills. Real signals are covered by test/ (e2e). */
class FakeProcess extends EventEmitter implements LifecycleProcess {
  readonly pid = 4242;
  readonly kills: string[] = [];
  readonly exits: (number | string | undefined)[] = [];
  kill(_pid: number, signal: NodeJS.Signals): boolean {
    this.kills.push(signal);
    return true;
  }
  exit(code?: number | string): void {
    this.exits.push(code);
  }
}

function recordingHandle(delayMs = 0): Flushable & { calls: string[] } {
  const calls: string[] = [];
  const wait = () => new Promise<void>((resolve) => setTimeout(resolve, delayMs));
  return {
    calls,
    async forceFlush() {
      calls.push('flush');
      await wait();
    },
    async shutdown() {
      calls.push('shutdown');
      await wait();
    },
  };
}

function setup(delayMs = 0, timeoutMs = 1000) {
  const proc = new FakeProcess();
  const handle = recordingHandle(delayMs);
  const lines: string[] = [];
  const log = createLogger('warn', (line) => lines.push(line));
  const uninstall = installLifecycle(handle, { timeoutMs, log, proc });
  return { proc, handle, lines, uninstall };
}

const settle = (ms = 20) => new Promise((resolve) => setTimeout(resolve, ms));

describe('installLifecycle', () => {
  it('shuts down once on beforeExit', async () => {
    const { proc, handle } = setup();
    proc.emit('beforeExit', 0);
    proc.emit('beforeExit', 0);
    await settle();
    expect(handle.calls).toEqual(['shutdown']);
  });

  it("after a natural end, exits by an unref'd backstop once the bound has passed", async () => {
    const { proc, handle } = setup(0, 50);
    proc.emit('beforeExit', 0);
    await settle(20);
    expect(handle.calls).toEqual(['shutdown']);
    expect(proc.exits).toEqual([]);
    await settle(50 + EXIT_GRACE_MS + 100);
    expect(proc.exits).toEqual([0]);
  });

  it('on an unhandled SIGTERM shuts down first, then re-raises SIGTERM with no listener left', async () => {
    const { proc, handle } = setup(10);
    proc.emit('SIGTERM');
    expect(proc.kills).toEqual([]);
    await settle(40);
    expect(handle.calls).toEqual(['shutdown']);
    expect(proc.kills).toEqual(['SIGTERM']);
    expect(proc.listenerCount('SIGTERM')).toBe(0);
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });

  it('re-raises SIGINT as SIGINT', async () => {
    const { proc } = setup();
    proc.emit('SIGINT');
    await settle();
    expect(proc.kills).toEqual(['SIGINT']);
  });

  it('only flushes when the app has its own handler, and leaves the process alive', async () => {
    const { proc, handle } = setup();
    let appRan = false;
    proc.on('SIGTERM', () => {
      appRan = true;
    });
    proc.emit('SIGTERM');
    await settle();
    expect(appRan).toBe(true);
    expect(handle.calls).toEqual(['flush']);
    expect(proc.kills).toEqual([]);
    proc.emit('beforeExit', 0);
    await settle();
    expect(handle.calls).toEqual(['flush', 'shutdown']);
  });

  it('a second signal while flushing re-raises at once', async () => {
    const { proc } = setup(200);
    proc.emit('SIGINT');
    proc.emit('SIGINT');
    expect(proc.kills).toEqual(['SIGINT']);
  });

  it('backstops an sdk shutdown that hangs past its own bound, says so once, still re-raises', async () => {
    const { proc, lines } = setup(10_000, 30);
    proc.emit('SIGTERM');
    // The sdk gets its timeout plus a margin to report for itself; only then do we.
    await settle(30 + BACKSTOP_MARGIN_MS / 2);
    expect(proc.kills).toEqual([]);
    await settle(BACKSTOP_MARGIN_MS / 2 + 100);
    expect(proc.kills).toEqual(['SIGTERM']);
    expect(lines).toEqual([
      `genai-otel: telemetry shutdown did not finish within ${30 + BACKSTOP_MARGIN_MS} ms; unsent telemetry was dropped`,
    ]);
  });

  it('reports a failing shutdown in one line and still re-raises', async () => {
    const proc = new FakeProcess();
    const lines: string[] = [];
    const log = createLogger('warn', (line) => lines.push(line));
    installLifecycle(
      {
        forceFlush: async () => {},
        shutdown: async () => {
          throw new Error('exporter exploded');
        },
      },
      { timeoutMs: 100, log, proc },
    );
    proc.emit('SIGTERM');
    await settle();
    expect(lines).toEqual(['genai-otel: telemetry shutdown failed: exporter exploded']);
    expect(proc.kills).toEqual(['SIGTERM']);
  });

  it('uninstall removes every listener', () => {
    const { proc, uninstall } = setup();
    uninstall();
    for (const event of ['SIGINT', 'SIGTERM', 'beforeExit', 'exit']) {
      expect(proc.listenerCount(event)).toBe(0);
    }
  });
});
