import { describe, expect, it } from 'vitest';
import { analyze, packageOf } from '../lib/profile.mjs';

const frame = (url, functionName = 'f', lineNumber = 0) => ({ url, functionName, lineNumber });

describe('packageOf', () => {
  it('names npm packages, workspace packages, node modules and V8 pseudo-frames', () => {
    expect(
      packageOf(
        frame(
          'file:///w/bench/peers/x/node_modules/.pnpm/@opentelemetry+sdk-trace@3.1.0/node_modules/@opentelemetry/sdk-trace/build/src/Tracer.js',
        ),
      ),
    ).toBe('@opentelemetry/sdk-trace');
    expect(
      packageOf(frame('file:///w/node_modules/.pnpm/openai@6.30.1/node_modules/openai/core.js')),
    ).toBe('openai');
    expect(packageOf(frame('file:///w/packages/instrumentation-openai/dist/wrap.js'))).toBe(
      '@genai-otel/instrumentation-openai',
    );
    expect(packageOf(frame('node:internal/deps/undici/undici'))).toBe(
      'node:internal/deps/undici/undici',
    );
    expect(packageOf(frame('', '(garbage collector)'))).toBe('(garbage collector)');
    expect(packageOf(frame('', 'runMicrotasks'))).toBe('(native)');
    expect(packageOf(frame('file:///w/bench/lib/child.mjs'))).toBe('bench harness');
  });
});

describe('analyze', () => {
  it('splits sampled time into self and inclusive per package, skipping idle', () => {
    const profile = {
      nodes: [
        { id: 1, callFrame: frame('', '(root)'), children: [2, 4] },
        { id: 2, callFrame: frame('file:///w/node_modules/openai/a.js', 'create'), children: [3] },
        { id: 3, callFrame: frame('file:///w/node_modules/@x/y/b.js', 'inner') },
        { id: 4, callFrame: frame('', '(idle)') },
      ],
      samples: [2, 3, 3, 4],
      timeDeltas: [10, 20, 30, 1000],
    };
    const a = analyze(profile);
    expect(a.totalUs).toBe(60);
    expect(a.self.get('openai')).toBe(10);
    expect(a.self.get('@x/y')).toBe(50);
    expect(a.inclusive.get('openai')).toBe(60);
    expect(a.fns.get('@x/y inner :1')).toBe(50);
    expect(a.self.has('(idle)')).toBe(false);
  });
});
