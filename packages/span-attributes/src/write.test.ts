import { type AttributeValue, DiagLogLevel, diag, type Span } from '@opentelemetry/api';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  type ProbeLimits,
  trustNoSpans,
  trustSpans,
  trustSpansLazily,
  writeAttribute,
  writeAttributes,
  writesDirectly,
} from './index.js';

type Limits = Partial<ProbeLimits>;

const sdk3 = (limits: Limits) =>
  new TracerProvider({ spanLimits: limits }).getTracer('t').startSpan('probe');
const sdk2 = (limits: Limits) =>
  new BasicTracerProvider({ spanLimits: limits }).getTracer('t').startSpan('probe');

/** Every kind of write: the plain cases and each the SDK must handle itself. */
const WRITES: [string, AttributeValue | undefined][] = [
  ['op.name', 'chat'],
  ['count.in', 12],
  ['flag', true],
  ['reasons', ['stop', 'length']],
  ['mixed', [1, 'two', false]],
  ['count.in', 13],
  ['op.name', 99],
  ['not.a.number', Number.NaN],
  ['long', 'a string longer than the limit'],
  ['long.items', ['ok', 'an item longer than the limit']],
  ['', 'empty key'],
  ['holes', [null, 'x'] as unknown as AttributeValue],
  ['nested', { a: 1 } as unknown as AttributeValue],
  ['undefined', undefined],
  ['after.limit.1', 'x'],
  ['after.limit.2', 2],
  ['flag', false],
];

const LIMITS: Record<string, Limits> = {
  defaults: {},
  'count 6, length 12': { attributeCountLimit: 6, attributeValueLengthLimit: 12 },
  'length 0 (ignored by the SDK, with a warning)': { attributeValueLengthLimit: 0 },
  'count 0': { attributeCountLimit: 0 },
};

/** What the diag logger got, with span and trace ids taken out. */
function recordDiag(): string[] {
  const said: string[] = [];
  const say = (level: string) => (message: string) => {
    // The API's own note on (un)registering this logger.
    if (!message.startsWith('@opentelemetry/api:'))
      said.push(`${level} ${message.replace(/[0-9a-f]{16,32}/g, '<id>')}`);
  };
  diag.setLogger(
    {
      error: say('error'),
      warn: say('warn'),
      info: say('info'),
      debug: say('debug'),
      verbose: say('verbose'),
    },
    DiagLogLevel.ALL,
  );
  return said;
}

interface Held {
  attributes: Record<string, unknown>;
  droppedAttributesCount: number;
}

/** The span as an exporter would see it: attributes in order, and the dropped count. */
function held(span: Span) {
  const s = span as unknown as Held;
  return { entries: Object.entries(s.attributes), dropped: s.droppedAttributesCount };
}

function run(start: (limits: Limits) => Span, limits: Limits, set: typeof writeAttribute) {
  const said = recordDiag();
  const span = start(limits);
  for (const [key, value] of WRITES) set(span, key, value as AttributeValue);
  span.end();
  set(span, 'after.end', 'x');
  diag.disable();
  return { ...held(span), said };
}

const bySetAttribute: typeof writeAttribute = (span, key, value) => {
  span.setAttribute(key, value);
};

/** How many WeakSets `fn` constructs (`@opentelemetry/core` 3.x makes one per value it checks). */
function countWeakSets(fn: () => void): number {
  const Original = globalThis.WeakSet;
  let made = 0;
  globalThis.WeakSet = class extends Original<WeakKey> {
    constructor() {
      super();
      made++;
    }
  } as WeakSetConstructor;
  try {
    fn();
  } finally {
    globalThis.WeakSet = Original;
  }
  return made;
}

afterEach(() => {
  trustNoSpans();
  diag.disable();
});

describe('trustSpans', () => {
  it('trusts @opentelemetry/sdk-trace 3.x spans, without a word to the diag logger', () => {
    const said = recordDiag();
    expect(trustSpans(sdk3)).toBe(true);
    expect(said).toEqual([]);
  });

  it('refuses a span class whose setAttribute does something else', () => {
    const upper = (limits: Limits) => {
      const span = sdk3(limits);
      const own = span.setAttribute;
      // Instance-patched, as a wrapper or a test double would be.
      span.setAttribute = function (key, value) {
        return own.call(this, key, typeof value === 'string' ? value.toUpperCase() : value);
      };
      return span;
    };
    expect(trustSpans(upper)).toBe(false);
  });

  it('refuses what is no SDK span, and a probe that throws', () => {
    const bare = () => ({ setAttribute() {} }) as unknown as Span;
    expect(trustSpans(bare)).toBe(false);
    expect(
      trustSpans(() => {
        throw new Error('no provider');
      }),
    ).toBe(false);
  });
});

