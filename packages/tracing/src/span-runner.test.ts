import { Readable } from 'node:stream';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { tree, turns, useTracing } from '../test/helpers.js';
import { configureTracing, untilDone, withAgent, withTool, withWorkflow } from './index.js';

// The ways a traced function can deliver its work: each must end the span when the work is over,
// keep the span active while it runs, and hand the caller what the function returned.

describe('async generators', () => {
  const t = useTracing();

  it('covers the whole iteration, with the span active across awaits and yields', async () => {
    async function* answer() {
      withTool('before-first-yield', () => {});
      yield 'a';
      await turns(2);
      withTool('after-await', () => {});
      yield 'b';
    }
    const gen = withAgent('streamer', answer);
    expect(t.spans()).toEqual([]); // not even started: nothing ended yet
    const got: string[] = [];
    for await (const chunk of gen) {
      got.push(chunk);
      // The consumer runs outside the agent's span.
      expect(trace.getActiveSpan()).toBeUndefined();
      withTool(`consumer-${chunk}`, () => {});
    }
    expect(got).toEqual(['a', 'b']);
    expect(tree(t.spans())).toEqual([
      'invoke_agent streamer',
      '  execute_tool before-first-yield',
      '  execute_tool after-await',
      'execute_tool consumer-a',
      'execute_tool consumer-b',
    ]);
    // The agent span ended after the last chunk, so after both consumer spans.
    expect(
      t
        .spans()
        .map((s) => s.name)
        .at(-1),
    ).toBe('invoke_agent streamer');
    expect(t.span('invoke_agent streamer').attributes['gen_ai.agent.outcome']).toBe('success');
  });

  it('hands back the very generator object', () => {
    async function* g() {
      yield 1;
    }
    const original = g();
    expect(withAgent('a', () => original)).toBe(original);
  });

  it('ends the span when the consumer breaks early, running the generator’s finally inside it', async () => {
    let finallyParentOk = false;
    async function* endless() {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        finallyParentOk = trace.getActiveSpan() !== undefined;
        withTool('cleanup', () => {});
      }
    }
    for await (const i of withAgent('endless', endless)) if (i === 2) break;
    expect(finallyParentOk).toBe(true);
    expect(tree(t.spans())).toEqual(['invoke_agent endless', '  execute_tool cleanup']);
    expect(t.span('invoke_agent endless').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('records an error thrown inside the generator, rethrown to the consumer unchanged', async () => {
    const error = new Error('stream broke');
    async function* failing() {
      yield 1;
      throw error;
    }
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const v of withAgent('f', failing)) seen.push(v);
      })(),
    ).rejects.toBe(error);
    expect(seen).toEqual([1]);
    const span = t.span('invoke_agent f');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'stream broke' });
    expect(span.attributes['gen_ai.agent.outcome']).toBe('error');
  });

  it('passes throw() into the generator, which may recover', async () => {
    async function* resilient() {
      try {
        yield 1;
      } catch {
        yield 'recovered';
      }
    }
    const gen = withAgent('r', resilient);
    expect(await gen.next()).toEqual({ value: 1, done: false });
    expect(await gen.throw(new Error('injected'))).toEqual({ value: 'recovered', done: false });
    expect(t.spans()).toEqual([]);
    expect(await gen.next()).toEqual({ value: undefined, done: true });
    expect(t.span('invoke_agent r').status.code).toBe(SpanStatusCode.UNSET);
  });

  it('covers a stream a promise resolves to (an async iterable without next)', async () => {
    const stream = await withAgent('s', async () =>
      Readable.from(
        (async function* () {
          yield 'x';
          yield 'y';
        })(),
      ),
    );
    expect(t.spans()).toEqual([]);
    const chunks: string[] = [];
    for await (const c of stream) chunks.push(c as string);
    expect(chunks).toEqual(['x', 'y']);
    expect(t.span('invoke_agent s').attributes['gen_ai.agent.outcome']).toBe('success');
  });
});

