import { createRequire } from 'node:module';
import {
  GenAIInstrumentation,
  type PatchTarget,
  type ProviderSpec,
} from '@genai-otel/instrumentation-core';
import { invokeAgentRoute } from './agent.js';
import { converse, converseStream } from './converse.js';
import { endpointOf } from './endpoint.js';
import { retrieve, retrieveAndGenerate } from './retrieve.js';
import { commandRouter, invokeModelRoute } from './route.js';
import type { BedrockInstrumentationConfig } from './types.js';

// Read at load, from the package root both `src/` and `dist/` sit in: no generated version file.
const pkg = createRequire(import.meta.url)('../package.json') as { name: string; version: string };

/** The AWS SDK v3 client versions patched (the clients share the SDK's version line). */
export const SUPPORTED_VERSIONS = ['>=3.500.0 <4'];

export const RUNTIME_MODULE = '@aws-sdk/client-bedrock-runtime';
export const AGENT_RUNTIME_MODULE = '@aws-sdk/client-bedrock-agent-runtime';

/** The client's own `send`: every command, and the aggregated `BedrockRuntime` methods, go through it. */
function sendOf(moduleExports: unknown, client: string): unknown {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK is a dev dependency, never a value import.
  return (moduleExports as any)?.[client]?.prototype;
}

/** `@aws-sdk/client-bedrock-runtime`: Converse, ConverseStream, InvokeModel[WithResponseStream]. */
export const RUNTIME_SPEC: ProviderSpec = {
  name: 'bedrock',
  module: RUNTIME_MODULE,
  versions: SUPPORTED_VERSIONS,
  targets(moduleExports): PatchTarget[] {
    const handler = commandRouter(moduleExports, {
      ConverseCommand: converse,
      ConverseStreamCommand: converseStream,
      InvokeModelCommand: invokeModelRoute(false),
      InvokeModelWithResponseStreamCommand: invokeModelRoute(true),
    });
    return [{ proto: sendOf(moduleExports, 'BedrockRuntimeClient'), method: 'send', handler }];
  },
  endpoint: endpointOf('bedrock-runtime'),
};

/** `@aws-sdk/client-bedrock-agent-runtime`: InvokeAgent, Retrieve, RetrieveAndGenerate. */
export const AGENT_RUNTIME_SPEC: ProviderSpec = {
  name: 'bedrock-agent',
  module: AGENT_RUNTIME_MODULE,
  versions: SUPPORTED_VERSIONS,
  targets(moduleExports): PatchTarget[] {
    const handler = commandRouter(moduleExports, {
      InvokeAgentCommand: invokeAgentRoute,
      RetrieveCommand: retrieve,
      RetrieveAndGenerateCommand: retrieveAndGenerate,
    });
    return [{ proto: sendOf(moduleExports, 'BedrockAgentRuntimeClient'), method: 'send', handler }];
  },
  endpoint: endpointOf('bedrock-agent-runtime'),
};

/**
 * OpenTelemetry instrumentation of Amazon Bedrock through the AWS SDK v3 clients: GenAI-convention
 * CLIENT spans for the runtime's Converse, ConverseStream, InvokeModel and
 * InvokeModelWithResponseStream (per model family), and the agent runtime's InvokeAgent,
 * Retrieve and RetrieveAndGenerate. It patches each client's `send`, so it sees the command the
 * app sent and the output it gets, the same objects.
 */
export class BedrockInstrumentation extends GenAIInstrumentation<BedrockInstrumentationConfig> {
  constructor(config: BedrockInstrumentationConfig = {}) {
    super(pkg.name, pkg.version, config);
  }

  protected get spec(): readonly ProviderSpec[] {
    return [RUNTIME_SPEC, AGENT_RUNTIME_SPEC];
  }

  protected override providerSettings(config: BedrockInstrumentationConfig) {
    return { agentTrace: config.agentTrace === true };
  }
}
