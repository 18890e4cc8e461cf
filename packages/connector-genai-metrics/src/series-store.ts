import type { ComponentLogger } from '@genai-otel/component';
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_NAME,
  ATTR_GEN_AI_AGENT_OUTCOME,
  ATTR_GEN_AI_BUDGET_LIMIT,
  ATTR_GEN_AI_BUDGET_NAME,
  ATTR_GEN_AI_BUDGET_SCOPE,
  ATTR_GEN_AI_DATA_SOURCE_ID,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RETRIEVAL_OUTCOME,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_TOOL_CALL_OUTCOME,
  ATTR_GEN_AI_TOOL_NAME,
  ATTR_OTEL_METRIC_OVERFLOW,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_TOKEN_TYPE,
  MCP_OPERATION_METRIC_ATTRIBUTES as MCP_KEYS,
} from '@genai-otel/semantic-conventions';
import type { Attributes, AttributeValue } from '@opentelemetry/api';
import { Cell } from './cell.js';
import type { Extra } from './dimensions.js';
import { M, METRIC_SPECS } from './metric-specs.js';
import { key, optionalKey, SeriesIndex } from './series-index.js';

/** Series kept apart per metric family before further ones fold into one overflow series. */
export const DEFAULT_SERIES_LIMIT = 2000;

/** Cost and unpriced calls of one (operation, provider, request model). */
export interface MoneySeries {
  readonly cost: Cell;
  readonly unpriced: Cell;
}

/** The cells one inference span writes, found with one lookup. */
export interface InferenceSeries {
  readonly duration: Cell;
  readonly timeToFirstChunk: Cell;
  readonly input: Cell;
  readonly output: Cell;
  /** Undefined on the overflow series, whose spans look theirs up one by one. */
  readonly money: MoneySeries | undefined;
  readonly error: Cell | undefined;
  readonly overflow: boolean;
}

const OVERFLOW_ATTRS: Attributes = Object.freeze({ [ATTR_OTEL_METRIC_OVERFLOW]: true });

// The attributes of the families whose every attribute is optional (`#optional`), in key order.
const HANDOFF_KEYS = [
  ATTR_GEN_AI_AGENT_HANDOFF_SOURCE_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_NAME,
  ATTR_GEN_AI_AGENT_HANDOFF_TARGET_TYPE,
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
] as const;
// An agent's or tool's outcome is never empty: written always, as before.
const AGENT_KEYS = [ATTR_GEN_AI_AGENT_NAME, ATTR_GEN_AI_AGENT_OUTCOME] as const;
const TOOL_KEYS = [ATTR_GEN_AI_TOOL_NAME, ATTR_GEN_AI_TOOL_CALL_OUTCOME] as const;
const BUDGET_KEYS = [
  ATTR_GEN_AI_BUDGET_NAME,
  ATTR_GEN_AI_BUDGET_SCOPE,
  ATTR_GEN_AI_BUDGET_LIMIT,
] as const;
const STAGE_KEYS = [ATTR_GEN_AI_OPERATION_NAME, ATTR_GEN_AI_DATA_SOURCE_ID] as const;
const RETRIEVAL_KEYS = [ATTR_GEN_AI_RETRIEVAL_OUTCOME, ATTR_GEN_AI_DATA_SOURCE_ID] as const;
const SOURCE_KEYS = [ATTR_GEN_AI_DATA_SOURCE_ID] as const;

function put(out: Attributes, k: string, v: AttributeValue | undefined): void {
  if (v !== undefined && v !== '') out[k] = v;
}

/**
 * Every series of the connector and its cells, created on a series' first span and then found by
 * nested-Map lookups: on the span's path nothing is allocated. Series are few (models × providers
 * × error types × extra-dimension combinations, the latter capped); each family is also capped at
 * `limit` as the metrics SDK caps a metric's series, the rest folding into an
 * `otel.metric.overflow=true` series.
 */
