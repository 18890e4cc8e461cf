// The component benchmarks (components/*.mjs): which there are, and running them one at a time,
// each in a child process of its own (fresh heap and JIT state, nothing of the previous bench or
// of the runner in its figures), collecting the JSON document each prints last with --json.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt } from './ensure-built.mjs';
import { benchDir } from './variants.mjs';

/**
 * @typedef {object} Component
 * @property {string} name      the file name in components/ without `.mjs`; --only takes it
 * @property {number} [issue]   the issue that set its target; none for a figure only reported
 * @property {string} title
 * @property {string[]} packages   workspace packages it imports (built if missing)
 */

/** @type {Component[]} */
export const COMPONENTS = [
  {
    name: 'tracing-wrappers',
    issue: 4,
    title: 'withAgent / withTool overhead',
    packages: ['@genai-otel/tracing'],
  },
  {
    name: 'cost-metrics-pipeline',
    issue: 3,
    title: 'genai_cost + genai_metrics per span',
    packages: ['@genai-otel/processor-cost', '@genai-otel/connector-genai-metrics'],
  },
  {
    name: 'rollups-config-metrics',
    issue: 15,
    title: 'genai_rollup + genai_budget + count/histogram per span',
    packages: [
      '@genai-otel/processor-rollup',
      '@genai-otel/processor-budget',
      '@genai-otel/connector-span-metrics',
    ],
  },
  {
    name: 'tail-sampling',
    issue: 15,
    title: 'tail_sampling: 10,000 traces in flight',
    packages: ['@genai-otel/processor-tail-sampling'],
  },
  {
    name: 'langsmith-convert',
    issue: 5,
    title: 'LangSmith: spans → runs',
    packages: ['@genai-otel/exporter-langsmith'],
  },
  {
    name: 'langsmith-throughput',
    issue: 9,
    title: 'LangSmith: runs delivered per second',
    packages: ['@genai-otel/sdk', '@genai-otel/exporter-langsmith'],
  },
  {
    name: 'emf-serialize',
    issue: 6,
    title: 'EMF serialisation',
    packages: ['@genai-otel/exporter-cloudwatch-emf'],
  },
  {
    name: 'cwlogs-events',
    issue: 14,
    title: 'CloudWatch Logs: spans → event records → batches',
    packages: ['@genai-otel/connector-genai-events', '@genai-otel/exporter-cloudwatch-logs'],
  },
  {
    name: 'redaction',
    issue: 9,
    title: 'redaction per span',
    packages: ['@genai-otel/processor-redaction'],
  },
  {
    name: 'otlp-receive',
    issue: 11,
    title: 'OTLP receive → genai_cost → genai_metrics → otlp_http',
    packages: ['@genai-otel/sdk'],
  },
  {
    name: 'otlp-encode',
    issue: 17,
    title: 'OTLP/protobuf export path',
    packages: ['@genai-otel/otlp-proto-encoder', '@genai-otel/sdk'],
  },
  {
    name: 'startup',
    issue: 17,
    title: 'start-up of node --import @genai-otel/register',
    packages: ['@genai-otel/register', '@genai-otel/sdk'],
  },
  {
    name: 'openai-overhead',
    title: 'OpenAI instrumentation: cost per call',
    packages: ['@genai-otel/instrumentation-openai'],
  },
  {
    name: 'openai-pipelines',
    issue: 17,
    title: 'OpenAI call as users run it: genai-otel pipeline vs the official set-up',
    packages: ['@genai-otel/sdk', '@genai-otel/instrumentation-openai'],
  },
  {
    name: 'openai-agents-bridge',
    issue: 13,
    title: 'OpenAI Agents SDK bridge: cost per SDK span, beside OpenInference',
    packages: ['@genai-otel/instrumentation-openai-agents'],
  },
  {
    name: 'mcp-overhead',
    issue: 13,
    title: 'MCP instrumentation: cost per tools/call round trip',
    packages: ['@genai-otel/instrumentation-mcp'],
  },
];

export const componentPath = (name) => join(benchDir, 'components', `${name}.mjs`);

/**
 * What `--only` selects: `peers`, `components`, component names, comma-separated.
 * @param {string|undefined} only
 * @returns {{peers: boolean, components: Component[]}}
 */
