/**
 * `genai-otel alert-rules`: Prometheus alert rules and their `promtool test rules` file from one
 * source YAML (collector-config/alerts.yaml), so every threshold, window, tier and the services and
 * tenants watched are set in one place. Each rule is a PromQL template with `$by` (the labels every
 * alert keeps), `$sel` (the matchers choosing what is watched) and one `$name` per level key
 * (`$threshold`, `$window`, `$quantile`…); each level becomes a rule with its tier's labels.
 */
import { parseDocument } from 'yaml';
import {
  type Annotate,
  annotation,
  formatThreshold,
  renderTests,
  type TestCase,
} from './alert-tests.js';

export interface AlertSource {
  watch: { matchers: string; by: string[] };
  runbook: string;
  tiers: Record<string, string>;
  test_labels: Record<string, string>;
  groups: { name: string; rules: AlertTemplate[] }[];
}

export interface AlertTemplate {
  alert: string;
  expr: string;
  value: Annotate;
  summary: string;
  description: string;
  levels: Level[];
  tests: TestCase[];
}

export interface Level {
  tier: string;
  threshold: number;
  for: string;
  [param: string]: string | number;
}

/** Shortens every rule's windows and `for`, for an end-to-end run that fires within seconds. */
export interface AlertOverrides {
  window?: string;
  for?: string;
}

export class AlertSourceError extends Error {
  override name = 'AlertSourceError';
}

/** Parses the source; a YAML or shape error names file:line:col and the key. */
export function parseAlertSource(text: string, file: string): AlertSource {
  const doc = parseDocument(text, { prettyErrors: false });
  const at = (node: unknown, key: string, why: string): AlertSourceError => {
    const range = (node as { range?: [number, number] } | undefined)?.range;
    const offset = range ? range[0] : 0;
    const before = text.slice(0, offset).split('\n');
    return new AlertSourceError(
      `${file}:${before.length}:${(before.at(-1)?.length ?? 0) + 1}: ${key}: ${why}`,
    );
  };
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    throw new AlertSourceError(
      `${file}:${e.linePos?.[0].line}:${e.linePos?.[0].col}: ${e.message}`,
    );
  }
  const src = doc.toJS() as AlertSource;
  for (const key of ['watch', 'runbook', 'tiers', 'test_labels', 'groups'] as const) {
    if (src?.[key] === undefined) throw at(doc.contents, key, 'is required');
  }
  src.groups.forEach((group, g) => {
    group.rules.forEach((rule, r) => {
      const node = doc.getIn(['groups', g, 'rules', r], true);
      for (const key of ['alert', 'expr', 'value', 'summary', 'description', 'levels', 'tests']) {
        if ((rule as unknown as Record<string, unknown>)[key] === undefined)
          throw at(node, `groups[${g}].rules[${r}].${key}`, 'is required');
      }
      rule.levels.forEach((level, l) => {
        if (!(level.tier in src.tiers))
          throw at(
            doc.getIn(['groups', g, 'rules', r, 'levels', l], true),
            `${rule.alert}.levels[${l}].tier`,
            `"${level.tier}" is not one of ${Object.keys(src.tiers).join(', ')}`,
          );
      });
    });
  });
  return src;
}

/** `$name` → the level's value (or `$by`/`$sel`); an unknown `$name` is an error. */
function substitute(template: string, values: Record<string, string | number>, where: string) {
  return template.replace(/\$([a-z_]+)/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) throw new AlertSourceError(`${where}: no value for $${name}`);
    return String(v);
  });
}

export interface RenderedRule {
  alert: string;
  expr: string;
  for: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

/** Every level of every rule, as Prometheus rule objects (grouped as in the source). */
export function renderRules(src: AlertSource, o: AlertOverrides = {}) {
  return src.groups.map((group) => ({
    name: group.name,
    rules: group.rules.flatMap((rule) =>
      rule.levels.map((level) => renderLevel(src, rule, withOverrides(level, o))),
    ),
  }));
}

function withOverrides(level: Level, o: AlertOverrides): Level {
  return {
    ...level,
    ...(o.window !== undefined && level.window !== undefined ? { window: o.window } : {}),
    ...(o.for !== undefined ? { for: o.for } : {}),
  };
}

export function renderLevel(src: AlertSource, rule: AlertTemplate, level: Level): RenderedRule {
  const values = { ...level, by: src.watch.by.join(', '), sel: src.watch.matchers };
  const expr = substitute(rule.expr.trim(), values, `${rule.alert} expr`);
  const severity = src.tiers[level.tier]!;
  const fill = (t: string) =>
    annotation(
      t,
      { ...level, threshold: formatThreshold(rule.value, level.threshold) },
      rule.value,
    );
  return {
    alert: rule.alert,
    expr,
    for: level.for,
    labels: { severity, priority: level.tier },
    annotations: {
      summary: `[${level.tier} ${severity}] ${fill(rule.summary)}`,
      description: fill(rule.description),
      runbook_url: `${src.runbook}${rule.alert.toLowerCase()}`,
    },
  };
}

export { renderTests };
