// The five contestants. Each names the folder its packages resolve from, so a peer runs with the
// OpenTelemetry SDK line and `openai` version its own install folder pins (see peers/*/package.json).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const benchDir = dirname(dirname(fileURLToPath(import.meta.url)));
export const peersDir = join(benchDir, 'peers');

/**
 * @typedef {object} InstrumentArgs
 * @property {NodeJS.Require} req   require bound to the variant's install folder
 * @property {any} api              the variant's @opentelemetry/api
 * @property {boolean} content      capture prompts/completions (off unless --content)
 *
 * @typedef {object} Variant
 * @property {string} id
 * @property {string} label
 * @property {string} dir           folder whose node_modules every package resolves from
 * @property {string|null} pkg      the instrumentation package, null for the baseline
 * @property {boolean} peer         installed by the runner into peers/<id>
 * @property {boolean} [reference]  a yardstick, not a product: no capability row
 * @property {'genai-otel'} [pipeline]  started by genai-otel's sdk from a YAML, not the bench's
 * @property {(args: InstrumentArgs) => Promise<object|null>} instrument
 */

/** @type {Variant[]} */
export const variants = [
  {
    id: 'none',
    label: 'none',
    dir: benchDir,
    pkg: null,
    peer: false,
    instrument: async () => null,
  },
  {
    // The least any instrumentation can cost with this pipeline: one span per call, no attributes,
    // no stream wrapping (a streamed call's span ends when the response headers arrive).
    id: 'span-only',
    label: '(reference) bare span per call',
    dir: benchDir,
    pkg: null,
    peer: false,
    reference: true,
    instrument: async ({ req, api }) => {
      const { OpenAI } = req('openai');
      const proto = OpenAI.Chat.Completions.prototype;
      const original = proto.create;
      const tracer = api.trace.getTracer('bench-span-only');
      proto.create = function create(params, options) {
        const span = tracer.startSpan('chat');
        const ctx = api.trace.setSpan(api.context.active(), span);
        const p = api.context.with(ctx, () => original.call(this, params, options));
        p.then(
          () => span.end(),
          () => span.end(),
        );
        return p;
      };
      return {
        setTracerProvider() {},
        disable() {
          proto.create = original;
        },
      };
    },
  },
  {
    // Through its own default pipeline, as a user gets it (child.mjs, startGenaiOtel): the genai
    // receiver from a YAML, not the instrumentation class on the bench's pipeline.
    id: 'genai-otel',
    label: 'genai-otel',
    dir: benchDir,
    pkg: '@genai-otel/instrumentation-openai',
    peer: false,
    pipeline: 'genai-otel',
    instrument: async () => null,
  },
  {
    id: 'otel-contrib',
    label: '@opentelemetry/instrumentation-openai',
    dir: join(peersDir, 'otel-contrib'),
    pkg: '@opentelemetry/instrumentation-openai',
    peer: true,
    instrument: async ({ req, content }) => {
      const { OpenAIInstrumentation } = req('@opentelemetry/instrumentation-openai');
      const inst = new OpenAIInstrumentation({ captureMessageContent: content });
      return inst;
    },
  },
  {
    id: 'traceloop',
    label: '@traceloop/instrumentation-openai',
    dir: join(peersDir, 'traceloop'),
    pkg: '@traceloop/instrumentation-openai',
    peer: true,
    instrument: async ({ req, content }) => {
      const { OpenAIInstrumentation } = req('@traceloop/instrumentation-openai');
      // traceContent defaults to true; switched to match the others so all do the same work.
      const inst = new OpenAIInstrumentation({ traceContent: content });
      return inst;
    },
  },
  {
    id: 'openinference',
    label: '@arizeai/openinference-instrumentation-openai',
    dir: join(peersDir, 'openinference'),
    pkg: '@arizeai/openinference-instrumentation-openai',
    peer: true,
    instrument: async ({ req, content }) => {
      const { OpenAIInstrumentation } = req('@arizeai/openinference-instrumentation-openai');
      const inst = new OpenAIInstrumentation({
        traceConfig: { hideInputs: !content, hideOutputs: !content },
      });
      return inst;
    },
  },
];

/** @param {string} id */
export function variantById(id) {
  const v = variants.find((x) => x.id === id);
  if (!v)
    throw new Error(`unknown variant "${id}" (known: ${variants.map((x) => x.id).join(', ')})`);
  return v;
}
