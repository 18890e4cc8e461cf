import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker.js';

function breaker() {
  let now = 0;
  const circuit = new CircuitBreaker(() => now);
  return { circuit, at: (ms: number) => (now = ms) };
}

describe('CircuitBreaker', () => {
  it('sends while closed', () => {
    const { circuit } = breaker();
    expect(circuit.admit()).toBe('send');
    expect(circuit.isOpen).toBe(false);
  });

  it('drops during the backoff, probes once after it, doubling to 30 s', () => {
    const { circuit, at } = breaker();
    circuit.unreachable(false);
    expect(circuit.isOpen).toBe(true);
    let t = 0;
    const seen: number[] = [];
    for (const wait of [1000, 2000, 4000, 8000, 16000, 30000, 30000]) {
      at(t + wait - 1);
      expect(circuit.admit()).toBe('drop');
      at(t + wait);
      expect(circuit.admit()).toBe('probe');
      // Only one probe at a time: the next batch waits for its answer.
      expect(circuit.admit()).toBe('drop');
      seen.push(wait);
      t += wait;
      circuit.unreachable(true);
    }
    expect(seen).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });

  it('closes when the endpoint answers, and starts again at 1 s', () => {
    const { circuit, at } = breaker();
    circuit.unreachable(false);
    at(1000);
    expect(circuit.admit()).toBe('probe');
    circuit.unreachable(true);
    at(3000);
    expect(circuit.admit()).toBe('probe');
    circuit.reached();
    expect(circuit.isOpen).toBe(false);
    expect(circuit.admit()).toBe('send');
    circuit.unreachable(false);
    at(3999);
    expect(circuit.admit()).toBe('drop');
    at(4000);
    expect(circuit.admit()).toBe('probe');
  });

  it('a late failure of a batch sent before the circuit opened does not extend the backoff', () => {
    const { circuit, at } = breaker();
    circuit.unreachable(false);
    at(900);
    circuit.unreachable(false);
    at(1000);
    expect(circuit.admit()).toBe('probe');
  });

  it('never probes when told not to (shutdown)', () => {
    const { circuit, at } = breaker();
    circuit.unreachable(false);
    at(60_000);
    expect(circuit.admit(true)).toBe('drop');
    expect(circuit.admit()).toBe('probe');
  });
});
