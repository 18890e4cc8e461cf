import { describe, expect, it } from 'vitest';
import { formatNumber, meets, ratioToTarget } from '../lib/component-io.mjs';
import { peerTargets, summaryRows, summaryTable } from '../lib/summary.mjs';

/** A session as runSession returns it, cut down to what the summary reads. */
function session({ plainRatio, streamRatio, bestLow = 5, genai = 'ok' }) {
  const mode = (ratio) => ({ cpu: { overheadToBestPeer: ratio } });
  return {
    variants: {
      'genai-otel':
        genai === 'ok'
          ? { status: 'ok', plain: mode(plainRatio), stream: mode(streamRatio) }
          : { status: genai },
    },
    best: {
      plain: { cpu: { id: 'otel-contrib', overheadUs: 30, lowUs: bestLow } },
      stream: { cpu: { id: 'traceloop', overheadUs: 40, lowUs: bestLow } },
    },
  };
}

describe('meets / ratioToTarget', () => {
  it('reads upper and lower bounds the right way round', () => {
    expect(meets({ compare: '<', target: 2, measured: 1.9 })).toBe(true);
    expect(meets({ compare: '<', target: 2, measured: 2 })).toBe(false);
    expect(meets({ compare: '<=', target: 0.5, measured: 0.5 })).toBe(true);
    expect(meets({ compare: '>=', target: 50_000, measured: 49_999 })).toBe(false);
    expect(meets({ compare: '>=', target: 50_000, measured: Number.NaN })).toBe(false);
    expect(meets({ compare: null, target: null, measured: 3 })).toBeNull();
    expect(meets({ compare: '<', target: 2, measured: null })).toBeNull();
    expect(ratioToTarget({ target: 200_000, measured: 300_000 })).toBe(1.5);
    expect(ratioToTarget({ target: null, measured: 3 })).toBeNull();
  });

  it('formats small and large figures', () => {
    expect(formatNumber(1234567.8)).toBe('1,234,568');
    expect(formatNumber(123.4)).toBe('123');
    expect(formatNumber(12.34)).toBe('12.3');
    expect(formatNumber(0.456)).toBe('0.46');
    expect(formatNumber(null)).toBe('–');
  });
});

describe('peerTargets', () => {
  it('checks genai-otel against half the best peer, per transport and mode, on CPU time', () => {
    const t = peerTargets({
      memory: session({ plainRatio: 0.93, streamRatio: 0.4 }),
      http: session({ plainRatio: 0.9, streamRatio: 1.27, bestLow: -3 }),
    });
    expect(t.map((x) => [x.id, x.measured, x.met])).toEqual([
      ['memory/plain', 0.93, false],
      ['memory/stream', 0.4, true],
      // The best peer's overhead is not distinguishable from zero: no ratio, no verdict.
      ['http/plain', null, null],
      ['http/stream', null, null],
    ]);
    expect(t[0].ratio).toBeCloseTo(1.86);
    expect(t[0].note).toBe('vs otel-contrib');
    expect(t[2].note).toBe("otel-contrib's overhead not distinguishable from 0");
  });

  it('says so when genai-otel did not run', () => {
    const [t] = peerTargets({ memory: session({ genai: 'broken' }) });
    expect(t.measured).toBeNull();
    expect(t.note).toBe('genai-otel broken');
  });
});

describe('summaryRows', () => {
  it('lists the peers, every component target, figures without a target and failures', () => {
    const components = {
      'langsmith-convert': {
        status: 'ok',
        targets: [
          {
            what: 'spans → runs',
            compare: '>=',
            target: 50_000,
            unit: 'spans/s',
            measured: 65_000,
            met: true,
            ratio: 1.3,
          },
          {
            what: 'memory per run',
            compare: null,
            target: null,
            unit: 'B',
            measured: 1250,
            met: null,
            ratio: null,
          },
        ],
      },
      'emf-serialize': { status: 'failed', title: 'EMF', reason: 'exited with 1' },
    };
    const rows = summaryRows(
      { memory: session({ plainRatio: 0.93, streamRatio: 0.4 }) },
      components,
    );
    expect(rows.map((r) => [r.bench, r.target, r.measured, r.ratio, r.verdict])).toEqual([
      ['peers', '≤ 0.50 ×', '0.93 × (vs otel-contrib)', '1.86', 'MISSED'],
      ['peers', '≤ 0.50 ×', '0.40 × (vs traceloop)', '0.80', 'met'],
      ['langsmith-convert', '≥ 50,000 spans/s', '65,000 spans/s', '1.30', 'met'],
      ['langsmith-convert', '–', '1,250 B', '–', '(no target)'],
      ['emf-serialize', '', '', '', 'failed: exited with 1'],
    ]);
    const text = summaryTable(rows);
    expect(text.split('\n')).toHaveLength(2 + rows.length);
    expect(text).toContain('| measured ÷ target |');
  });

  it('has no peers rows when the peers did not run', () => {
    expect(summaryRows(undefined, {})).toEqual([]);
  });
});
