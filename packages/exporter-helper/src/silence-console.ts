/**
 * Another library's console output, folded into ours. Some clients (langsmith's) print a line per
 * failed request on `console.warn`/`console.error`, thousands during an outage that our reporter
 * already says in one line. While `fn`'s async work runs, such lines go to `onLine` instead (the
 * exporter may count them or say the first), and lines of the app itself are untouched: the
 * redirect applies only inside `fn`'s async context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { format } from 'node:util';

type Sink = (line: string) => void;

const scope = new AsyncLocalStorage<Sink>();
let installed = false;

function install(): void {
  if (installed) return;
  installed = true;
  for (const method of ['warn', 'error', 'log', 'info', 'debug'] as const) {
    const original = console[method].bind(console);
    console[method] = (...args: unknown[]) => {
      const sink = scope.getStore();
      if (sink === undefined) return original(...args);
      try {
        sink(format(...args));
      } catch {}
    };
  }
}

/** Runs `fn` with console output of its async context handed to `onLine`. */
export function silenceConsole<T>(onLine: Sink, fn: () => T): T {
  install();
  return scope.run(onLine, fn);
}
