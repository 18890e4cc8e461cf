#!/usr/bin/env node
// Every benchmark in one run: the OpenAI instrumentations' overhead side by side with the peers,
// then the component benchmarks (components/*.mjs, one child process each, one after the other),
// then one table of every target, the measured figure, its ratio to the target and the verdict.
//   node run.mjs [--quick] [--only=peers|components|<component>[,…]] [--no-pin] [--out=file.json]
//     peers:      [--transport=http,memory] [--variants=a,b] [--content] [--profile=<variant>]
//                 [--warmup=N] [--rounds=K] [--n=N] [--processes=P] [--max-noise=0.1]
//   node run.mjs --report=results/<date>.json     (print a saved run's tables again)
// See README.md for what is measured and how to read the output.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runComponents, selectBenches } from './lib/components.mjs';
import { environment } from './lib/environment.mjs';
import { runPeers } from './lib/peers-run.mjs';
import { sessionReport } from './lib/report.mjs';
import { canPin } from './lib/spawn-child.mjs';
import { componentReport, summaryRows, summaryTable } from './lib/summary.mjs';
import { benchDir } from './lib/variants.mjs';

const log = (s) => process.stderr.write(`bench: ${s}\n`);

const { values: opt } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    transport: { type: 'string', default: 'http,memory' },
    variants: { type: 'string' },
    content: { type: 'boolean', default: false },
    profile: { type: 'string' },
    'no-pin': { type: 'boolean', default: false },
    warmup: { type: 'string' },
    rounds: { type: 'string' },
    n: { type: 'string' },
    processes: { type: 'string' },
    'max-noise': { type: 'string' },
    out: { type: 'string' },
    report: { type: 'string' },
  },
});

function printSummary(sessions, components) {
  console.log('\n# Targets\n');
  console.log(summaryTable(summaryRows(sessions, components)));
}

/** Prints a saved results file the way a run prints it (e.g. to refresh the README's tables). */
function reprint(file) {
  const r = JSON.parse(readFileSync(file, 'utf8'));
  const e = r.env;
  console.log(`${e.cpu}, ${e.cores} cores, Node ${e.node}; ${r.date}\n`);
  for (const s of Object.values(r.sessions ?? {})) {
    console.log(sessionReport(s, Object.keys(s.variants)));
  }
  for (const c of Object.values(r.components ?? {})) console.log(componentReport(c));
  printSummary(r.sessions, r.components);
}

async function main() {
  if (opt.report) return reprint(opt.report);
  const started = Date.now();
  const selection = selectBenches(opt.profile && !opt.only ? 'peers' : opt.only);
  if (opt.profile && !selection.peers) throw new Error('--profile is for the peers comparison');
  const pin = !opt['no-pin'] && canPin();

  const out = { date: new Date().toISOString(), env: environment(), pinned: pin };
  if (selection.peers) {
    const peers = await runPeers(opt, { pin, log });
    if (!peers.ok) process.exitCode = 1;
    // Profiles are the output of a profiling run; its figures are inflated, so no results file.
    if (opt.profile) return;
    out.mock = peers.mock;
    out.sessions = peers.sessions;
  }
  if (selection.components.length > 0) {
    out.components = await runComponents(selection.components, { quick: opt.quick, pin, log });
    if (Object.values(out.components).some((c) => c.status !== 'ok')) process.exitCode = 1;
    console.log('');
    for (const c of Object.values(out.components)) console.log(componentReport(c));
  }
  out.summary = summaryRows(out.sessions, out.components);
  printSummary(out.sessions, out.components);

  const resultsDir = join(benchDir, 'results');
  mkdirSync(resultsDir, { recursive: true });
  const file =
    opt.out ?? join(resultsDir, `${out.date.replace(/:/g, '-').replace(/\..+/, '')}.json`);
  writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  log(`results: ${file} (${((Date.now() - started) / 1000).toFixed(0)} s)`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
