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
          dimensions: [['service.name', 'model'], ['service.name'], ['model', 'service.name']],
          metric_name_selectors: ['^gen_ai\\.client\\.'],
        }),
        new MetricDeclaration({
          dimensions: [['agent'], ['missing']],
          metric_name_selectors: ['handoffs$'],
          label_matchers: [{ label_names: ['agent', 'target'], regex: '^triage;(billing|human)$' }],
        }),
      ],
    });
  const l = labels({ 'service.name': 'bot', model: 'gpt-4o', op: 'chat' });

  it('select metrics by name and use the declared sets present in the labels', () => {
    expect(planner().setsFor(l, 'gen_ai.client.token.usage')?.sets).toEqual([
      ['model', 'service.name'],
      ['service.name'],
    ]);
    expect(planner().setsFor(l, 'gen_ai.server.duration')?.sets).toBeUndefined();
  });

  it('add roll-ups to the declared sets', () => {
    expect(planner('SingleDimensionRollupOnly').setsFor(l, 'gen_ai.client.cost')?.sets).toEqual([
      ['model', 'service.name'],
      ['service.name'],
      ['model'],
      ['op'],
    ]);
  });

  it('apply label matchers (joined with ";") and skip sets naming absent labels', () => {
    const p = planner();
    expect(
      p.setsFor(labels({ agent: 'triage', target: 'billing' }), 'gen_ai.agent.handoffs')?.sets,
    ).toEqual([['agent']]);
    expect(
      p.setsFor(labels({ agent: 'triage', target: 'search' }), 'gen_ai.agent.handoffs'),
    ).toBeUndefined();
    expect(p.setsFor(labels({ target: 'human' }), 'gen_ai.agent.handoffs')?.sets).toBeUndefined();
  });
});
