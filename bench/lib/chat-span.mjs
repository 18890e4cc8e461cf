// The span a benchmark exports: a chat call as genai-otel's OpenAI instrumentation records it
// (14 attributes, content capture off), and a resource like the one the sdk builds.
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_OPENAI_RESPONSE_SERVICE_TIER,
  ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
} from '@genai-otel/semantic-conventions';

/** @param {number} i varies the response id and token counts, as real calls do */
export function chatSpanAttributes(i) {
  return {
    [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
    [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
    [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
    [ATTR_GEN_AI_REQUEST_STREAM]: false,
    [ATTR_SERVER_ADDRESS]: 'api.openai.com',
    [ATTR_SERVER_PORT]: 443,
    [ATTR_GEN_AI_RESPONSE_ID]: `chatcmpl-B9MBs8CjcvOU2jLn4n570S5q${String(i).padStart(6, '0')}`,
    [ATTR_GEN_AI_RESPONSE_MODEL]: 'gpt-4o-mini-2024-07-18',
    [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: ['stop'],
    [ATTR_OPENAI_RESPONSE_SERVICE_TIER]: 'default',
    [ATTR_OPENAI_RESPONSE_SYSTEM_FINGERPRINT]: 'fp_44709d6fcb',
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 19 + (i % 50),
    [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 10 + (i % 30),
    [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: 0,
    [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: 0,
  };
}

export function sdkResourceAttributes() {
  return {
    [ATTR_SERVICE_NAME]: 'checkout-bot',
    'telemetry.sdk.language': 'nodejs',
    'telemetry.sdk.name': 'opentelemetry',
    'telemetry.sdk.version': '3.1.0',
    'host.name': 'ip-10-0-0-12',
    'host.arch': 'amd64',
    'os.type': 'linux',
    'process.pid': 4242,
    'process.runtime.name': 'nodejs',
    'process.runtime.version': '24.21.0',
  };
}
