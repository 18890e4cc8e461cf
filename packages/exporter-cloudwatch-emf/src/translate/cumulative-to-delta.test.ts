import { describe, expect, it } from 'vitest';
import { CumulativeToDelta, subtractNumber } from './cumulative-to-delta.js';

const START = 1_000;

describe('CumulativeToDelta', () => {
  it('sends the first point whole (the series counted from zero), then differences', () => {
    const d = new CumulativeToDelta();
    expect(d.delta('m', 'a', START, 2_000, 10, subtractNumber)).toBe(10);
    d.endCollection();
    expect(d.delta('m', 'a', START, 3_000, 25, subtractNumber)).toBe(15);
    d.endCollection();
    expect(d.delta('m', 'a', START, 4_000, 25, subtractNumber)).toBe(0);
  });

  it('treats a new start time or a lower value as a restart: the new value is the delta', () => {
    const d = new CumulativeToDelta();
    d.delta('m', 'a', START, 2_000, 100, subtractNumber);
    d.endCollection();
    expect(d.delta('m', 'a', 2_500, 3_000, 7, subtractNumber)).toBe(7);
    d.endCollection();
    expect(d.delta('m', 'a', 2_500, 4_000, 3, subtractNumber)).toBe(3);
  });

  it('sends a series that appears later whole, since it started after the previous export', () => {
    const d = new CumulativeToDelta();
    d.delta('m', 'a', START, 2_000, 1, subtractNumber);
    d.endCollection();
    expect(d.delta('m', 'b', 2_000, 3_000, 4, subtractNumber)).toBe(4);
  });

  it('uses a forgotten series as the baseline instead of counting it again', () => {
    const d = new CumulativeToDelta({ maxSeries: 10 });
    for (let i = 0; i <= 10; i++) d.delta('m', `s${i}`, START, 2_000, 5, subtractNumber);
    // Past the bound, the least recently seen go, down to 90% (amortised).
    expect(d.size).toBe(9);
    expect(d.evicted).toBe(2);
    d.endCollection();
    // `s0` was forgotten: its 9 includes the 5 already sent.
    expect(d.delta('m', 's0', START, 3_000, 9, subtractNumber)).toBeUndefined();
    d.endCollection();
    expect(d.delta('m', 's0', START, 4_000, 12, subtractNumber)).toBe(3);
  });

  it('retain_initial_value_of_delta_metric sends even an unknown-baseline first point', () => {
    const d = new CumulativeToDelta({ maxSeries: 10, retainInitialValue: true });
    for (let i = 0; i <= 10; i++) d.delta('m', `s${i}`, START, 2_000, 5, subtractNumber);
    d.endCollection();
    expect(d.delta('m', 's0', START, 3_000, 9, subtractNumber)).toBe(9);
  });

  it('keeps the most recently seen series when bounded', () => {
    const d = new CumulativeToDelta({ maxSeries: 10 });
    for (let i = 0; i < 10; i++) d.delta('m', `s${i}`, START, 2_000, 1, subtractNumber);
    d.endCollection();
    d.delta('m', 's0', START, 3_000, 2, subtractNumber);
    d.delta('n', 'x', START, 3_000, 1, subtractNumber); // evicts s1 and s2 (not seen since), not s0
    d.endCollection();
    expect(d.delta('m', 's0', START, 4_000, 5, subtractNumber)).toBe(3);
    expect(d.delta('m', 's1', START, 4_000, 3, subtractNumber)).toBeUndefined();
    expect(d.delta('m', 's3', START, 4_000, 3, subtractNumber)).toBe(2);
  });

  it('keeps memory bounded over many series', () => {
    const d = new CumulativeToDelta({ maxSeries: 1000 });
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 3000; i++)
        d.delta('m', `s${round}-${i}`, START, 2_000 + round, i, subtractNumber);
      d.endCollection();
      expect(d.size).toBeLessThanOrEqual(1000);
    }
    expect(d.evicted).toBe(15_000 - d.size);
  });
});
