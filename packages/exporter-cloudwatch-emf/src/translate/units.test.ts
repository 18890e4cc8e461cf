import { describe, expect, it } from 'vitest';
import { CLOUDWATCH_UNITS, mapUnit } from './units.js';

describe('mapUnit', () => {
  it.each([
    ['s', 'Seconds', 1],
    ['ms', 'Milliseconds', 1],
    ['us', 'Microseconds', 1],
    ['ns', 'Microseconds', 0.001],
    ['By', 'Bytes', 1],
    ['kBy', 'Kilobytes', 1],
    ['KiBy', 'Kilobytes', 1],
    ['MiBy', 'Megabytes', 1],
    ['GBy', 'Gigabytes', 1],
    ['TBy', 'Terabytes', 1],
    ['bit', 'Bits', 1],
    ['Mbit', 'Megabits', 1],
    ['By/s', 'Bytes/Second', 1],
    ['MBy/s', 'Megabytes/Second', 1],
    ['bit/s', 'Bits/Second', 1],
    ['Gbit/s', 'Gigabits/Second', 1],
    ['{token}', 'Count', 1],
    ['{request}', 'Count', 1],
    ['{handoff}', 'Count', 1],
    ['{request}/s', 'Count/Second', 1],
    ['1/s', 'Count/Second', 1],
    ['%', 'Percent', 1],
    ['1', 'None', 1],
    ['USD', 'None', 1],
    ['{USD}', 'None', 1],
    ['', 'None', 1],
    ['min', 'None', 1],
    ['furlongs', 'None', 1],
    ['{}', 'None', 1],
    ['Seconds', 'Seconds', 1],
    ['Count/Second', 'Count/Second', 1],
  ])('%s → %s', (otel, unit, scale) => {
    expect(mapUnit(otel)).toEqual({ unit, scale });
  });

  it('only ever answers a unit CloudWatch accepts', () => {
    for (const u of ['s', 'x/s', '{a}/min', 'By/h', 'kbit/s', '  ms ', 'ns']) {
      expect(CLOUDWATCH_UNITS).toContain(mapUnit(u).unit);
    }
  });
});
