// Build step (after tsc and scripts/bundle-dist.mjs): `dist/bundle/`, what `node --import
// @genai-otel/register` loads: the register, the sdk, every genai-otel package and the
// OpenTelemetry SDK packages they use, as a few ES module files instead of ~450 modules.
//
// Why: a start with the demo's config spent more on loading modules (resolution, package.json
// reads, compiling the whole of `@opentelemetry/semantic-conventions` for a dozen constants) than
// on starting anything. One bundle cut its CPU time by ~30 % (bench/README.md, startup).
//
// How it stays one copy of everything:
// - Packages loaded at run time by name (the sdk's `importSync`, its instrumentation discovery)
//   are entries of this same build, `lazy-*.js`, loaded through `__GENAI_OTEL_BUNDLED__` (see
//   the sdk's import-sync.ts): they share the chunks of the main entry, so nothing exists twice.
// - What must stay shared with the app or with other instrumentations stays an import:
//   `@opentelemetry/api` (its globals), `@opentelemetry/instrumentation` and the module hooks
//   (one hook chain for every instrumentation), and heavy optional clients (AWS SDK, langsmith,
//   gRPC, protobufjs, ajv), loaded only when configured.
// - `import.meta.url` of a bundled file becomes the URL the file has in its own installed
//   package: package files (schemas, validators, pricing tables) and what a package resolves with
//   `createRequire(import.meta.url)` are found as before.
// - An external the bundle resolves from its own folder (an `import`, a dynamic `import("x")`,
//   `import.meta.resolve("x")`) must be a dependency of the register that resolves to the very
//   package folder its importer would get: checked here, the build fails otherwise.
//
//   node scripts/bundle-register.mjs      (from packages/register; BUNDLE_METAFILE=<file> also
//                                          writes esbuild's metafile, to see what is where)
import {
  existsSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { build } from 'esbuild';
import {
  nodeResolvePlugin,
  packageOf,
  reportProblems,
} from '../../../scripts/lib/esbuild-node.mjs';

const root = realpathSync(process.cwd());
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const out = join(root, 'dist', 'bundle');

/** Stay imports (see the header); a static import of one must be a dependency of ours. */
const EXTERNAL = [
  '@opentelemetry/api',
  '@opentelemetry/instrumentation',
  'import-in-the-middle',
  'require-in-the-middle',
  'langsmith',
  'protobufjs',
  'ajv',
  'otlp-transformer-protos',
  // The log bridges: loaded only for a logs pipeline, and built with an import.meta of their own.
  '@opentelemetry/instrumentation-pino',
  '@opentelemetry/instrumentation-winston',
  '@opentelemetry/winston-transport',
];
const EXTERNAL_SCOPES = ['@aws-sdk/', '@smithy/', '@grpc/'];
const isExternal = (specifier) => {
  const name = packageOf(specifier);
  return EXTERNAL.includes(name) || EXTERNAL_SCOPES.some((s) => name.startsWith(s));
};

/** The folder of package `name` as Node's lookup from `dir` finds it (real path), or null. */
function packageDir(dir, name) {
  for (let at = dir; ; at = dirname(at)) {
    if (!at.endsWith(`${sep}node_modules`)) {
      const candidate = join(at, 'node_modules', name);
      if (existsSync(join(candidate, 'package.json'))) return realpathSync(candidate);
    }
    if (at === dirname(at)) return null;
  }
}

/** A package's root folder (its package.json's), resolved as Node would from `fromRoot`. */
function resolveRoot(fromRoot, name) {
  const entry = createRequire(join(fromRoot, 'package.json')).resolve(`${name}/package.json`);
  return realpathSync(dirname(entry));
}

// Every genai-otel package reachable from here, each with the package it is resolved from: the
// run-time resolution of a bundled file's own package follows the same chain.
const packages = new Map([[pkg.name, { root, parent: null }]]);
const byRoot = new Map([[root, pkg.name]]);
for (const [name, info] of packages) {
  const manifest = JSON.parse(readFileSync(join(info.root, 'package.json'), 'utf8'));
  for (const dep of Object.keys(manifest.dependencies ?? {})) {
    if (!dep.startsWith('@genai-otel/') || packages.has(dep)) continue;
    const depRoot = resolveRoot(info.root, dep);
    packages.set(dep, { root: depRoot, parent: name });
    byRoot.set(depRoot, dep);
  }
}

/** The genai-otel package a file belongs to, and its path in it; null for anyone else's. */
function ownerOf(file) {
  for (let dir = dirname(file); dir !== dirname(dir); dir = dirname(dir)) {
    const name = byRoot.get(dir);
    if (name) return { name, path: relative(dir, file).split(sep).join('/') };
    if (dir.endsWith(`${sep}node_modules`)) return null;
  }
  return null;
}

/**
 * An instrumentation built against another version of `@opentelemetry/instrumentation` than ours
 * (`undici`: 0.300) gets that version bundled, a copy of its own, as its install gives it; the
 * module hooks that copy imports are still the shared ones (checked like every external).
 */
function privateCopy(specifier, importer) {
  if (packageOf(specifier) !== '@opentelemetry/instrumentation') return false;
  const theirs = packageDir(dirname(importer), '@opentelemetry/instrumentation');
  return theirs !== null && theirs !== packageDir(root, '@opentelemetry/instrumentation');
}

/** [bare specifier, importing file] of every external the bundle resolves from its folder. */
const resolvedAtRunTime = [];

// What the sdk loads by name at run time: every `importSync("…")` in its build, and the
// instrumentation packages its genai receiver discovers (ours: the register's dependencies).
const sdkRoot = packages.get('@genai-otel/sdk').root;
const lazy = new Map();
for (const file of readdirSync(join(sdkRoot, 'dist'), { recursive: true })) {
  if (!file.endsWith('.js')) continue;
  const source = readFileSync(join(sdkRoot, 'dist', file), 'utf8');
  for (const m of source.matchAll(/\bimportSync\(\s*["']([^"']+)["']\s*\)/g)) {
    // An external one is resolved from the bundle's folder (import.meta.resolve: see below).
    if (isExternal(m[1])) resolvedAtRunTime.push([m[1], join(sdkRoot, 'dist', file)]);
    else lazy.set(m[1], sdkRoot);
  }
}
for (const name of Object.keys(pkg.dependencies)) {
  if (!name.startsWith('@genai-otel/')) continue;
  const manifest = JSON.parse(readFileSync(join(packages.get(name).root, 'package.json'), 'utf8'));
  if (manifest['genai-otel']?.instrumentation === true) lazy.set(name, root);
}
if (lazy.size < 10)
  throw new Error(`only ${lazy.size} lazily loaded packages found: ${[...lazy.keys()]}`);
const lazyFile = (specifier) =>
  `lazy-${specifier.replace(/^@/, '').replace(/[^a-zA-Z0-9]+/g, '-')}`;

// Imported by every file that needs it (an `inject` for the free `__GENAI_OTEL_BUNDLED__`, an
// import for the origins): esbuild puts it into one shared chunk, next to the entry.
const runtime = join(tmpdir(), `genai-otel-bundle-runtime-${process.pid}.mjs`);
const chain = Object.fromEntries([...packages].map(([name, info]) => [name, info.parent]));
const table = Object.fromEntries([...lazy.keys()].map((s) => [s, `./${lazyFile(s)}.js`]));
writeFileSync(
  runtime,
  `// The register bundle's run time (packages/register/scripts/bundle-register.mjs).
const { createRequire } = process.getBuiltinModule('node:module');
const { dirname, join } = process.getBuiltinModule('node:path');
const { fileURLToPath, pathToFileURL } = process.getBuiltinModule('node:url');
const { readFileSync } = process.getBuiltinModule('node:fs');
const here = import.meta.url;
const require = createRequire(here);
const PARENT = ${JSON.stringify(chain)};
const TABLE = ${JSON.stringify(table)};
const roots = new Map();
function registerRoot() {
  for (let dir = dirname(fileURLToPath(here)); dir !== dirname(dir); dir = dirname(dir)) {
    try {
      if (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name === ${JSON.stringify(pkg.name)}) return dir;
    } catch {}
  }
  throw new Error('the register bundle is not inside its package');
}
function packageRoot(name) {
  let dir = roots.get(name);
  if (dir === undefined) {
    const parent = PARENT[name];
    dir = parent === null
      ? registerRoot()
      : dirname(createRequire(join(packageRoot(parent), 'package.json')).resolve(name + '/package.json'));
    roots.set(name, dir);
  }
  return dir;
}
/** \`import.meta.url\` of a bundled file: its URL in its own installed package. */
export function __genaiOrigin(name, path) {
  return pathToFileURL(join(packageRoot(name), path)).href;
}
/** The bundle's own copy of a package loaded by name, if it holds one. */
export function __GENAI_OTEL_BUNDLED__(specifier) {
  const file = TABLE[specifier];
  return file === undefined ? undefined : require(fileURLToPath(new URL(file, here)));
}
`,
);

const RUNTIME_IMPORT = `import { __genaiOrigin } from ${JSON.stringify(runtime)};\n`;

/**
 * Rewrites `import.meta.url` in genai-otel's files (header), and notes the bare specifiers they
 * resolve from the bundle's folder at run time. A package root is found through its
 * `./package.json` export, which every genai-otel package has.
 */
const originPlugin = {
  name: 'genai-otel-origin',
  setup(b) {
    b.onLoad({ filter: /\.(m?js|cjs)$/ }, (args) => {
      if (args.path === runtime) return undefined;
      const source = readFileSync(args.path, 'utf8');
      const owner = ownerOf(args.path);
      if (owner === null) {
        if (source.includes('import.meta')) {
          throw new Error(`${args.path} uses import.meta and is not a genai-otel package's file`);
        }
        return undefined;
      }
      for (const m of source.matchAll(
        /\b(?:import|import\.meta\.resolve)\(\s*["']([^"'./][^"']*)["']\s*\)/g,
      )) {
        if (!m[1].startsWith('node:')) resolvedAtRunTime.push([m[1], args.path]);
      }
      const at = `${JSON.stringify(owner.name)}, ${JSON.stringify(owner.path)}`;
      let contents = source.replaceAll('import.meta.url', `__genaiOrigin(${at})`);
      if (contents === source) return undefined;
      if (/import\.meta\.(?!resolve\()/.test(contents)) {
        throw new Error(`${args.path}: an import.meta use this build does not rewrite`);
      }
      contents = RUNTIME_IMPORT + contents;
      return { contents, loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

/**
 * A package's bundle (scripts/bundle-dist.mjs) imports its shared chunks by relative path, some
 * for their evaluation order alone (`import "./chunk-X.js"`): kept as written, though the package
 * says `"sideEffects": false` (which speaks of its modules, not of its build's chunks).
 */
const chunkPlugin = {
  name: 'genai-otel-chunks',
  setup(b) {
    b.onResolve({ filter: /^\.\.?\/(chunks\/)?chunk-[A-Z0-9]+\.js$/ }, (args) => {
      if (ownerOf(args.importer) === null) return undefined;
      return { path: join(args.resolveDir, args.path), sideEffects: true };
    });
  },
};

/** `lazy:<specifier>` entries: the package's exports, resolved from the package that uses it. */
const lazyPlugin = {
  name: 'genai-otel-lazy',
  setup(b) {
    b.onResolve({ filter: /^lazy:/ }, (args) => ({ path: args.path.slice(5), namespace: 'lazy' }));
    b.onLoad({ filter: /.*/, namespace: 'lazy' }, (args) => ({
      contents: `export * from ${JSON.stringify(args.path)};`,
      loader: 'js',
      resolveDir: lazy.get(args.path),
    }));
  },
};

rmSync(out, { recursive: true, force: true });
let result;
try {
  result = await build({
    entryPoints: [
      { in: join(root, 'dist', 'index.js'), out: 'index' },
      ...[...lazy.keys()].map((s) => ({ in: `lazy:${s}`, out: lazyFile(s) })),
    ],
    outdir: out,
    splitting: true,
    chunkNames: 'chunk-[hash]',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node22',
    inject: [runtime],
    plugins: [
      chunkPlugin,
      lazyPlugin,
      originPlugin,
      nodeResolvePlugin((specifier, args) => {
        if (!isExternal(specifier)) return true;
        if (privateCopy(specifier, args.importer)) return true;
        resolvedAtRunTime.push([specifier, args.importer]);
        return false;
      }),
    ],
    sourcemap: true,
    legalComments: 'inline',
    // Less to parse at every start (~5 % of its CPU); names are kept, so stack traces still name
    // functions, and the source maps lead back to each package's sources.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'silent',
  });
} finally {
  rmSync(runtime, { force: true });
}
if (reportProblems(result, `${pkg.name} bundle`)) process.exit(1);
if (process.env.BUNDLE_METAFILE)
  writeFileSync(process.env.BUNDLE_METAFILE, JSON.stringify(result.metafile));

// Externals resolved from the bundle's folder: each must be what its importer would have got.
const problems = [];
for (const [specifier, importer] of resolvedAtRunTime) {
  const name = packageOf(specifier);
  const ours = packageDir(root, name);
  const theirs = packageDir(dirname(importer), name);
  if (ours !== theirs) {
    problems.push(
      `${specifier} (imported by ${relative(root, importer)}) resolves to ${ours ?? 'nothing'} from ${pkg.name}, to ${theirs} from its importer: make it a dependency of ${pkg.name} with the importer's version`,
    );
  }
}
if (problems.length > 0) {
  for (const p of new Set(problems)) console.error(`${pkg.name} bundle: ${p}`);
  process.exit(1);
}
const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(
  `${pkg.name}: bundled dist/bundle/ (${lazy.size} lazily loaded packages, ${Math.round(bytes / 1024)} KiB)`,
);
