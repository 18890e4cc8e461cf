/** One problem with a price entry: the path below the entry list, and what is wrong. */
export interface PriceIssue {
  path: (string | number)[];
  message: string;
}

const PRICE_KEYS = ['input', 'cache_read', 'cache_write', 'cache_write_1h', 'output', 'reasoning'];

function checkPrices(
  o: Record<string, unknown>,
  path: (string | number)[],
  out: PriceIssue[],
): void {
  for (const key of PRICE_KEYS) {
    const v = o[key];
    if (v === undefined) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) {
      out.push({
        path: [...path, key],
        message: `must be a non-negative number of USD per million tokens (got ${JSON.stringify(v)})`,
      });
    }
  }
}

/**
 * Checks price entries as a user or a pricing file wrote them (`prices` of the YAML, `models` of
 * a pricing file): an id, valid aliases and pattern, prices that are non-negative numbers, at
 * least an input or an output price, and tiers whose thresholds are non-negative integers, each
 * used once (their order does not matter: they are sorted when loaded).
 */
export function checkModelPrices(models: readonly unknown[], out: PriceIssue[] = []): PriceIssue[] {
  models.forEach((raw, i) => {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      out.push({ path: [i], message: 'must be an object with a model and its prices' });
      return;
    }
    const m = raw as Record<string, unknown>;
    if (typeof m.model !== 'string' || m.model === '') {
      out.push({ path: [i, 'model'], message: 'must be a non-empty string' });
    }
    if (
      m.aliases !== undefined &&
      (!Array.isArray(m.aliases) || m.aliases.some((a) => typeof a !== 'string' || a === ''))
    ) {
      out.push({ path: [i, 'aliases'], message: 'must be a list of non-empty strings' });
    }
    if (m.pattern !== undefined) {
      try {
        if (typeof m.pattern !== 'string') throw new Error('not a string');
        new RegExp(m.pattern, 'i');
      } catch (error) {
        out.push({
          path: [i, 'pattern'],
          message: `is not a valid regular expression (${(error as Error).message})`,
        });
      }
    }
    checkPrices(m, [i], out);
    if (m.input === undefined && m.output === undefined) {
      out.push({ path: [i], message: 'needs at least an input or an output price' });
    }
    if (m.tiers === undefined) return;
    if (!Array.isArray(m.tiers)) {
      out.push({ path: [i, 'tiers'], message: 'must be a list of { above_input_tokens, … }' });
      return;
    }
    const seen = new Map<number, number>();
    m.tiers.forEach((t: unknown, j) => {
      if (t === null || typeof t !== 'object' || Array.isArray(t)) {
        out.push({ path: [i, 'tiers', j], message: 'must be an object' });
        return;
      }
      const tier = t as Record<string, unknown>;
      const above = tier.above_input_tokens;
      if (typeof above !== 'number' || !Number.isInteger(above) || above < 0) {
        out.push({
          path: [i, 'tiers', j, 'above_input_tokens'],
          message: `must be a non-negative integer (got ${JSON.stringify(above)})`,
        });
      } else if (seen.has(above)) {
        out.push({
          path: [i, 'tiers', j, 'above_input_tokens'],
          message: `${above} is already the threshold of tiers[${seen.get(above)}]: each threshold once`,
        });
      } else {
        seen.set(above, j);
      }
      checkPrices(tier, [i, 'tiers', j], out);
    });
  });
  return out;
}

/** `models[3].tiers[0].input` */
export function formatPricePath(head: string, path: readonly (string | number)[]): string {
  let s = head;
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : `.${p}`;
  return s;
}
