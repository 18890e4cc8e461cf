import { METRIC_GEN_AI_CLIENT_TOKEN_USAGE } from '@genai-otel/semantic-conventions';
import { describe, expect, it } from 'vitest';
import { toDimensionName, toDimensionValue, toMetricName, toNamespace } from './names.js';

describe('CloudWatch names', () => {
  it('keeps valid metric names and repairs the rest', () => {
    const name = METRIC_GEN_AI_CLIENT_TOKEN_USAGE.name;
    expect(toMetricName(name)).toBe(name);
    expect(toMetricName('latency\tp95')).toBe('latency_p95');
    expect(toMetricName('コスト')).toBe('___');
    expect(toMetricName('x'.repeat(300))).toBe('x'.repeat(255));
    expect(toMetricName('   ')).toBeUndefined();
    expect(toMetricName('')).toBeUndefined();
    expect(toMetricName('_aws')).toBeUndefined();
  });

  it('makes namespaces match [a-zA-Z0-9 ._#:/-]', () => {
    expect(toNamespace('GenAI/checkout-bot')).toBe('GenAI/checkout-bot');
    expect(toNamespace('unknown_service:node')).toBe('unknown_service:node');
    expect(toNamespace('café bot!')).toBe('caf_ bot_');
    expect(toNamespace('')).toBe('default');
    expect(toNamespace('n'.repeat(300))).toHaveLength(256);
  });

  it('repairs dimension names and values', () => {
    expect(toDimensionName(':tenant')).toBe('_tenant');
    expect(toDimensionName('a'.repeat(300))).toHaveLength(250);
    expect(toDimensionName(' ')).toBeUndefined();
    expect(toDimensionName('_aws')).toBeUndefined();
    expect(toDimensionValue('gpt-4o')).toBe('gpt-4o');
    expect(toDimensionValue('naïve')).toBe('na_ve');
    expect(toDimensionValue('v'.repeat(2000))).toHaveLength(1024);
    expect(toDimensionValue('  ')).toBeUndefined();
  });
});