export class SeriesStore {
  /** Every cell by metric (`M` index): what a collection reads. */
  readonly cells: Cell[][] = METRIC_SPECS.map(() => []);
  readonly #limit: number;
  readonly #log: Pick<ComponentLogger, 'once'> | undefined;
  readonly #k: unknown[] = new Array(5).fill(undefined);
  readonly #ik: unknown[] = new Array(8).fill(undefined);
  readonly #inference = new SeriesIndex<InferenceSeries>(8);
  readonly #money = new SeriesIndex<MoneySeries>(4);
  readonly #errors = new SeriesIndex<Cell>(5);
  readonly #agents = new SeriesIndex<Cell>(3);
  readonly #tools = new SeriesIndex<Cell>(3);
  readonly #handoffs = new SeriesIndex<Cell>(5);
  readonly #budgets = new SeriesIndex<Cell>(4);
  readonly #stages = new SeriesIndex<Cell>(3);
  readonly #retrievals = new SeriesIndex<Cell>(3);
  readonly #topScores = new SeriesIndex<Cell>(2);
  readonly #mcp = new SeriesIndex<Cell>(MCP_KEYS.length + 2);
  readonly #mk: unknown[] = new Array(MCP_KEYS.length + 2).fill(undefined);
  readonly #overflow = new Map<number, Cell>();
  #inferenceOverflow: InferenceSeries | undefined;
  #moneyOverflow: MoneySeries | undefined;
  /** Delta-reader slots: true while the slot's reader wants what it has not reported yet. */
  readonly #open: boolean[] = [];

  constructor(limit = DEFAULT_SERIES_LIMIT, log?: Pick<ComponentLogger, 'once'>) {
    this.#limit = limit;
    this.#log = log;
  }

