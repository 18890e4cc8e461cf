import { Readable } from 'node:stream';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { tree, turns, useTracing } from '../test/helpers.js';
import { configureTracing, withAgent, withTool } from './index.js';

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

describe('callbacks', () => {
  const t = useTracing();

  it('ends the span when done() is called, with the span active in the callback', async () => {
    const result = await new Promise<string>((resolve) => {
      const returned = withTool('legacy', (span, done) => {
        setImmediate(() => {
          expect(trace.getActiveSpan()).toBe(span);
          withTool('nested', () => {});
          done();
          resolve('called back');
        });
        return 'sync return value';
      });
      expect(returned).toBe('sync return value');
      expect(t.spans()).toEqual([]);
    });
    expect(result).toBe('called back');
    expect(tree(t.spans())).toEqual(['execute_tool legacy', '  execute_tool nested']);
  });

  it('fails the span when done(error) is called; later calls are ignored', async () => {
    const error = new Error('callback failed');
    await new Promise<void>((resolve) => {
      withTool('legacy', (_span, done) => {
        setImmediate(() => {
          done(error);
          done();
          resolve();
        });
      });
    });
    const span = t.span('execute_tool legacy');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'callback failed' });
    expect(span.attributes['gen_ai.tool.call.outcome']).toBe('error');
  });

  it('fails the span when the function throws before calling back', () => {
    const error = new Error('sync');
    expect(() =>
      withTool('legacy', (_span, _done) => {
        throw error;
      }),
    ).toThrow(error);
    expect(t.span('execute_tool legacy').attributes['gen_ai.tool.call.outcome']).toBe('error');
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