export function selectBenches(only) {
  if (!only) return { peers: true, components: COMPONENTS };
  const names = only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const known = new Set(['peers', 'components', ...COMPONENTS.map((c) => c.name)]);
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0 || names.length === 0) {
    throw new Error(`--only takes a comma-separated list of: ${[...known].join(', ')}`);
  }
  return {
    peers: names.includes('peers'),
    components: COMPONENTS.filter((c) => names.includes('components') || names.includes(c.name)),
  };
}

/** The last line of a child's stdout that parses as a JSON object, or null. */
export function lastJsonLine(stdout) {
  const lines = stdout.split('\n').filter((l) => l.trim().startsWith('{'));
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      return JSON.parse(lines[i]);
    } catch {
      // A line that merely starts with a brace; keep looking.
    }
  }
  return null;
}

/** The line of a failed child's stderr that names the error (Node prints it first). */
export function errorLine(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim());
  return lines.find((l) => /^[A-Za-z]*Error\b/.test(l)) ?? lines.findLast((l) => l !== '') ?? '';
}

/**
 * Runs one component benchmark in a child process; its human-readable lines go to our stderr as
 * they come, its result is the JSON document it prints last.
 * @param {Component} c
 * @param {{quick: boolean, pin: boolean, timeoutMs: number, args?: string[], quiet?: boolean}} opts
 * @returns {Promise<object>} the component's result, or `{bench, status: 'failed', reason}`
 */
export function runComponent(c, opts) {
  const nodeArgs = ['--expose-gc', componentPath(c.name), '--json'];
  if (opts.quick) nodeArgs.push('--quick');
  nodeArgs.push(...(opts.args ?? []));
  // Pinned to CPU 1, as the peers' measured processes are: "on one core" is then literally one
  // core, GC helper threads included.
  const [cmd, args] = opts.pin
    ? ['taskset', ['-c', '1', process.execPath, ...nodeArgs]]
    : [process.execPath, nodeArgs];
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: benchDir, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    // The end of stderr names what went wrong when the bench fails.
    let stderrTail = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d) => {
      if (!opts.quiet) process.stderr.write(d);
      stderrTail = (stderrTail + d).slice(-4000);
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      stdout += d;
    });
    const failed = (reason) => resolve({ bench: c.name, title: c.title, status: 'failed', reason });
    child.on('error', (err) => {
      clearTimeout(timer);
      failed(String(err.message ?? err));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) return failed(`no result after ${opts.timeoutMs / 1000} s`);
      const result = lastJsonLine(stdout);
      if (code !== 0 || !result) {
        const why = errorLine(stderrTail);
        return failed(`exited with ${signal ?? code}${why ? `: ${why}` : ', no JSON result'}`);
      }
      resolve({ ...result, status: 'ok' });
    });
  });
}

/**
 * Runs the selected component benchmarks one after the other.
 * @param {Component[]} list
 * @param {{quick: boolean, pin: boolean, log: (s: string) => void, timeoutMs?: number}} opts
 * @returns {Promise<Record<string, object>>} by component name
 */
export async function runComponents(list, opts) {
  const out = {};
  for (const c of list) {
    try {
      for (const pkg of c.packages) ensureBuilt(pkg, opts.log);
    } catch (err) {
      out[c.name] = {
        bench: c.name,
        title: c.title,
        status: 'failed',
        reason: String(err.message),
      };
      opts.log(`${c.name}: ${out[c.name].reason}`);
      continue;
    }
    const about = c.issue === undefined ? c.title : `issue ${c.issue}: ${c.title}`;
    opts.log(`${c.name} (${about})${opts.quick ? ', quick' : ''}`);
    const started = Date.now();
    out[c.name] = await runComponent(c, {
      quick: opts.quick,
      pin: opts.pin,
      timeoutMs: opts.timeoutMs ?? 15 * 60_000,
    });
    const took = ((Date.now() - started) / 1000).toFixed(0);
    if (out[c.name].status !== 'ok') opts.log(`${c.name}: ${out[c.name].reason}`);
    else opts.log(`${c.name}: done in ${took} s`);
  }
  return out;
}