  inference(
    extra: Extra,
    operation: string,
    provider: AttributeValue | undefined,
    requestModel: AttributeValue | undefined,
    responseModel: AttributeValue | undefined,
    address: AttributeValue | undefined,
    port: AttributeValue | undefined,
    errorType: AttributeValue | undefined,
  ): InferenceSeries {
    // Its own scratch: creating a series looks up money and error series with the other.
    const k = this.#ik;
    k[0] = extra.id;
    k[1] = operation;
    k[2] = optionalKey(provider);
    k[3] = optionalKey(requestModel);
    k[4] = optionalKey(responseModel);
    k[5] = optionalKey(address);
    k[6] = optionalKey(port);
    k[7] = optionalKey(errorType);
    const known = this.#inference.get(k);
    if (known !== undefined) return known;
    if (this.#inference.size >= this.#limit) return this.#overflowInference();
    const base: Attributes = { ...extra.attrs, [ATTR_GEN_AI_OPERATION_NAME]: operation };
    put(base, ATTR_GEN_AI_PROVIDER_NAME, provider);
    put(base, ATTR_GEN_AI_REQUEST_MODEL, requestModel);
    put(base, ATTR_GEN_AI_RESPONSE_MODEL, responseModel);
    put(base, ATTR_SERVER_ADDRESS, address);
    put(base, ATTR_SERVER_PORT, port);
    put(base, ATTR_ERROR_TYPE, errorType);
    Object.freeze(base);
    const series: InferenceSeries = {
      duration: this.#cell(M.OPERATION_DURATION, base),
      timeToFirstChunk: this.#cell(M.TIME_TO_FIRST_CHUNK, base),
      input: this.#cell(M.TOKEN_USAGE, {
        ...base,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.INPUT,
      }),
      output: this.#cell(M.TOKEN_USAGE, {
        ...base,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.OUTPUT,
      }),
      // Cost by provider, model and operation only: fewer series to sum and alert on.
      money: this.money(extra, operation, provider, requestModel),
      error:
        errorType === undefined
          ? undefined
          : this.error(extra, operation, provider, requestModel, errorType),
      overflow: false,
    };
    this.#inference.set(k, series);
    return series;
  }

  money(
    extra: Extra,
    operation: string,
    provider: AttributeValue | undefined,
    model: AttributeValue | undefined,
  ): MoneySeries {
    const k = this.#k;
    k[0] = extra.id;
    k[1] = operation;
    k[2] = optionalKey(provider);
    k[3] = optionalKey(model);
    const known = this.#money.get(k);
    if (known !== undefined) return known;
    if (this.#money.size >= this.#limit) {
      this.#saidOverflow(M.COST);
      this.#moneyOverflow ??= {
        cost: this.#cell(M.COST, OVERFLOW_ATTRS),
        unpriced: this.#cell(M.UNPRICED, OVERFLOW_ATTRS),
      };
      return this.#moneyOverflow;
    }
    const attrs: Attributes = { ...extra.attrs, [ATTR_GEN_AI_OPERATION_NAME]: operation };
    put(attrs, ATTR_GEN_AI_PROVIDER_NAME, provider);
    put(attrs, ATTR_GEN_AI_REQUEST_MODEL, model);
    Object.freeze(attrs);
    const series = { cost: this.#cell(M.COST, attrs), unpriced: this.#cell(M.UNPRICED, attrs) };
    this.#money.set(k, series);
    return series;
  }

  error(
    extra: Extra,
    operation: string,
    provider: AttributeValue | undefined,
    model: AttributeValue | undefined,
    errorType: AttributeValue,
  ): Cell {
    const k = this.#k;
    k[0] = extra.id;
    k[1] = operation;
    k[2] = optionalKey(provider);
    k[3] = optionalKey(model);
    k[4] = key(errorType);
    const known = this.#errors.get(k);
    if (known !== undefined) return known;
    if (this.#errors.size >= this.#limit) return this.#overflowCell(M.ERRORS);
    const attrs: Attributes = { ...extra.attrs, [ATTR_GEN_AI_OPERATION_NAME]: operation };
    put(attrs, ATTR_GEN_AI_PROVIDER_NAME, provider);
    put(attrs, ATTR_GEN_AI_REQUEST_MODEL, model);
    attrs[ATTR_ERROR_TYPE] = errorType;
    const cell = this.#cell(M.ERRORS, Object.freeze(attrs));
    this.#errors.set(k, cell);
    return cell;
  }

  agent(extra: Extra, name: AttributeValue | undefined, outcome: AttributeValue): Cell {
    return this.#optional(this.#agents, M.AGENT_DURATION, AGENT_KEYS, extra, name, outcome);
  }

  tool(extra: Extra, name: AttributeValue | undefined, outcome: AttributeValue): Cell {
    return this.#optional(this.#tools, M.TOOL_DURATION, TOOL_KEYS, extra, name, outcome);
  }

  handoff(
    extra: Extra,
    source: AttributeValue | undefined,
    target: AttributeValue | undefined,
    targetType: AttributeValue | undefined,
    reason: AttributeValue | undefined,
  ): Cell {
    return this.#optional(
      this.#handoffs,
      M.HANDOFFS,
      HANDOFF_KEYS,
      extra,
      source,
      target,
      targetType,
      reason,
    );
  }

  /** A budget crossing (genai_budget's span event): by budget name, scope and limit. */
  budget(
    extra: Extra,
    name: AttributeValue | undefined,
    scope: AttributeValue | undefined,
    limit: AttributeValue | undefined,
  ): Cell {
    return this.#optional(this.#budgets, M.BUDGET_EXCEEDED, BUDGET_KEYS, extra, name, scope, limit);
  }

  /** A RAG stage (`retrieval`, `embeddings`, `rerank`) of a data source. */
  stage(extra: Extra, operation: string, source: AttributeValue | undefined): Cell {
    return this.#optional(this.#stages, M.RAG_STAGE_DURATION, STAGE_KEYS, extra, operation, source);
  }

  retrieval(extra: Extra, source: AttributeValue | undefined, outcome: string): Cell {
    return this.#optional(
      this.#retrievals,
      M.RETRIEVAL_CALLS,
      RETRIEVAL_KEYS,
      extra,
      outcome,
      source,
    );
  }

  topScore(extra: Extra, source: AttributeValue | undefined): Cell {
    return this.#optional(this.#topScores, M.RETRIEVAL_TOP_SCORE, SOURCE_KEYS, extra, source);
  }

  /**
   * A family whose attributes (`names`, up to four) are each left out when absent or empty: keyed
   * by the extra dimensions and the values in that order. The values array is only built for a
   * new series; a known one is found without allocating.
   */
  #optional(
    index: SeriesIndex<Cell>,
    metric: number,
    names: readonly string[],
    extra: Extra,
    a: AttributeValue | undefined,
    b?: AttributeValue,
    c?: AttributeValue,
    d?: AttributeValue,
  ): Cell {
    const k = this.#k;
    k[0] = extra.id;
    k[1] = optionalKey(a);
    k[2] = optionalKey(b);
    k[3] = optionalKey(c);
    k[4] = optionalKey(d);
    const known = index.get(k);
    if (known !== undefined) return known;
    if (index.size >= this.#limit) return this.#overflowCell(metric);
    const attrs: Attributes = { ...extra.attrs };
    const values = [a, b, c, d];
    for (let i = 0; i < names.length; i++) put(attrs, names[i]!, values[i]);
    const cell = this.#cell(metric, Object.freeze(attrs));
    index.set(k, cell);
    return cell;
  }

  /** An MCP operation, as the sender (`client`) or the handler saw it: the span's attributes. */
  mcp(extra: Extra, client: boolean, span: Attributes): Cell {
    const k = this.#mk;
    k[0] = extra.id;
    k[1] = client;
    for (let i = 0; i < MCP_KEYS.length; i++) k[i + 2] = optionalKey(span[MCP_KEYS[i]!]);
    const known = this.#mcp.get(k);
    if (known !== undefined) return known;
    const metric = client ? M.MCP_CLIENT_DURATION : M.MCP_SERVER_DURATION;
    if (this.#mcp.size >= this.#limit) return this.#overflowCell(metric);
    const attrs: Attributes = { ...extra.attrs };
    for (const name of MCP_KEYS) put(attrs, name, span[name]);
    const cell = this.#cell(metric, Object.freeze(attrs));
    this.#mcp.set(k, cell);
    return cell;
  }

  /** A slot for a delta reader: from now on, sealed values are kept for it until it reports. */
  openSlot(): number {
    let slot = this.#open.indexOf(false);
    if (slot < 0) slot = this.#open.length;
    this.#open[slot] = true;
    return slot;
  }

  closeSlot(slot: number): void {
    this.#open[slot] = false;
    for (const list of this.cells) for (const cell of list) cell.dropSlot(slot);
  }

  /** Ends the current interval: its values go to the totals and to every open delta slot. */
  seal(): void {
    const open = this.#open;
    for (const list of this.cells) for (const cell of list) cell.seal(open);
  }

  #cell(metric: number, attrs: Attributes): Cell {
    const cell = new Cell(attrs, METRIC_SPECS[metric]!.boundaries, Date.now());
    this.cells[metric]!.push(cell);
    return cell;
  }

  #overflowCell(metric: number): Cell {
    let cell = this.#overflow.get(metric);
    if (cell === undefined) {
      this.#saidOverflow(metric);
      cell = this.#cell(metric, OVERFLOW_ATTRS);
      this.#overflow.set(metric, cell);
    }
    return cell;
  }

  #overflowInference(): InferenceSeries {
    if (this.#inferenceOverflow === undefined) {
      this.#saidOverflow(M.OPERATION_DURATION);
      // One token-usage series for both types: two with the same attributes would clash.
      const tokens = this.#cell(M.TOKEN_USAGE, OVERFLOW_ATTRS);
      this.#inferenceOverflow = {
        duration: this.#cell(M.OPERATION_DURATION, OVERFLOW_ATTRS),
        timeToFirstChunk: this.#cell(M.TIME_TO_FIRST_CHUNK, OVERFLOW_ATTRS),
        input: tokens,
        output: tokens,
        money: undefined,
        error: undefined,
        overflow: true,
      };
    }
    return this.#inferenceOverflow;
  }

  #saidOverflow(metric: number): void {
    const name = METRIC_SPECS[metric]!.descriptor.name;
    this.#log?.once(
      `series-limit:${name}`,
      'warn',
      `more than ${this.#limit} series of ${name}; further ones are folded into one series with ${ATTR_OTEL_METRIC_OVERFLOW}=true`,
    );
  }
}
