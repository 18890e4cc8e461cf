import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_TOKEN_TYPE,
} from '@genai-otel/semantic-conventions';
import type { Attributes, AttributeValue, BatchObservableResult } from '@opentelemetry/api';
import type { Extra } from './dimensions.js';
import type { Instruments } from './instruments.js';

/** Running totals of one (operation, provider, model[, error.type]) for the observable counters. */
export interface MoneySeries {
  readonly attrs: Attributes;
  cost: number;
  priced: boolean;
  unpriced: number;
}

export interface ErrorSeries {
  readonly attrs: Attributes;
  count: number;
}

/** The attributes of one series of client metrics, built once and shared by every span in it. */
export interface InferenceSeries {
  /** Duration and time to first chunk. */
  readonly base: Attributes;
  readonly input: Attributes;
  readonly output: Attributes;
  readonly money: MoneySeries;
  readonly error: ErrorSeries | undefined;
}

function put(out: Attributes, key: string, v: AttributeValue | undefined): void {
  if (v !== undefined && v !== '') out[key] = v;
}

/**
 * Series of the connector, looked up per span by a short key and created once; and the running
 * totals behind the cost, unpriced and error counters, observed at collection. Series are few
 * (models × providers × error types × extra-dimension combinations, the latter capped).
 */
export class Totals {
  readonly #inference = new Map<string, InferenceSeries>();
  readonly #money = new Map<string, MoneySeries>();
  readonly #errors = new Map<string, ErrorSeries>();

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
    const key = `${extra.id}\u0000${operation}\u0000${provider}\u0000${requestModel}\u0000${responseModel}\u0000${address}\u0000${port}\u0000${errorType}`;
    const known = this.#inference.get(key);
    if (known !== undefined) return known;
    const base: Attributes = { ...extra.attrs, [ATTR_GEN_AI_OPERATION_NAME]: operation };
    put(base, ATTR_GEN_AI_PROVIDER_NAME, provider);
    put(base, ATTR_GEN_AI_REQUEST_MODEL, requestModel);
    put(base, ATTR_GEN_AI_RESPONSE_MODEL, responseModel);
    put(base, ATTR_SERVER_ADDRESS, address);
    put(base, ATTR_SERVER_PORT, port);
    put(base, ATTR_ERROR_TYPE, errorType);
    const series: InferenceSeries = {
      base: Object.freeze(base),
      input: Object.freeze({ ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.INPUT }),
      output: Object.freeze({ ...base, [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE.OUTPUT }),
      // Cost by provider, model and operation only: fewer series to sum and alert on.
      money: this.#moneySeries(extra, operation, provider, requestModel),
      error:
        errorType === undefined
          ? undefined
          : this.error(extra, operation, provider, requestModel, errorType),
    };
    this.#inference.set(key, series);
    return series;
  }

  #moneySeries(
    extra: Extra,
    operation: string,
    provider: AttributeValue | undefined,
    model: AttributeValue | undefined,
  ): MoneySeries {
    const key = `${extra.id}\u0000${operation}\u0000${provider}\u0000${model}`;
    let series = this.#money.get(key);
    if (series === undefined) {
      const attrs: Attributes = { ...extra.attrs, [ATTR_GEN_AI_OPERATION_NAME]: operation };
      put(attrs, ATTR_GEN_AI_PROVIDER_NAME, provider);
      put(attrs, ATTR_GEN_AI_REQUEST_MODEL, model);
      series = { attrs: Object.freeze(attrs), cost: 0, priced: false, unpriced: 0 };
      this.#money.set(key, series);
    }
    return series;
  }

  error(
    extra: Extra,
    operation: string,
    provider: AttributeValue | undefined,
    model: AttributeValue | undefined,
    errorType: AttributeValue,
  ): ErrorSeries {
    const key = `${extra.id}\u0000${operation}\u0000${provider}\u0000${model}\u0000${errorType}`;
    let series = this.#errors.get(key);
    if (series === undefined) {
      const attrs: Attributes = { ...extra.attrs, [ATTR_GEN_AI_OPERATION_NAME]: operation };
      put(attrs, ATTR_GEN_AI_PROVIDER_NAME, provider);
      put(attrs, ATTR_GEN_AI_REQUEST_MODEL, model);
      attrs[ATTR_ERROR_TYPE] = errorType;
      series = { attrs: Object.freeze(attrs), count: 0 };
      this.#errors.set(key, series);
    }
    return series;
  }

  /** Reports the running totals (cumulative, as counters are). */
  observe(result: BatchObservableResult, m: Instruments): void {
    for (const s of this.#money.values()) {
      // A model never priced has no cost series, only an unpriced one.
      if (s.priced) result.observe(m.cost, s.cost, s.attrs);
      if (s.unpriced > 0) result.observe(m.unpriced, s.unpriced, s.attrs);
    }
    for (const s of this.#errors.values()) result.observe(m.errors, s.count, s.attrs);
  }
}
