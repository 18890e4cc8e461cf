// Run by a package's `build` after tsc: rewrites each JavaScript entry point the package exports
// (`dist/index.js`, and subpaths such as `dist/rules.js`) as one ES module holding the package's
// own files it imports. Code two entries share goes into a shared chunk, and what a dynamic
// `import()` loads into a chunk of its own, loaded when asked: so a module of the package still
// exists once per process, and lazy stays lazy. Every other package (ours or not) stays an
// `import`, one shared instance per process as before.
//
// Why: Node's ES module loader costs a fixed amount per module (resolution, package.json reads,
// realpath, linking), whatever its size. `node --import @genai-otel/register` with the demo's
// config loaded 703 modules, ~360 of them genai-otel's own small files (bench/README.md, startup).
//
// Node's built-ins are taken with `process.getBuiltinModule` (see lib/esbuild-node.mjs).
//
// `--inline=<package>` (repeatable) bundles that dependency's own files into the package, its
// imports still imports: for a dependency that is an implementation detail and whose ES build
// imports a built-in (the official Prometheus exporter imports `http`).
//
//   node ../../scripts/bundle-dist.mjs [--inline=<package>]...      (from the package's folder)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { build } from 'esbuild';
import { nodeResolvePlugin, packageOf, reportProblems } from './lib/esbuild-node.mjs';

const dir = process.cwd();
const dist = join(dir, 'dist');
const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));

/** The `dist/*.js` files the package's `exports` map names. */
function exportedEntries() {
  const out = new Set();
  for (const target of Object.values(pkg.exports ?? {})) {
    const file = typeof target === 'string' ? target : (target?.import ?? target?.default);
    // `./dist/bundle/` is a later step's output (the register's bundle-register.mjs).
    if (typeof file !== 'string' || file.startsWith('./dist/bundle/')) continue;
    if (file.startsWith('./dist/') && file.endsWith('.js')) out.add(join(dir, file));
  }
  return [...out];
}

const inline = process.argv
  .slice(2)
  .filter((a) => a.startsWith('--inline='))
  .map((a) => a.slice('--inline='.length));

const entryPoints = exportedEntries();
if (entryPoints.length === 0) {
  console.error(`${pkg.name}: no ./dist/*.js entry in package.json "exports" to bundle`);
  process.exit(1);
}
const result = await build({
  entryPoints,
  outdir: dist,
  outbase: dist,
  entryNames: '[dir]/[name]',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  // Written below, over the files esbuild read.
  write: false,
  allowOverwrite: true,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  // Every bare specifier but the --inline ones stays an import; built-ins as in the header.
  plugins: [nodeResolvePlugin((specifier) => inline.includes(packageOf(specifier)))],
  // Through tsc's own maps, so stack traces still name src/*.ts.
  sourcemap: true,
  legalComments: 'inline',
  logLevel: 'silent',
});
if (reportProblems(result, pkg.name)) process.exit(1);
rmSync(join(dist, 'chunks'), { recursive: true, force: true });
for (const file of result.outputFiles) {
  mkdirSync(dirname(file.path), { recursive: true });
  writeFileSync(file.path, file.contents);
}
const names = entryPoints.map((e) => relative(dir, e)).join(', ');
console.log(`${pkg.name}: bundled ${names}`);
