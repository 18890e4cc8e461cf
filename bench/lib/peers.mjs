// Installs each peer's own folder (outside the pnpm workspace, so its OpenTelemetry line and
// `openai` version cannot clash with ours) from its committed lockfile. A stamp of package.json +
// lockfile makes a second run a no-op.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const STAMP = '.bench-install-stamp';

function fingerprint(dir) {
  const h = createHash('sha256');
  for (const f of ['package.json', 'pnpm-lock.yaml']) {
    const p = join(dir, f);
    if (existsSync(p)) h.update(readFileSync(p));
  }
  return h.digest('hex');
}

/** True when `dir`'s node_modules matches its package.json and lockfile. */
export function isInstalled(dir) {
  const stamp = join(dir, 'node_modules', STAMP);
  return existsSync(stamp) && readFileSync(stamp, 'utf8') === fingerprint(dir);
}

/**
 * Installs `dir` unless already current. Uses the frozen lockfile when there is one, so every
 * machine benchmarks the same peer versions.
 * @param {string} dir
 * @param {(line: string) => void} log
 */
export function ensureInstalled(dir, log) {
  if (isInstalled(dir)) return;
  const frozen = existsSync(join(dir, 'pnpm-lock.yaml'));
  log(`installing ${dir}${frozen ? '' : ' (no lockfile yet: resolving)'}`);
  const args = ['install', '--ignore-workspace', '--dir', dir, '--reporter=silent'];
  args.push(frozen ? '--frozen-lockfile' : '--no-frozen-lockfile');
  const r = spawnSync('pnpm', args, { stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.error) throw new Error(`pnpm not runnable (${r.error.message}); run via \`npm run bench\``);
  if (r.status !== 0) throw new Error(`pnpm install failed in ${dir} (exit ${r.status})`);
  writeFileSync(join(dir, 'node_modules', STAMP), fingerprint(dir));
}
