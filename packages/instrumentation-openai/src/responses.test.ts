import {
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
} from '@genai-otel/semantic-conventions';
import { createTestTracing } from '@genai-otel/test-utils';
import { SpanStatusCode } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { responses } from './responses.js';

const settings = { captureContent: true, maxContentLength: 1000 };

describe('responses handler', () => {
  it('records a failed response as an error with its code', () => {
    const tracing = createTestTracing();
    const span = tracing.tracerProvider.getTracer('t').startSpan('chat m');
    responses.onResult(
      span,
      { id: 'resp_1', status: 'failed', error: { code: 'server_error', message: 'It broke' } },
      settings,
    );
    span.end();
    const [ended] = tracing.spans();
    expect(ended!.attributes['error.type']).toBe('server_error');
    expect(ended!.attributes[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['error']);
    expect(ended!.status).toEqual({ code: SpanStatusCode.ERROR, message: 'It broke' });
  });

  it('maps incomplete and reasoning output to the conventions', () => {
    const tracing = createTestTracing();
    const span = tracing.tracerProvider.getTracer('t').startSpan('chat m');
    responses.onResult(
      span,
      {
        status: 'incomplete',
        incomplete_details: { reason: 'content_filter' },
        output: [
          { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }] },
          { type: 'web_search_call', id: 'ws_1' },
        ],
      },
      settings,
    );
    span.end();
    const attrs = tracing.spans()[0]!.attributes;
    expect(attrs[ATTR_GEN_AI_RESPONSE_FINISH_REASONS]).toEqual(['content_filter']);
    expect(JSON.parse(attrs[ATTR_GEN_AI_OUTPUT_MESSAGES] as string)).toEqual([
      {
        role: 'assistant',
        parts: [{ type: 'reasoning', content: 'Thinking.' }, { type: 'web_search_call' }],
        finish_reason: 'content_filter',
      },
    ]);
  });
});