describe('trustSpansLazily', () => {
  it('checks the class at the first write that finds none trusted, not before', () => {
    let probes = 0;
    trustSpansLazily((limits) => {
      probes++;
      return sdk3(limits);
    });
    expect(probes).toBe(0);
    const span = sdk3({});
    // The first write runs the check (two probe spans), then goes directly.
    writeAttribute(span, 'first', 1);
    expect(probes).toBe(2);
    expect(countWeakSets(() => writeAttribute(span, 'second', 2))).toBe(0);
    writeAttribute(span, 'third', 3);
    expect(probes).toBe(2);
    expect(held(span).entries).toEqual([
      ['first', 1],
      ['second', 2],
      ['third', 3],
    ]);
  });

  it('trustNoSpans drops a pending check', () => {
    let probes = 0;
    trustSpansLazily((limits) => {
      probes++;
      return sdk3(limits);
    });
    trustNoSpans();
    writeAttribute(sdk3({}), 'a', 1);
    expect(probes).toBe(0);
  });
});

describe.each([
  ['@opentelemetry/sdk-trace 3.x, trusted', sdk3, true],
  ['@opentelemetry/sdk-trace 3.x, not trusted', sdk3, false],
  ['@opentelemetry/sdk-trace-base 2.x, after trustSpans on it', sdk2, true],
])('%s', (_name, start, trust) => {
  beforeEach(() => {
    if (trust) trustSpans(start);
  });

  it.each(Object.entries(LIMITS))(
    'leaves the span as setAttribute does, and the SDK says the same (%s)',
    (_limits, limits) => {
      trustNoSpans();
      const expected = run(start, limits, bySetAttribute);
      if (trust) trustSpans(start);
      const got = run(start, limits, writeAttribute);
      expect(got).toEqual(expected);
      // Something was kept or dropped: the run did write.
      expect(expected.entries.length + expected.dropped).toBeGreaterThan(0);
    },
  );
});

describe('writeAttribute on a trusted class', () => {
  beforeEach(() => {
    expect(trustSpans(sdk3)).toBe(true);
  });

  it('writes directly: none of the SDK value checks runs (they make a WeakSet each)', () => {
    expect(writesDirectly(sdk3({}))).toBe(true);
    expect(writesDirectly(sdk2({}))).toBe(false);
    const made = countWeakSets(() => {
      const span = sdk3({});
      writeAttribute(span, 'count.out', 7);
      writeAttribute(span, 'id', 'chatcmpl-1');
      writeAttribute(span, 'reasons', ['stop']);
    });
    expect(made).toBe(0);
    // The counter sees the SDK's own path.
    expect(countWeakSets(() => sdk3({}).setAttribute('count.out', 7))).toBe(1);
  });

  it('stores a copy of an array, as the SDK does', () => {
    const reasons = ['stop'];
    const span = sdk3({});
    writeAttribute(span, 'reasons', reasons);
    reasons.push('changed later');
    expect(held(span).entries).toEqual([['reasons', ['stop']]]);
  });

  it("goes through a patched instance's or prototype's own setAttribute", () => {
    const span = sdk3({});
    const spy = vi.spyOn(span, 'setAttribute');
    writeAttribute(span, 'a', 1);
    expect(spy).toHaveBeenCalledWith('a', 1);
    const proto = Object.getPrototypeOf(sdk3({}));
    const own = proto.setAttribute;
    const calls: string[] = [];
    proto.setAttribute = function (this: Span, key: string, value: AttributeValue) {
      calls.push(key);
      return own.call(this, key, value);
    };
    try {
      writeAttribute(sdk3({}), 'b', 2);
    } finally {
      proto.setAttribute = own;
    }
    expect(calls).toEqual(['b']);
  });

  it('hands an ended span to setAttribute, which refuses it and says so', () => {
    const span = sdk3({});
    span.end();
    const said = recordDiag();
    writeAttribute(span, 'late', 1);
    expect(held(span).entries).toEqual([]);
    expect(
      said.some((line) => line.startsWith('warn Cannot execute the operation on ended Span')),
    ).toBe(true);
  });

  it('writeAttributes writes own keys in order and skips undefined values', () => {
    const span = sdk3({});
    const attrs = Object.assign(Object.create({ inherited: 'no' }), {
      b: 1,
      a: 'x',
      skipped: undefined,
      c: [true],
    });
    writeAttributes(span, attrs);
    expect(held(span).entries).toEqual([
      ['b', 1],
      ['a', 'x'],
      ['c', [true]],
    ]);
  });
});
