import type { ReceiverFactory } from '@genai-otel/component';
import { createDefaultConfig, type OtlpReceiverConfig, schema, validate } from './config.js';
import { OtlpReceiver } from './receiver.js';

/**
 * The `otlp` receiver's factory. Importing it (as the sdk's registry does) loads no server,
 * decoder or gRPC: the receiver loads them when it starts, so an app that configures no `otlp`
 * receiver pays nothing for it at start-up.
 */
export const otlpReceiverFactory: ReceiverFactory<OtlpReceiverConfig> = {
  kind: 'receiver',
  type: 'otlp',
  // Listed in metrics and logs pipelines too, as collector files do; passing received metrics and
  // logs on is not implemented yet, which the receiver says at start (see README, "Signals").
  signals: ['traces', 'metrics', 'logs'],
  description:
    'OTLP/HTTP (protobuf, JSON, gzip) and OTLP/gRPC from services in any language, fed to the pipelines that list it.',
  schema,
  createDefaultConfig,
  validate,
  create: (config, ctx) => new OtlpReceiver(config, ctx),
};
