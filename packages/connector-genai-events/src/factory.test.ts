import type { ComponentLogger, LogsConsumer } from '@genai-otel/component';
import {
  ATTR_GEN_AI_INPUT_MESSAGES,
  ATTR_GEN_AI_OPERATION_NAME,
} from '@genai-otel/semantic-conventions';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { TracerProvider } from '@opentelemetry/sdk-trace';
import { describe, expect, it } from 'vitest';
import { genaiEventsConnectorFactory } from './factory.js';

const log: ComponentLogger = { info() {}, warn() {}, error() {}, once() {} };

/** One chat span carrying content, through a connector made by the factory. */
function run(config: object, env: Record<string, string>): ReadableLogRecord[] {
  const connector = genaiEventsConnectorFactory.create(
    { ...genaiEventsConnectorFactory.createDefaultConfig(), ...config },
    { id: 'genai_events', log, env },
  );
  const records: ReadableLogRecord[] = [];
  const consumer: LogsConsumer = { consume: (r) => records.push(...r) };
  connector.attachLogs?.(consumer);
  const provider = new TracerProvider({ spanProcessors: [connector.spanProcessor!] });
  provider
    .getTracer('t')
    .startSpan('chat', {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_INPUT_MESSAGES]: '[{"role":"user"}]',
      },
    })
    .end();
  return records;
}

describe('genai_events factory', () => {
  it('is a traces → logs connector', () => {
    expect(genaiEventsConnectorFactory).toMatchObject({
      kind: 'connector',
      type: 'genai_events',
      connects: { from: 'traces', to: 'logs' },
    });
    expect(genaiEventsConnectorFactory.createDefaultConfig()).toEqual({});
  });

  it('content follows OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT unless the config says', () => {
    const on = { OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT: 'true' };
    expect(run({}, {})[0]!.attributes.input_messages).toBeUndefined();
    expect(run({}, on)[0]!.attributes.input_messages).toBe('[{"role":"user"}]');
    expect(
      run({ capture_message_content: false }, on)[0]!.attributes.input_messages,
    ).toBeUndefined();
    expect(run({ capture_message_content: true }, {})[0]!.attributes.input_messages).toBe(
      '[{"role":"user"}]',
    );
  });
});
