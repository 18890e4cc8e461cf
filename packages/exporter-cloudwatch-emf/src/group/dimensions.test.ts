import {
  ATTR_SERVICE_NAME,
  METRIC_GEN_AI_AGENT_HANDOFFS,
  METRIC_GEN_AI_CLIENT_COST,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { toLabels } from '../translate/labels.js';
import { createDimensionPlanner, rollupSets } from './dimensions.js';
import { MetricDeclaration } from './metric-declarations.js';

const labels = (attrs: Record<string, string>) => toLabels(attrs, undefined, () => {});

describe('dimension roll-up', () => {
  it.each([
    ['NoDimensionRollup', ['a', 'b'], []],
    ['SingleDimensionRollupOnly', ['a', 'b'], [['a'], ['b']]],
    ['ZeroAndSingleDimensionRollup', ['a', 'b'], [[], ['a'], ['b']]],
    ['ZeroAndSingleDimensionRollup', [], []],
  ] as const)('%s of %j', (option, keys, expected) => {
    expect(rollupSets(option, keys)).toEqual(expected);
  });

  it('interns plans: equal sets are one object, so directives can group by identity', () => {
    const planner = createDimensionPlanner({
      rollup: 'NoDimensionRollup',
      declarations: [
        new MetricDeclaration({ dimensions: [['model']], metric_name_selectors: ['.'] }),
      ],
      onOversize: () => {},
    });
    const a = planner.setsFor(labels({ model: 'm', op: 'x' }), 'a');
    expect(planner.setsFor(labels({ model: 'n' }), 'b')).toBe(a);
  });

  it('puts the full label set first and drops duplicates', () => {
    const planner = createDimensionPlanner({
      rollup: 'ZeroAndSingleDimensionRollup',
      declarations: [],
      onOversize: () => {},
    });
    expect(planner.setsFor(labels({ model: 'm', op: 'chat' }), 'x')?.sets).toEqual([
      ['model', 'op'],
      [],
      ['model'],
      ['op'],
    ]);
    expect(planner.setsFor(labels({ model: 'm' }), 'x')?.sets).toEqual([['model'], []]);
    expect(planner.setsFor(labels({}), 'x')?.sets).toEqual([[]]);
  });

  it('leaves out sets over 30 dimensions; a point left with none is a total', () => {
    const oversize: string[] = [];
    const planner = createDimensionPlanner({
      rollup: 'NoDimensionRollup',
      declarations: [],
      onOversize: (m, n) => oversize.push(`${m}:${n}`),
    });
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`k${i}`, 'v']));
    expect(planner.setsFor(labels(many), 'x')?.sets).toEqual([[]]);
    const thirty = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${i}`, 'v']));
    expect(planner.setsFor(labels(thirty), 'x')?.sets?.[0]).toHaveLength(30);
    expect(oversize).toEqual(['x:31']);
  });
});

describe('metric_declarations', () => {
  const planner = (
    rollup: 'NoDimensionRollup' | 'SingleDimensionRollupOnly' = 'NoDimensionRollup',
  ) =>
    createDimensionPlanner({
      rollup,
      onOversize: () => {},
      declarations: [
        new MetricDeclaration({
          dimensions: [
            [ATTR_SERVICE_NAME, 'model'],
            [ATTR_SERVICE_NAME],
            ['model', ATTR_SERVICE_NAME],
          ],
          metric_name_selectors: ['^gen_ai\\.client\\.'],
        }),
        new MetricDeclaration({
          dimensions: [['agent'], ['missing']],
          metric_name_selectors: ['handoffs$'],
          label_matchers: [{ label_names: ['agent', 'target'], regex: '^triage;(billing|human)$' }],
        }),
      ],
    });
  const l = labels({ [ATTR_SERVICE_NAME]: 'bot', model: 'gpt-4o', op: 'chat' });

  it('select metrics by name and use the declared sets present in the labels', () => {
    expect(planner().setsFor(l, METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name)?.sets).toEqual([
      ['model', 'service.name'],
      ['service.name'],
    ]);
    expect(planner().setsFor(l, 'server.duration')?.sets).toBeUndefined();
  });

  it('add roll-ups to the declared sets', () => {
    expect(
      planner('SingleDimensionRollupOnly').setsFor(l, METRIC_GEN_AI_CLIENT_COST.name)?.sets,
    ).toEqual([['model', 'service.name'], ['service.name'], ['model'], ['op']]);
  });

  it('apply label matchers (joined with ";") and skip sets naming absent labels', () => {
    const p = planner();
    const handoffs = METRIC_GEN_AI_AGENT_HANDOFFS.name;
    expect(p.setsFor(labels({ agent: 'triage', target: 'billing' }), handoffs)?.sets).toEqual([
      ['agent'],
    ]);
    expect(p.setsFor(labels({ agent: 'triage', target: 'search' }), handoffs)).toBeUndefined();
    expect(p.setsFor(labels({ target: 'human' }), handoffs)?.sets).toBeUndefined();
  });
});

describe('the planner caches', () => {
  it.each([
    ['with metric_declarations (per name and label set)', true],
    ['without (per label set)', false],
  ])('hold at most cacheLimit plans in all, %s', (_what, declared) => {
    const planner = createDimensionPlanner({
      rollup: 'SingleDimensionRollupOnly',
      declarations: declared
        ? [new MetricDeclaration({ dimensions: [['route']], metric_name_selectors: ['.'] })]
        : [],
      onOversize: () => {},
      cacheLimit: 100,
    });
    let most = 0;
    // 60 metrics × 60 routes: 3,600 distinct label sets, and (name, label set) pairs.
    for (let round = 0; round < 2; round++) {
      for (let m = 0; m < 60; m++) {
        for (let r = 0; r < 60; r++) {
          const sets = planner.setsFor(
            labels({ route: `/r/${r}`, m: `${m}` }),
            `metric.${m}`,
          )?.sets;
          // Starting over never changes an answer.
          expect(sets).toEqual(declared ? [['route'], ['m']] : [['m', 'route'], ['m'], ['route']]);
          most = Math.max(most, planner.cachedPlans);
        }
      }
    }
    expect(most).toBe(100);
  });
});
