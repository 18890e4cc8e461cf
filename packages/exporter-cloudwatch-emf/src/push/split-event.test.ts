import { describe, expect, it } from 'vitest';
import { emfErrors } from '../../test/support/emf-validator.js';
import type { EmfDocument, EmfEvent } from '../group/emf-document.js';
import { splitEvent } from './split-event.js';

const T = 1_767_225_600_000;

/** An agent-mode event: two directives (different dimension sets), `n` metrics in each. */
function event(n: number, labelBytes: number): EmfEvent {
  const name = (d: number, i: number) => `d${d}.metric.${i}`;
  const doc: Record<string, unknown> = {
    _aws: {
      Timestamp: T,
      CloudWatchMetrics: [0, 1].map((d) => ({
        Namespace: 'GenAI',
        Dimensions: d === 0 ? [['model', 'service']] : [['service']],
        Metrics: Array.from({ length: n }, (_, i) => ({ Name: name(d, i), Unit: 'Count' })),
      })),
      LogGroupName: '/metrics/GenAI',
    },
    model: 'gpt-4o',
    service: 's'.repeat(labelBytes),
  };
  for (const d of [0, 1]) for (let i = 0; i < n; i++) doc[name(d, i)] = d * 1000 + i;
  return {
    timestamp: T,
    message: JSON.stringify(doc),
    logGroupName: '/metrics/GenAI',
    logStreamName: 'otel-stream',
  };
}

const parse = (e: EmfEvent) => JSON.parse(e.message) as EmfDocument;

describe('splitting an event too large for its transport', () => {
  it('leaves an event that fits alone', () => {
    const e = event(3, 10);
    expect(splitEvent(e, 10_000)).toEqual({ events: [{ ...e, message: e.message }], dropped: 0 });
  });

  it('halves the metrics until each part fits, each part valid EMF with the same metadata and dimensions', () => {
    const e = event(40, 1000);
    const max = 2_500;
    const { events, dropped } = splitEvent(e, max);
    expect(dropped).toBe(0);
    expect(events.length).toBeGreaterThan(2);
    const seen: Record<string, unknown> = {};
    for (const part of events) {
      expect(Buffer.byteLength(part.message)).toBeLessThanOrEqual(max);
      expect(emfErrors(part.message)).toEqual([]);
      expect(part).toMatchObject({ timestamp: T, logGroupName: '/metrics/GenAI' });
      const doc = parse(part);
      expect(doc._aws).toMatchObject({ Timestamp: T, LogGroupName: '/metrics/GenAI' });
      expect([doc.model, doc.service]).toEqual(['gpt-4o', 's'.repeat(1000)]);
      for (const directive of doc._aws.CloudWatchMetrics) {
        expect(directive.Metrics.length).toBeGreaterThan(0);
        for (const m of directive.Metrics) {
          expect(seen).not.toHaveProperty(m.Name);
          seen[m.Name] = doc[m.Name];
          // A metric stays with its own dimension sets.
          expect(directive.Dimensions).toEqual(
            m.Name.startsWith('d0.') ? [['model', 'service']] : [['service']],
          );
        }
      }
    }
    const whole = parse(e);
    expect(seen).toEqual(
      Object.fromEntries(Object.entries(whole).filter(([k]) => k.includes('.metric.'))),
    );
  });

  it('drops only metrics that do not fit even alone', () => {
    // The dimension values alone are larger than the limit: no share of the metrics fits.
    expect(splitEvent(event(5, 3_000), 2_500)).toEqual({ events: [], dropped: 10 });
  });
});
