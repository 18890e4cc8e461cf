/** The report as text: one table per breakdown, aligned for a terminal, figures unrounded in `--json`. */
import type { GroupStats } from './group-stats.js';
import type { AgentStats, Report } from './summarize.js';

export const BREAKDOWNS = ['model', 'conversation', 'tenant', 'agent'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

export const usd = (v: number): string => `$${v.toFixed(6)}`;
export const ms = (v: number | undefined): string => (v === undefined ? '-' : `${v.toFixed(1)}`);
export const pct = (v: number | undefined): string =>
  v === undefined ? '-' : `${(v * 100).toFixed(1)}%`;

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)));
  // First column left-aligned (names), figures right-aligned.
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].map((l) => `  ${l}`).join('\n');
}

const GROUP_HEADER = [
  'calls',
  'errors',
  'input',
  'output',
  'cache read',
  'cache write',
  'cost USD',
  'p50 ms',
  'p95 ms',
  'p99 ms',
];

function groupCells(g: GroupStats): string[] {
  return [
    String(g.calls),
    String(g.errors),
    String(g.tokens.input),
    String(g.tokens.output),
    String(g.tokens.cacheRead),
    String(g.tokens.cacheWrite),
    g.unpricedCalls > 0 ? `${usd(g.costUsd)}*` : usd(g.costUsd),
    ms(g.latencyMs.p50),
    ms(g.latencyMs.p95),
    ms(g.latencyMs.p99),
  ];
}

/** `rows` cut to the first `top` (0: all), with a line saying how many were left out. */
function limited<T>(rows: T[], top: number): { shown: T[]; more: string } {
  if (top <= 0 || rows.length <= top) return { shown: rows, more: '' };
  return {
    shown: rows.slice(0, top),
    more: `\n  … ${rows.length - top} more (--top 0 shows all, --json gives all)`,
  };
}

function groupSection(title: string, first: string, groups: GroupStats[], top: number): string {
  if (groups.length === 0) return `${title}\n  (no LLM calls)`;
  const { shown, more } = limited(groups, top);
  return `${title}\n${table(
    [first, ...GROUP_HEADER],
    shown.map((g) => [g.key, ...groupCells(g)]),
  )}${more}`;
}

function agentSection(all: AgentStats[], top: number): string {
  const title =
    'By agent (LLM calls made inside each agent; invocation latency of the agent itself)';
  if (all.length === 0) return `${title}\n  (no agents)`;
  const { shown: agents, more } = limited(all, top);
  const header = [
    'agent',
    'invocations',
    'outcomes',
    'p50 ms',
    'p95 ms',
    'p99 ms',
    'calls',
    'input',
    'output',
    'cost USD',
  ];
  const rows = agents.map((a) => [
    a.key,
    String(a.invocations),
    Object.entries(a.outcomes)
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([k, v]) => `${k} ${v}`)
      .join(', ') || '-',
    ms(a.invocationMs.p50),
    ms(a.invocationMs.p95),
    ms(a.invocationMs.p99),
    String(a.calls),
    String(a.tokens.input),
    String(a.tokens.output),
    a.unpricedCalls > 0 ? `${usd(a.costUsd)}*` : usd(a.costUsd),
  ]);
  return `${title}\n${table(header, rows)}${more}`;
}

/** Rows shown per breakdown in text unless `--top` says otherwise (most expensive first). */
export const DEFAULT_TOP = 20;

export function formatReport(
  report: Report,
  files: readonly string[],
  by: readonly Breakdown[],
  top = DEFAULT_TOP,
): string {
  const t = report.totals;
  const out: string[] = [];
  out.push(
    `${files.join(', ')}: ${report.spans} spans in ${report.traces} traces; ${t.calls} LLM calls, ` +
      `${t.errors} failed; ${t.tokens.input} input tokens (${t.tokens.cacheRead} cache read, ` +
      `${t.tokens.cacheWrite} cache write), ${t.tokens.output} output; cost ${usd(t.costUsd)}; ` +
      `latency p50 ${ms(t.latencyMs.p50)} ms, p95 ${ms(t.latencyMs.p95)} ms, p99 ${ms(t.latencyMs.p99)} ms`,
  );
  if (t.unpricedCalls > 0) {
    out.push(
      `  * ${t.unpricedCalls} calls with token usage carry no cost (model not priced, or no genai_cost processor in the pipeline): their cost is not in the sums`,
    );
  }
  if (by.includes('model')) out.push(groupSection('By model', 'model', report.byModel, top));
  if (by.includes('conversation')) {
    out.push(groupSection('By conversation', 'conversation', report.byConversation, top));
  }
  if (by.includes('tenant')) out.push(groupSection('By tenant', 'tenant', report.byTenant, top));
  if (by.includes('agent')) out.push(agentSection(report.byAgent, top));

  const h = report.handoffs;
  out.push(
    `Handoffs: ${h.total} (${h.toHuman} to a human); ${pct(h.perInvocation)} of agent invocations; ` +
      `${h.conversationsWithHumanHandoff} of ${h.conversations} conversations reached a human (${pct(h.humanHandoffRate)})`,
  );
  if (h.total > 0) {
    out.push(
      table(
        ['reason', 'handoffs'],
        h.byReason.map((c) => [c.key, String(c.count)]),
      ),
    );
    out.push(
      table(
        ['target', 'handoffs'],
        h.byTarget.map((c) => [c.key, String(c.count)]),
      ),
    );
  }
  const r = report.retrieval;
  out.push(
    `Retrieval: ${r.calls} calls, ${r.hits} hits, ${r.misses} misses, hit rate ${pct(r.hitRate)}`,
  );
  if (r.bySource.length > 0) {
    out.push(
      table(
        ['data source', 'calls', 'hits', 'misses', 'hit rate'],
        r.bySource.map((s) => [
          s.key,
          String(s.calls),
          String(s.hits),
          String(s.misses),
          pct(s.hitRate),
        ]),
      ),
    );
  }
  const e = report.errors;
  out.push(`Errors: ${e.total} spans`);
  if (e.byType.length > 0) {
    out.push(
      table(
        ['error.type', 'spans', 'operations'],
        e.byType.map((x) => [x.key, String(x.count), x.operations.join(', ')]),
      ),
    );
  }
  return `${out.join('\n\n')}\n`;
}

/** `--json`: the report with only the selected breakdowns. */
export function reportJson(report: Report, by: readonly Breakdown[]): unknown {
  const { byModel, byConversation, byTenant, byAgent, ...rest } = report;
  return {
    ...rest,
    ...(by.includes('model') ? { byModel } : {}),
    ...(by.includes('conversation') ? { byConversation } : {}),
    ...(by.includes('tenant') ? { byTenant } : {}),
    ...(by.includes('agent') ? { byAgent } : {}),
  };
}
