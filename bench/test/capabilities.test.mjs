import { describe, expect, it } from 'vitest';
import { callSpan, capabilities, firstChunkMarks, usageKeys } from '../lib/capabilities.mjs';

const span = (attributes, events = []) => ({ name: 'chat', attributes, events });

describe('capabilities', () => {
  it('tells usage that needs include_usage from usage without it, and names the keys', () => {
    const withUsage = span({ 'x.usage.input_tokens': 11, 'x.usage.output_tokens': 9 });
    const bare = span({ 'x.request.model': 'gpt-4o-mini' });
    const c = capabilities({
      plain: [withUsage],
      stream: [withUsage],
      streamNoUsage: [bare],
      plainDetails: [span({ 'x.cache_read.input_tokens': 4 })],
      streamDetails: [span({ 'x.reasoning.output_tokens': 64 })],
    });
    expect(c.usageOnStream).toBe('only if the app sets include_usage');
    expect(c.usageKeys).toEqual(['x.usage.input_tokens', 'x.usage.output_tokens']);
    expect(c.cachedTokens).toBe('plain only (x.cache_read.input_tokens)');
    expect(c.reasoningTokens).toBe('stream only (x.reasoning.output_tokens)');
    expect(c.timeToFirstChunk).toBe('no');
    expect(c.spansPerCall).toEqual({ plain: 1, stream: 1 });
  });

  it('reports usage on a bare stream, and no span at all as no capability', () => {
    const u = span({ 'llm.token_count.prompt': 11 });
    const c = capabilities({ plain: [], stream: [u], streamNoUsage: [u] });
    expect(c.usageOnStream).toBe('yes, even when the app does not ask');
    expect(c.usageOnPlain).toBe('no');
    expect(c.cachedTokens).toBe('no');
  });

  it('ignores request limits, zero counts and non-numbers when looking for usage', () => {
    const s = span({ 'x.request.max_tokens': 100, 'x.usage.input_tokens': 0, 'x.tokens': 'many' });
    expect(usageKeys(s)).toEqual([]);
  });

  it('finds time to first chunk as a numeric attribute or as an event', () => {
    expect(firstChunkMarks(span({ 'x.time_to_first_chunk': 0.01 }))).toEqual([
      'x.time_to_first_chunk',
    ]);
    expect(firstChunkMarks(span({}, [{ name: 'First Token Stream Event' }]))).toEqual([
      'event: First Token Stream Event',
    ]);
  });

  it('picks the span with the most attributes as the call span', () => {
    const http = span({ a: 1 });
    const llm = span({ a: 1, b: 2, c: 3 });
    expect(callSpan([http, llm])).toBe(llm);
    expect(callSpan([])).toBeNull();
  });
});
