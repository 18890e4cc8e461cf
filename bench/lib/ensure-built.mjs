// The benchmarks import workspace packages by name, i.e. from their dist/. `npm run bench` builds
// everything first (turbo); run directly (`pnpm --dir bench run bench`), a missing build is made
// here rather than failing on an import.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { benchDir } from './variants.mjs';

/**
 * Builds a workspace package the bench imports, with what it depends on, if its dist/ is missing.
 * @param {string} pkg
 * @param {(line: string) => void} log
 */
export function ensureBuilt(pkg, log) {
  const req = createRequire(join(benchDir, 'package.json'));
  const pkgDir = join(req.resolve(`${pkg}/package.json`), '..');
  if (existsSync(join(pkgDir, 'dist', 'index.js'))) return;
  log(`building ${pkg}`);
  const r = spawnSync('pnpm', ['--filter', `${pkg}...`, 'build'], {
    cwd: benchDir,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (r.status !== 0 || !existsSync(join(pkgDir, 'dist', 'index.js'))) {
    throw new Error(`${pkg} has no dist/ and did not build`);
  }
}
