// An app that makes spans (an LLM call's attributes, so every exporter has something to send) at
// a steady rate for DURATION_MS, then ends by itself — or keeps going until a signal when
// DURATION_MS is 0. It prints `STARTED` once the first spans are made and `APP DONE` when its own
// work is over; the test measures the exit from there.
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
function burst() {
  for (let i = 0; i < perTick; i++) {
    const span = tracer.startSpan('chat gpt-4o-mini', {
      attributes: {
        [ATTR_GEN_AI_OPERATION_NAME]: 'chat',
        [ATTR_GEN_AI_PROVIDER_NAME]: 'openai',
        [ATTR_GEN_AI_REQUEST_MODEL]: 'gpt-4o-mini',
        [ATTR_GEN_AI_USAGE_INPUT_TOKENS]: 12,
        [ATTR_GEN_AI_USAGE_OUTPUT_TOKENS]: 34,
      },
    });
    span.end();
    made++;
  }
}

const started = Date.now();
burst();
console.log('STARTED');
const timer = setInterval(() => {
  burst();
  if (duration > 0 && Date.now() - started >= duration) {
    clearInterval(timer);
    console.log(`APP DONE ${made} ${Date.now()}`);
  }
}, 10);
if (duration === 0) {
  process.on('SIGUSR2', () => {
    console.log(`RSS ${process.memoryUsage().rss} ${made}`);
  });
}
