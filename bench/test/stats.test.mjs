import { describe, expect, it } from 'vitest';
import {
  compare,
  median,
  pairedOverhead,
  pairedOverheadInterval,
  summarizeRounds,
} from '../lib/stats.mjs';

const round = (us, cpu) => ({ usPerCall: us, cpuUsPerCall: cpu, p50: us, p99: us * 2 });

describe('median', () => {
  it('takes the middle value, or the mean of the two middle ones', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNaN();
  });
});

describe('pairedOverhead', () => {
  it('is the median of per-round differences, so a slow round on both sides cancels', () => {
    // Round 2 was slow for everyone: difference of medians would say 30, pairing says 10.
    expect(pairedOverhead([110, 510, 112], [100, 500, 100])).toBe(10);
  });
});

describe('summarizeRounds + compare', () => {
  const variant = (id, peer, wall, cpu) => ({
    id,
    peer,
    status: 'ok',
    plain: summarizeRounds(wall.map((w, i) => round(w, cpu[i]))),
    stream: summarizeRounds(wall.map((w, i) => round(w + 100, cpu[i] + 100))),
  });

  it('measures overhead against none and ratios against the best working peer', () => {
    const byId = {
      none: variant('none', false, [500, 520, 510], [400, 410, 405]),
      'genai-otel': variant('genai-otel', false, [530, 550, 540], [420, 430, 425]),
      a: variant('a', true, [560, 580, 570], [440, 450, 445]),
      b: variant('b', true, [600, 620, 610], [480, 490, 485]),
      c: { id: 'c', peer: true, status: 'broken' },
    };
    const best = compare(byId);
    expect(best.plain.wall).toMatchObject({ id: 'a', overheadUs: 60 });
    expect(best.plain.wall.lowUs).toBeGreaterThan(0);
    expect(best.plain.cpu).toMatchObject({ id: 'a', overheadUs: 40 });
    const g = byId['genai-otel'].plain;
    expect(g.wall.us).toBe(540);
    expect(g.wall.min).toBe(530);
    expect(g.wall.max).toBe(550);
    expect(g.wall.overheadUs).toBe(30);
    expect(g.wall.overheadToBestPeer).toBe(0.5);
    expect(g.cpu.overheadToBestPeer).toBe(0.5);
    expect(g.wall.ratioToNone).toBeCloseTo(540 / 510, 10);
    expect(byId.b.plain.wall.overheadToBestPeer).toBe(100 / 60);
    expect(byId.none.plain.wall.overheadUs).toBe(0);
  });

  it('has no best peer when none works', () => {
    const byId = {
      none: variant('none', false, [500], [400]),
      x: { id: 'x', peer: true, status: 'unavailable' },
    };
    expect(compare(byId).stream.cpu).toBeNull();
  });
});

describe('pairedOverheadInterval', () => {
  it('brackets the paired median, is reproducible, and widens with scatter', () => {
    const base = [100, 100, 100, 100, 100, 100, 100, 100];
    const tight = [110, 111, 109, 110, 112, 108, 110, 110];
    const loose = [110, 150, 70, 110, 160, 60, 110, 110];
    const [lo, hi] = pairedOverheadInterval(tight, base);
    expect(lo).toBeLessThanOrEqual(10);
    expect(hi).toBeGreaterThanOrEqual(10);
    expect(pairedOverheadInterval(tight, base)).toEqual([lo, hi]);
    const [llo, lhi] = pairedOverheadInterval(loose, base);
    expect(lhi - llo).toBeGreaterThan(hi - lo);
    expect(pairedOverheadInterval([1], [0])).toEqual([Number.NaN, Number.NaN]);
  });
});
