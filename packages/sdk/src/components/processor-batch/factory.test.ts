import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { config } from '../../../test/helpers.js';
import { loadConfig } from '../../load-config.js';
import { type BatchProcessorConfig, toBatchSettings } from './config.js';
import { batchProcessorFactory } from './factory.js';

const testdata = fileURLToPath(new URL('./testdata/config.yaml', import.meta.url));

describe('batch processor', () => {
  const loaded = loadConfig(testdata, { env: {} });

  it.each<[string, BatchProcessorConfig]>([
    ['batch', { send_batch_size: 512, timeout: '1s', send_batch_max_size: 0 }],
    ['batch/custom', { send_batch_size: 100, timeout: '250ms', send_batch_max_size: 200 }],
    ['batch/millis', { send_batch_size: 512, timeout: 1500, send_batch_max_size: 0 }],
  ])('loads %s from testdata', (id, expected) => {
    expect(loaded.processors.get(id)?.config).toEqual(expected);
  });

  it('turns settings into queue settings', () => {
    const cfg = loaded.processors.get('batch/custom')?.config as BatchProcessorConfig;
    expect(toBatchSettings(cfg)).toEqual({
      sendBatchSize: 100,
      sendBatchMaxSize: 200,
      timeoutMs: 250,
    });
    expect(batchProcessorFactory.create(cfg, undefined as never)).toEqual({
      batch: { sendBatchSize: 100, sendBatchMaxSize: 200, timeoutMs: 250 },
    });
  });

  it('rejects a max size below the batch size, naming the key', () => {
    expect(() =>
      config(`
receivers: { genai: }
processors:
  batch: { send_batch_size: 100, send_batch_max_size: 50 }
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [debug] } } }
`),
    ).toThrow(
      /processors\.batch\.send_batch_max_size: must be 0 or at least send_batch_size \(100\), got 50/,
    );
  });

  it('rejects a bad duration and an unknown key', () => {
    let message = '';
    try {
      config(`
receivers: { genai: }
processors:
  batch: { timeout: soon, send_batch_sise: 3 }
exporters: { debug: }
service: { pipelines: { traces: { receivers: [genai], processors: [batch], exporters: [debug] } } }
`);
    } catch (error) {
      message = String(error);
    }
    expect(message).toContain('processors.batch.timeout');
    expect(message).toContain('send_batch_sise');
  });
});