describe('sync generators and iterators', () => {
  const t = useTracing();

  it('covers the iteration of a sync generator', () => {
    function* numbers() {
      yield 1;
      withTool('inside', () => {});
      yield 2;
    }
    const out = [...withAgent('sync-gen', numbers)];
    expect(out).toEqual([1, 2]);
    expect(tree(t.spans())).toEqual(['invoke_agent sync-gen', '  execute_tool inside']);
  });

  it('ends the span when the consumer leaves a sync generator early', () => {
    function* endless() {
      for (let i = 0; ; i++) yield i;
    }
    for (const i of withAgent('endless', endless)) if (i === 1) break;
    expect(t.span('invoke_agent endless').attributes['gen_ai.agent.outcome']).toBe('success');
  });

  it('hands back a result whose inspection throws, and ends the span', () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('no peeking');
        },
      },
    );
    expect(withAgent('a', () => hostile)).toBe(hostile);
    expect(t.spans().map((s) => s.name)).toEqual(['invoke_agent a']);
  });

  it('resolves to a value whose inspection throws, unchanged', async () => {
    const odd = new Proxy(
      {},
      {
        get(_target, key) {
          if (key === Symbol.asyncIterator) throw new Error('no peeking');
          return undefined;
        },
      },
    );
    const value = await withAgent('a', async () => odd);
    expect(value === odd).toBe(true);
    expect(t.span('invoke_agent a').attributes['gen_ai.agent.outcome']).toBe('success');
  });

  it('treats an array as a plain value', () => {
    const list = [1, 2];
    expect(withAgent('a', () => list)).toBe(list);
    expect(t.spans()).toHaveLength(1);
  });

  it('ends at once for a frozen iterator it cannot instrument', () => {
    const it = Object.freeze([1][Symbol.iterator]());
    expect(withAgent('frozen', () => it)).toBe(it);
    expect(t.spans().map((s) => s.name)).toEqual(['invoke_agent frozen']);
  });
});

describe('callbacks, with untilDone', () => {
  const t = useTracing();

  it('ends the span when done() is called, with the span active in the callback', async () => {
    const result = await new Promise<string>((resolve) => {
      const returned = withTool(
        'legacy',
        untilDone((span, done) => {
          setImmediate(() => {
            expect(trace.getActiveSpan()).toBe(span);
            withTool('nested', () => {});
            done();
            resolve('called back');
          });
          return 'sync return value';
        }),
      );
      expect(returned).toBe('sync return value');
      expect(t.spans()).toEqual([]);
    });
    expect(result).toBe('called back');
    expect(tree(t.spans())).toEqual(['execute_tool legacy', '  execute_tool nested']);
  });

  it('fails the span when done(error) is called; later calls are ignored', async () => {
    const error = new Error('callback failed');
    await new Promise<void>((resolve) => {
      withTool(
        'legacy',
        untilDone((_span, done) => {
          setImmediate(() => {
            done(error);
            done();
            resolve();
          });
        }),
      );
    });
    const span = t.span('execute_tool legacy');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'callback failed' });
    expect(span.attributes['gen_ai.tool.call.outcome']).toBe('error');
  });

  it('fails the span when the function throws before calling back', () => {
    const error = new Error('sync');
    expect(() =>
      withTool(
        'legacy',
        untilDone(() => {
          throw error;
        }),
      ),
    ).toThrow(error);
    expect(t.span('execute_tool legacy').attributes['gen_ai.tool.call.outcome']).toBe('error');
  });

  it('works with every helper, and with telemetry off gets a done() that does nothing', () => {
    let called = 0;
    const run = untilDone((_span, done) => {
      called++;
      done();
      return called;
    });
    expect(withAgent('a', run)).toBe(1);
    expect(withWorkflow('w', run)).toBe(2);
    expect(t.spans().map((s) => s.name)).toEqual(['invoke_agent a', 'invoke_workflow w']);
    configureTracing({ tracerProvider: undefined });
    expect(withTool('t', run)).toBe(3);
    expect(t.spans()).toHaveLength(2);
  });
});

