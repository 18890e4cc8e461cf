import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COST_AMOUNT,
  ATTR_GEN_AI_USAGE_COST_CACHE_READ,
  ATTR_GEN_AI_USAGE_COST_CACHE_WRITE,
  ATTR_GEN_AI_USAGE_COST_CURRENCY,
  ATTR_GEN_AI_USAGE_COST_INPUT,
  ATTR_GEN_AI_USAGE_COST_OUTPUT,
  ATTR_GEN_AI_USAGE_COST_REASONING,
  ATTR_GEN_AI_USAGE_COST_SOURCE,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OWNER_SPAN_ID,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_TENANT_ID,
  ATTR_USER_ID,
  COST_CURRENCY_USD,
  GEN_AI_OPERATION,
  GEN_AI_USAGE_COST_SOURCE,
  PEER_OPENINFERENCE_KIND,
  PEER_OPENINFERENCE_SPAN_KIND,
  PEER_TRACELOOP_LLM_REQUEST_TYPE,
} from '@genai-otel/semantic-conventions';
import { writeAttribute } from '@genai-otel/span-attributes';
import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';
import { emptyCallInfo, isAnthropicCall, isInferenceOperation, readCallInfo } from './call-info.js';
import { computeCost, emptyCost } from './compute-cost.js';
import { normalizePeerTool } from './peer-tools.js';
import type { PricingTable, ResolvedPrice } from './pricing-table.js';
import { type CallSpan, isPeerFrameworkSpan, Twins } from './twins.js';
import {
  DEFAULT_ADDITIVE_USAGE_SCOPES,
  emptyUsage,
  FROM_CONVENTIONS,
  readUsage,
  SUBSET_REWRITE,
  toSubsetRule,
} from './usage.js';
import { UsageOwners } from './usage-owners.js';
import { CostWarnings } from './warnings.js';

function hrTimeToMs(t: readonly [number, number]): number {
  return t[0] * 1e3 + t[1] / 1e6;
}

export interface CostSpanProcessorOptions {
  table: PricingTable;
  /** Add the conventions' usage, model and provider names to peers' spans (default true). */
  normalize?: boolean;
  /**
   * Instrumentation scopes whose Anthropic spans report raw usage (input excludes cache reads and
   * writes). Default `DEFAULT_ADDITIVE_USAGE_SCOPES`.
   */
  additiveUsageScopes?: readonly string[];
  /** Instrumentation scopes whose spans count reasoning apart from output (Gemini's thoughts). */
  additiveReasoningScopes?: readonly string[];
  /** Attributes (span, then resource) whose first value becomes `tenant.id` of a priced span. */
  tenantAttributes?: readonly string[];
  /** The same for `user.id`. */
  userAttributes?: readonly string[];
  /** Where the one-per-model "no price" and one-per-scope "additive counts" warnings go. */
  log?: Pick<ComponentLogger, 'once'>;
}

/**
 * Prices every span that records one model call, in `onEnding`: before any exporter or the
 * `genai_metrics` connector sees it, so every backend shows the same figures. Reads usage in the
 * conventions' names or other instrumentations' (OpenLLMetry, OpenInference, Vercel AI SDK), and
 * writes `gen_ai.usage.cost.*` in USD. An unpriced model gets no cost and one warning.
 * Per span it allocates nothing that outlives the call: usage and cost live in reused scratch
 * objects, model lookups are cached.
 */
