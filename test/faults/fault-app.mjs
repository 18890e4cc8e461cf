// An app that makes spans (an LLM call's attributes, so every exporter has something to send) at
// a steady rate, then ends by itself after DURATION_MS — or, with DURATION_MS=0, keeps going until
// a signal. It prints `STEADY` once it has run for a while (when a test may send its signal) and,
// on a natural end, `APP DONE <spans> <peak rss>`: the test measures the exit from there.
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
} from '@genai-otel/semantic-conventions';
import { trace } from '@opentelemetry/api';

const duration = Number(process.env.DURATION_MS ?? '500');
const perTick = Number(process.env.SPANS_PER_TICK ?? '20');
const tracer = trace.getTracer('fault-app');

let made = 0;
let peakRss = 0;
function burst() {
  for (let i = 0; i < perTick; i++) {
    tracer
      .startSpan('chat gpt-4o-mini', {
        attributes: {
          [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
          [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
          [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
          [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 12,
          [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 34,
        },
      })
      .end();
    made++;
  }
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}

const started = Date.now();
let steady = false;
const timer = setInterval(() => {
  burst();
  if (!steady && Date.now() - started >= 700) {
    steady = true;
    console.log('STEADY');
  }
  if (duration > 0 && Date.now() - started >= duration) {
    clearInterval(timer);
    console.log(`APP DONE ${made} ${peakRss}`);
  }
}, 10);