describe('without a recording tracer', () => {
  const t = useTracing();

  it('runs the function, returns its result and rethrows its error, recording nothing', async () => {
    configureTracing({ tracerProvider: undefined }); // the global provider: none registered, no-op
    let recording: boolean | undefined;
    const value = await withAgent('a', async (span) => {
      recording = span.isRecording();
      return 3;
    });
    expect(value).toBe(3);
    expect(recording).toBe(false);
    const error = new Error('x');
    await expect(
      withTool('t', async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    async function* g() {
      yield 1;
    }
    const out: number[] = [];
    for await (const v of withAgent('g', g)) out.push(v);
    expect(out).toEqual([1]);
    expect(t.spans()).toEqual([]);
  });
});

describe('thenables that are not promises (query builders)', () => {
  const t = useTracing();

  /** Like a knex query builder or a mongoose Query: the work runs each time `then` is called. */
  function lazyQuery<T>(value: T, log: { runs: number; activeSpans: (string | undefined)[] }) {
    return {
      where() {
        return this;
      },
      // biome-ignore lint/suspicious/noThenProperty: the point of the test is a hand-made thenable.
      then<A, B>(onValue?: (v: T) => A, onError?: (e: unknown) => B) {
        log.runs++;
        log.activeSpans.push(
          (trace.getActiveSpan() as unknown as { name?: string } | undefined)?.name,
        );
        return Promise.resolve(value).then(onValue, onError);
      },
    };
  }

  it('runs a lazy thenable once, inside the span, and hands back a promise of its value', async () => {
    const log = { runs: 0, activeSpans: [] as (string | undefined)[] };
    const returned = withTool('sql_insert', () => lazyQuery(7, log));
    expect(returned).toBeInstanceOf(Promise);
    expect(await returned).toBe(7);
    expect(log).toEqual({ runs: 1, activeSpans: ['execute_tool sql_insert'] });
    expect(t.span('execute_tool sql_insert').attributes['gen_ai.tool.call.outcome']).toBe(
      'success',
    );
  });

  it('rejects with the very error of a failing lazy thenable, which also ran once', async () => {
    const error = new Error('duplicate key');
    let runs = 0;
    const failing = {
      // biome-ignore lint/suspicious/noThenProperty: a hand-made thenable.
      then(_onValue: unknown, onError: (e: unknown) => unknown) {
        runs++;
        return Promise.reject(error).then(undefined, onError);
      },
    };
    await expect(withTool('sql_insert', () => failing)).rejects.toBe(error);
    expect(runs).toBe(1);
    expect(t.span('execute_tool sql_insert').status.code).toBe(SpanStatusCode.ERROR);
  });

  it('gives the same promise shape with telemetry off, running the thenable once', async () => {
    configureTracing({ tracerProvider: undefined }); // the global provider: none registered
    const log = { runs: 0, activeSpans: [] as (string | undefined)[] };
    const returned = withTool('sql_insert', () => lazyQuery('row', log));
    expect(returned).toBeInstanceOf(Promise);
    expect(await returned).toBe('row');
    expect(log.runs).toBe(1);
    expect(t.spans()).toEqual([]);
  });

  it('returns a Promise subclass (an SDK promise with helper methods) as the very same object', async () => {
    class SdkPromise<T> extends Promise<T> {
      withResponse() {
        return 'helper';
      }
    }
    const original = new SdkPromise<number>((resolve) => resolve(5));
    const returned = withTool('sdk', () => original);
    expect(returned).toBe(original);
    expect(returned.withResponse()).toBe('helper');
    expect(await returned).toBe(5);
    expect(t.span('execute_tool sdk').attributes['gen_ai.tool.call.outcome']).toBe('success');
  });
});

describe('functions with two declared parameters', () => {
  const t = useTracing();

  it('are plain traced functions: the span ends when they return', () => {
    // From JavaScript, or a method reference: two parameters, nothing to do with callbacks.
    const format = function (this: unknown, _span: unknown, suffix?: string) {
      return `formatted${suffix ?? ''}`;
    } as (span: unknown) => string;
    expect(withTool('format', format)).toBe('formatted');
    expect(t.spans().map((s) => s.name)).toEqual(['execute_tool format']);
  });
});
