// Regenerates pricing/*.json from the price data of @pydantic/genai-prices (MIT), the most
// complete maintained table with a source URL per provider, then applies the hand corrections
// and additions of scripts/manual-prices.json (each written into its entry as a `note`).
// Run: pnpm run import:prices
// Only per-token prices are kept (input, cache read, cache write 5-min/1-h, output); tiers become
// `tiers`. Of date-conditional prices the one in force on the data's date is kept. Time-of-day
// prices are not applied: the rate in force for most hours of the day is kept (DeepSeek's
// standard hours; its off-peak discount, or a peak surcharge of a few hours, is left out) and the
// entry's note says which windows were left out.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findProvider } from '@pydantic/genai-prices';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const pkg = JSON.parse(
  readFileSync(
    join(dirname(require.resolve('@pydantic/genai-prices')), '..', 'package.json'),
    'utf8',
  ),
);
// The day this version of the data was published: prices were last checked by its maintainers then.
const CHECKED = process.env.GENAI_PRICES_CHECKED ?? '2026-09-23';
const MANUAL = JSON.parse(readFileSync(join(here, 'manual-prices.json'), 'utf8'));
// Where the tables go: the shipped ones unless told (the tests regenerate into a temp dir).
const OUT = process.env.PRICING_OUT ?? join(here, '..', 'pricing');

/** genai-prices provider id → our table name and the gen_ai.provider.name values it prices. */
const TABLES = [
  ['openai', 'openai', ['openai', 'azure.ai.openai']],
  ['anthropic', 'anthropic', ['anthropic']],
  ['aws', 'aws-bedrock', ['aws.bedrock']],
  ['google', 'google', ['gcp.gemini', 'gcp.vertex_ai', 'gcp.gen_ai']],
  ['mistral', 'mistral', ['mistral_ai']],
  ['cohere', 'cohere', ['cohere']],
  ['deepseek', 'deepseek', ['deepseek']],
  ['x-ai', 'xai', ['x_ai']],
];

const KEYS = {
  input_mtok: 'input',
  cache_read_mtok: 'cache_read',
  cache_write_mtok: 'cache_write',
  cache_write_1h_mtok: 'cache_write_1h',
  output_mtok: 'output',
};