export class CostSpanProcessor implements SpanProcessor {
  readonly #table: PricingTable;
  readonly #normalize: boolean;
  readonly #additiveInput: ReadonlySet<string>;
  readonly #additiveReasoning: ReadonlySet<string>;
  readonly #tenantKeys: readonly string[];
  readonly #userKeys: readonly string[];
  readonly #warnings: CostWarnings;
  readonly #usage = emptyUsage();
  readonly #call = emptyCallInfo();
  readonly #cost = emptyCost();
  readonly #owners = new UsageOwners();
  readonly #twins = new Twins();
  /** The same rule for retrievals: ours beside a peer's RETRIEVER span of the same retriever run. */
  readonly #retrievalTwins = new Twins(128, 16, true);
  readonly #callSpanScratch: CallSpan = {
    spanId: '',
    traceId: '',
    parentSpanId: undefined,
    scope: '',
    start: 0,
    end: 0,
    requestModel: undefined,
    responseModel: undefined,
    input: 0,
    output: 0,
    peer: false,
  };
  /** The scope `#ownScope` answered for last: spans of one tracer share their scope object. */
  #lastScope: unknown = UNREAD;
  #ownScope = false;
  /** The resource `#tenantOnResource` and `#userOnResource` were read from. */
  #resource: unknown = UNREAD;
  #tenantOnResource: (string | number | undefined)[] = [];
  #userOnResource: (string | number | undefined)[] = [];

  constructor(options: CostSpanProcessorOptions) {
    this.#table = options.table;
    this.#normalize = options.normalize ?? true;
    this.#additiveInput = new Set(options.additiveUsageScopes ?? DEFAULT_ADDITIVE_USAGE_SCOPES);
    this.#additiveReasoning = new Set(options.additiveReasoningScopes ?? []);
    this.#tenantKeys = options.tenantAttributes ?? [ATTR_TENANT_ID];
    this.#userKeys = options.userAttributes ?? [ATTR_USER_ID];
    this.#warnings = new CostWarnings(options.log);
  }

  /** A model call starting under another span claims it (see UsageOwners). */
  onStart(span: Span, _parentContext: Context): void {
    const parent = span.parentSpanContext?.spanId;
    if (parent === undefined) return;
    const attrs = span.attributes;
    const operation = attrs[ATTR_GEN_AI_OPERATION_NAME];
    if (
      (typeof operation === 'string' && isInferenceOperation(operation)) ||
      isModelCallKind(attrs[PEER_OPENINFERENCE_SPAN_KIND]) ||
      attrs[PEER_TRACELOOP_LLM_REQUEST_TYPE] !== undefined
    )
      this.#owners.started(span.spanContext().spanId, parent);
  }

  onEnding(span: Span): void {
    const attrs = span.attributes;
    if (isRetrieval(attrs)) {
      this.#retrieval(span);
      return;
    }
    const usage = this.#usage;
    const read = readUsage(attrs, usage, this.#conventionsOnly(span.instrumentationScope));
    if (read === -1) {
      this.#withoutUsage(span);
      return;
    }
    const call = this.#call;
    if (!readCallInfo(attrs, call)) return;
    // One call, one owner (see UsageOwners): a span whose call a descendant counts is marked.
    const owner = this.#owners.settle(span.spanContext().spanId, span.parentSpanContext?.spanId);
    if (owner !== undefined) {
      writeAttribute(span, ATTR_GEN_AI_USAGE_OWNER_SPAN_ID, owner);
      return;
    }
    // A cost already there came with the response (a gateway such as OpenRouter): kept as is.
    if (attrs[ATTR_GEN_AI_USAGE_COST_AMOUNT] !== undefined) return;
    // Additive counts are decided by their source: the instrumentation and, for the input, an
    // Anthropic model (see toSubsetRule and the README's "Usage rules").
    const scope = span.instrumentationScope.name;
    // A count that is no token count (-5, 12.5, NaN, 1e300) is never priced nor copied: the
    // call keeps its operation (so it is still counted) but gets no cost.
    const invalid = usage.invalid ?? 0;
    if (invalid !== 0) this.#warnings.invalidCounts(scope, invalid);
    const present = Math.max(read, 0);
    const additiveInput =
      this.#additiveInput.size > 0 && this.#additiveInput.has(scope) && isAnthropicCall(call);
    const additiveReasoning =
      this.#additiveReasoning.size > 0 && this.#additiveReasoning.has(scope);
    const rewritten = toSubsetRule(usage, additiveInput, additiveReasoning);
    if (rewritten >= SUBSET_REWRITE.INPUT_FROM_COUNTS) this.#warnings.fromCounts(scope, rewritten);
    // The same call seen beside it, not under it (a framework's span that is not made active).
    const twin = this.#twins.of(this.#callSpan(span, scope));
    if (twin !== undefined) {
      writeAttribute(span, ATTR_GEN_AI_USAGE_OWNER_SPAN_ID, twin);
      return;
    }
    // The connector needs the operation to count the call, whatever `normalize` says.
    if (attrs[ATTR_GEN_AI_OPERATION_NAME] === undefined && call.operation !== undefined)
      writeAttribute(span, ATTR_GEN_AI_OPERATION_NAME, call.operation);
    if (this.#normalize) this.#writeConventions(span, present, rewritten);
    if (attrs[ATTR_TENANT_ID] === undefined) {
      this.#resourceValues(span);
      this.#attribute(span, ATTR_TENANT_ID, this.#tenantKeys, this.#tenantOnResource);
    }
    if (attrs[ATTR_USER_ID] === undefined) {
      this.#resourceValues(span);
      this.#attribute(span, ATTR_USER_ID, this.#userKeys, this.#userOnResource);
    }
    if (invalid !== 0) return;

    let price: ResolvedPrice | undefined;
    if (call.responseModel !== undefined)
      price = this.#table.lookup(call.provider, call.responseModel);
    if (price === undefined && call.requestModel !== undefined)
      price = this.#table.lookup(call.provider, call.requestModel);
    const cost = this.#cost;
    if (price === undefined || !computeCost(usage, price.entry, cost)) {
      this.#warnings.unpriced(call.provider, call.responseModel ?? call.requestModel);
      return;
    }
    writeAttribute(span, ATTR_GEN_AI_USAGE_COST_AMOUNT, cost.total);
    writeAttribute(span, ATTR_GEN_AI_USAGE_COST_CURRENCY, COST_CURRENCY_USD);
    writeAttribute(span, ATTR_GEN_AI_USAGE_COST_SOURCE, GEN_AI_USAGE_COST_SOURCE.LOCAL);
    writeAttribute(span, ATTR_GEN_AI_USAGE_COST_INPUT, cost.input);
    writeAttribute(span, ATTR_GEN_AI_USAGE_COST_OUTPUT, cost.output);
    if (usage.cacheRead > 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_COST_CACHE_READ, cost.cacheRead);
    if (usage.cacheWrite > 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_COST_CACHE_WRITE, cost.cacheWrite);
    if (usage.reasoning > 0) writeAttribute(span, ATTR_GEN_AI_USAGE_COST_REASONING, cost.reasoning);
  }

  /**
   * A span without usage. A model-call span that a model call started under (`@ai-sdk/otel`'s
   * `embeddings` span around its inner one) is the same call: marked, so it is counted once
   * even though it carries no usage of its own. An AI SDK ≤ 6 tool span (`ai.toolCall`) gets the
   * conventions' `execute_tool` names (with `normalize`), so it is counted as a tool call.
   */
  #withoutUsage(span: Span): void {
    const attrs = span.attributes;
    const id = span.spanContext().spanId;
    if (this.#owners.claimed(id) && readCallInfo(attrs, this.#call)) {
      const owner = this.#owners.settle(id, span.parentSpanContext?.spanId);
      if (owner !== undefined) writeAttribute(span, ATTR_GEN_AI_USAGE_OWNER_SPAN_ID, owner);
      return;
    }
    if (this.#normalize) normalizePeerTool(span, attrs);
  }

  /** A genai-otel instrumentation's span: it writes usage under the conventions' names only. */
  #conventionsOnly(scope: { name: string }): boolean {
    if (scope !== this.#lastScope) {
      this.#lastScope = scope;
      this.#ownScope = scope.name.startsWith(OWN_INSTRUMENTATION_PREFIX);
    }
    return this.#ownScope;
  }

  /** The span as `Twins.of` compares it, in a reused record. */
  #callSpan(span: Span, scope: string): CallSpan {
    const c = this.#callSpanScratch;
    const ids = span.spanContext();
    c.spanId = ids.spanId;
    c.traceId = ids.traceId;
    c.parentSpanId = span.parentSpanContext?.spanId || undefined;
    c.scope = scope;
    c.start = hrTimeToMs(span.startTime);
    c.end = hrTimeToMs(span.endTime);
    c.requestModel = this.#call.requestModel;
    c.responseModel = this.#call.responseModel;
    c.input = this.#usage.input;
    c.output = this.#usage.output;
    c.peer = isPeerFrameworkSpan(span.attributes[ATTR_GEN_AI_OPERATION_NAME] !== undefined, scope);
    return c;
  }

  /**
   * A retrieval seen by two instrumentations (the LangChain bridge's `retrieval` span and
   * OpenInference's RETRIEVER span of the same retriever run, in traces of their own) is counted
   * once: `Twins` pairs them as it pairs model calls, by time and source, one of them a peer's
   * (retrievals have no model or tokens to compare); the later one gets the owner mark, which
   * `genai_metrics` honours.
   */
  #retrieval(span: Span): void {
    const c = this.#callSpan(span, span.instrumentationScope.name);
    c.requestModel = GEN_AI_OPERATION.RETRIEVAL;
    c.responseModel = undefined;
    c.input = 0;
    c.output = 0;
    const twin = this.#retrievalTwins.of(c);
    if (twin !== undefined) writeAttribute(span, ATTR_GEN_AI_USAGE_OWNER_SPAN_ID, twin);
  }

  onEnd(_span: ReadableSpan): void {}

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  /** The conventions' names where the span only had a peer's (or additive counts): one set of names downstream. */
  #writeConventions(span: Span, present: number, rewritten: number): void {
    const u = this.#usage;
    const invalid = u.invalid ?? 0;
    // Invalid counts read as 0: writing that 0 would invent a count the source never gave.
    if (invalid !== 0) {
      this.#writeModels(span);
      return;
    }
    if ((rewritten & SUBSET_REWRITE.INPUT) !== 0 || (present & FROM_CONVENTIONS.INPUT) === 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_INPUT_TOKENS, u.input);
    if ((rewritten & SUBSET_REWRITE.OUTPUT) !== 0 || (present & FROM_CONVENTIONS.OUTPUT) === 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_OUTPUT_TOKENS, u.output);
    if (u.cacheRead > 0 && (present & FROM_CONVENTIONS.CACHE_READ) === 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, u.cacheRead);
    if (u.cacheWrite > 0 && (present & FROM_CONVENTIONS.CACHE_WRITE) === 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, u.cacheWrite);
    if (u.cacheWrite1h > 0 && (present & FROM_CONVENTIONS.CACHE_WRITE_1H) === 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_CACHE_CREATION_1H_INPUT_TOKENS, u.cacheWrite1h);
    if (u.reasoning > 0 && (present & FROM_CONVENTIONS.REASONING) === 0)
      writeAttribute(span, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, u.reasoning);
    this.#writeModels(span);
  }

  /** The conventions' provider and model names where the span only had a peer's. */
  #writeModels(span: Span): void {
    const attrs = span.attributes;
    const call = this.#call;
    if (attrs[ATTR_GEN_AI_PROVIDER_NAME] === undefined && call.provider !== undefined)
      writeAttribute(span, ATTR_GEN_AI_PROVIDER_NAME, call.provider);
    // Request and response models apart, as the conventions have them: metrics label by the
    // requested model, so a dated response model never lands in the request's place.
    if (attrs[ATTR_GEN_AI_REQUEST_MODEL] === undefined && call.requestModel !== undefined)
      writeAttribute(span, ATTR_GEN_AI_REQUEST_MODEL, call.requestModel);
    if (attrs[ATTR_GEN_AI_RESPONSE_MODEL] === undefined && call.responseModel !== undefined)
      writeAttribute(span, ATTR_GEN_AI_RESPONSE_MODEL, call.responseModel);
  }

  /**
   * Sets `target` (absent on the span) to the first of `keys` found on the span, else on its
   * resource (`onResource`, by key). The default key is the target itself, known absent: no read.
   */
  #attribute(
    span: Span,
    target: string,
    keys: readonly string[],
    onResource: readonly (string | number | undefined)[],
  ): void {
    const attrs = span.attributes;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const value = (key === target ? undefined : scalar(attrs[key])) ?? onResource[i];
      if (value !== undefined) {
        writeAttribute(span, target, value);
        return;
      }
    }
  }

  /**
   * The tenant and user keys' values on the span's resource, read once per resource: spans of a
   * provider share one resource object. One still detecting attributes is read again next time.
   */
  #resourceValues(span: Span): void {
    const resource = span.resource;
    if (resource === this.#resource) return;
    const attrs = resource?.attributes ?? NO_ATTRIBUTES;
    this.#tenantOnResource = this.#tenantKeys.map((k) => scalar(attrs[k]));
    this.#userOnResource = this.#userKeys.map((k) => scalar(attrs[k]));
    this.#resource = resource?.asyncAttributesPending ? UNREAD : resource;
  }
}

function isRetrieval(attrs: Attributes): boolean {
  return (
    attrs[ATTR_GEN_AI_OPERATION_NAME] === GEN_AI_OPERATION.RETRIEVAL ||
    attrs[PEER_OPENINFERENCE_SPAN_KIND] === PEER_OPENINFERENCE_KIND.RETRIEVER
  );
}

function isModelCallKind(kind: AttributeValue | undefined): boolean {
  return kind === PEER_OPENINFERENCE_KIND.LLM || kind === PEER_OPENINFERENCE_KIND.EMBEDDING;
}

function scalar(v: AttributeValue | undefined): string | number | undefined {
  return typeof v === 'string' || typeof v === 'number' ? v : undefined;
}

const NO_ATTRIBUTES: Attributes = {};
/** Scope names of genai-otel's instrumentations (`@genai-otel/instrumentation-openai`, …). */
const OWN_INSTRUMENTATION_PREFIX = '@genai-otel/instrumentation-';
const UNREAD = Symbol('unread');