const escapeRegex = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Their match logic as our `aliases` (exact ids) and one case-insensitive `pattern`. */
function toMatch(logic, aliases, parts) {
  if ('or' in logic) for (const l of logic.or) toMatch(l, aliases, parts);
  else if ('equals' in logic) aliases.push(logic.equals.toLowerCase());
  else if ('starts_with' in logic) parts.push(`^${escapeRegex(logic.starts_with.toLowerCase())}`);
  else if ('ends_with' in logic) parts.push(`${escapeRegex(logic.ends_with.toLowerCase())}$`);
  else if ('contains' in logic) parts.push(escapeRegex(logic.contains.toLowerCase()));
  else if ('regex' in logic) parts.push(logic.regex);
  else if ('and' in logic) {
    const inner = logic.and.map((l) => {
      const a = [];
      const p = [];
      toMatch(l, a, p);
      return [...a.map((x) => `^${escapeRegex(x)}$`), ...p].join('|');
    });
    parts.push(
      inner
        .map((x) => `(?=.*?(?:${x}))`)
        .join('')
        .replace(/\(\?=\.\*\?\(\?:\^/g, '(?=(?:^'),
    );
  }
}

/** `HH:MM:SSZ` → minutes after midnight UTC. */
function minutes(time) {
  const [h, m] = time.split(':').map(Number);
  return h * 60 + m;
}

function windowMinutes(c) {
  const span = minutes(c.end_time) - minutes(c.start_time);
  return span > 0 ? span : span + 24 * 60;
}

const hhmm = (time) => time.slice(0, 5);

/**
 * The prices to ship, and a note when time-of-day prices were set aside. Date constraints: the
 * last one in force on CHECKED wins over the unconstrained price. Time-of-day constraints: the
 * prices covering the most hours of a day win (ties: the higher input price) — a flat table
 * cannot follow the clock, and pricing every call at a discount that holds only part of the day
 * would understate spend.
 */
function current(prices) {
  if (!Array.isArray(prices)) return { prices };
  let base = prices[0].prices;
  const byTime = new Map();
  for (const c of prices) {
    if (!c.constraint) base = c.prices;
    else if (c.constraint.type === 'start_date' && c.constraint.start_date <= CHECKED)
      base = c.prices;
    else if (c.constraint.type === 'time_of_date') {
      const key = JSON.stringify(c.prices);
      const group = byTime.get(key) ?? { prices: c.prices, minutes: 0, windows: [] };
      group.minutes += windowMinutes(c.constraint);
      group.windows.push(`${hhmm(c.constraint.start_time)}–${hhmm(c.constraint.end_time)}`);
      byTime.set(key, group);
    }
  }
  if (byTime.size === 0) return { prices: base };
  const groups = [...byTime.values()];
  const timed = groups.reduce((n, g) => n + g.minutes, 0);
  const options = [...groups, { prices: base, minutes: 24 * 60 - timed, windows: undefined }];
  options.sort(
    (a, b) => b.minutes - a.minutes || (b.prices.input_mtok ?? 0) - (a.prices.input_mtok ?? 0),
  );
  const [chosen, ...left] = options;
  const hours = (m) => `${Math.round(m / 6) / 10} h`;
  const describe = (g) =>
    `${g.windows ? `UTC ${g.windows.join(', ')}` : 'the rest of the day'} (${hours(g.minutes)}: ${Object.entries(
      KEYS,
    )
      .filter(([theirs]) => typeof g.prices[theirs] === 'number')
      .map(([theirs, ours]) => `${ours} ${g.prices[theirs]}`)
      .join(', ')})`;
  const note = `Time-of-day prices: the rates in force ${chosen.windows ? `in UTC ${chosen.windows.join(', ')}` : 'outside the timed windows'} (${hours(chosen.minutes)} a day) are shipped; the rates of ${left.map(describe).join('; ')} are not applied (no time-of-day pricing).`;
  return { prices: chosen.prices, note };
}

const tables = new Map();
for (const [id, file, providers] of TABLES) {
  const p = findProvider({ providerId: id });
  if (!p) throw new Error(`genai-prices has no provider ${id}`);
  const source = p.pricing_urls?.[0];
  const models = [];
  for (const m of p.models) {
    const { prices, note } = current(m.prices);
    // Their ids sometimes end in a separator (`ft:gpt-3.5-turbo-`), which no exact id matches.
    const entry = { model: m.id.toLowerCase().replace(/[-.:]+$/, '') };
    const tiers = new Map();
    for (const [theirs, ours] of Object.entries(KEYS)) {
      const v = prices[theirs];
      if (v === undefined) continue;
      if (typeof v === 'number') entry[ours] = v;
      else {
        entry[ours] = v.base;
        for (const t of v.tiers) {
          const tier = tiers.get(t.start) ?? { above_input_tokens: t.start };
          tier[ours] = t.price;
          tiers.set(t.start, tier);
        }
      }
    }
    if (entry.input === undefined && entry.output === undefined) continue;
    const aliases = [];
    const parts = [];
    toMatch(m.match, aliases, parts);
    const extra = aliases.filter((a) => a !== entry.model);
    if (extra.length) entry.aliases = [...new Set(extra)];
    if (parts.length) entry.pattern = parts.join('|');
    if (tiers.size)
      entry.tiers = [...tiers.values()].sort((a, b) => a.above_input_tokens - b.above_input_tokens);
    entry.source =
      m.price_comments?.match(/https?:\/\/\S+/)?.[0]?.replace(/[).,;]+$/, '') ?? source;
    if (note) entry.note = note;
    models.push(entry);
  }
  tables.set(file, {
    $comment: `Generated by scripts/import-genai-prices.mjs from ${pkg.name} ${pkg.version} (MIT), with the hand corrections of scripts/manual-prices.json (each entry's note says what was changed by hand); USD per million tokens.`,
    provider: file,
    provider_names: providers,
    checked: CHECKED,
    source,
    models,
  });
}

applyManual(tables, MANUAL.ops);

for (const [file, table] of tables) {
  writeFileSync(join(OUT, `${file}.json`), `${JSON.stringify(table, null, 2)}\n`);
  console.log(`pricing/${file}.json: ${table.models.length} models`);
}

function applyManual(all, ops) {
  const added = new Map();
  const addNote = (entry, note) => {
    entry.note = entry.note ? `${entry.note} ${note}` : note;
  };
  for (const op of ops) {
    const table = all.get(op.table);
    if (!table) throw new Error(`manual-prices.json: no table ${op.table}`);
    const find = (model) => {
      const entry = table.models.find((m) => m.model === model);
      if (!entry)
        throw new Error(`manual-prices.json: ${op.op} ${op.table}/${model}: no such model`);
      return entry;
    };
    if (op.op === 'add') {
      const id = op.entry.model;
      const taken = table.models.find(
        (m) => m.model === id || m.aliases?.includes(id) || op.entry.aliases?.includes(m.model),
      );
      if (taken)
        throw new Error(
          `manual-prices.json: add ${op.table}/${id}: the generated data has it now (${taken.model}); drop or patch it`,
        );
      const entry = { ...op.entry };
      addNote(entry, op.note);
      // First in the table, in file order: its pattern, if any, is tried before the generated ones.
      const at = added.get(table) ?? 0;
      table.models.splice(at, 0, entry);
      added.set(table, at + 1);
    } else if (op.op === 'patch') {
      const entry = find(op.model);
      Object.assign(entry, op.set);
      addNote(entry, op.note);
    } else if (op.op === 'move_alias') {
      const from = find(op.from);
      const to = find(op.to);
      if (!from.aliases?.includes(op.alias))
        throw new Error(`manual-prices.json: ${op.from} has no alias ${op.alias}`);
      from.aliases = from.aliases.filter((a) => a !== op.alias);
      if (from.aliases.length === 0) delete from.aliases;
      to.aliases = [...(to.aliases ?? []), op.alias];
      addNote(to, op.note);
    } else {
      throw new Error(`manual-prices.json: unknown op ${op.op}`);
    }
  }
  for (const table of all.values()) table.models = table.models.map(ordered);
}

/** One key order for every entry, generated or written by hand: diffs show values, not moves. */
function ordered(entry) {
  const order = ['model', ...Object.values(KEYS), 'aliases', 'pattern', 'tiers', 'source', 'note'];
  const out = {};
  for (const k of order) if (entry[k] !== undefined) out[k] = entry[k];
  for (const k of Object.keys(entry)) if (!(k in out)) out[k] = entry[k];
  return out;
}
