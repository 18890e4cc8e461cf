import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, parse } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InstrumentationDescriptor } from '@genai-otel/instrumentation-core';
import { bundledModule } from '../../import-sync.js';

/**
 * The package.json field an instrumentation package sets to be found: its main entry then
 * exports `descriptor`, an `InstrumentationDescriptor` (or `descriptors`, several).
 */
export const DESCRIPTOR_FIELD = 'genai-otel';

/** Package names looked at: ours, and a community package named by the same convention. */
const SCOPE = '@genai-otel';
const PREFIX = 'instrumentation-';
const COMMUNITY_PREFIX = 'genai-otel-instrumentation-';

/** Every `node_modules` folder Node would search from `dir`, nearest first. */
function nodeModulesChain(dir: string): string[] {
  const out: string[] = [];
  const { root } = parse(dir);
  for (let at = dir; ; at = dirname(at)) {
    if (!at.endsWith('node_modules')) out.push(join(at, 'node_modules'));
    if (at === root) break;
  }
  return out;
}

function candidates(nodeModules: string): string[] {
  const out: string[] = [];
  const scoped = join(nodeModules, SCOPE);
  if (existsSync(scoped)) {
    for (const name of readdirSync(scoped)) {
      if (name.startsWith(PREFIX)) out.push(join(scoped, name));
    }
  }
  if (existsSync(nodeModules)) {
    for (const name of readdirSync(nodeModules)) {
      if (name.startsWith(COMMUNITY_PREFIX)) out.push(join(nodeModules, name));
    }
  }
  return out;
}

interface Descriptors {
  descriptor?: InstrumentationDescriptor;
  descriptors?: readonly InstrumentationDescriptor[];
}

interface PackageJson {
  name?: string;
  [DESCRIPTOR_FIELD]?: { instrumentation?: boolean };
}

/**
 * The instrumentation packages installed where the app and the sdk can see them: the
 * `node_modules` chains of the sdk itself, of the working directory and of the app's main script.
 * A package counts when its package.json says `"genai-otel": { "instrumentation": true }`; the
 * first copy of a name wins (nearest first). Nothing here names a provider.
 * `onError` hears about a package that says it is one but cannot be loaded.
 */
export function discoverInstrumentations(
  from: readonly string[] = defaultRoots(),
  onError: (pkg: string, error: unknown) => void = () => {},
): InstrumentationDescriptor[] {
  const seenPackages = new Set<string>();
  const byName = new Map<string, InstrumentationDescriptor>();
  for (const start of from) {
    for (const nodeModules of nodeModulesChain(start)) {
      for (const dir of candidates(nodeModules)) {
        let pkg: PackageJson;
        try {
          pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
        } catch {
          continue;
        }
        if (pkg[DESCRIPTOR_FIELD]?.instrumentation !== true || typeof pkg.name !== 'string')
          continue;
        if (seenPackages.has(pkg.name)) continue;
        seenPackages.add(pkg.name);
        try {
          // require(esm): start is synchronous (under --import the app runs right after).
          // Resolved by name from the folder it was found in, so its `exports` map applies.
          // Inside the register bundle, its own copy of a package it holds.
          const loaded = (bundledModule<Descriptors>(pkg.name) ??
            createRequire(join(dirname(nodeModules), 'noop.js'))(pkg.name)) as Descriptors;
          // One package may describe several (http and undici).
          for (const descriptor of loaded.descriptors ?? [loaded.descriptor]) {
            if (descriptor && typeof descriptor.name === 'string' && !byName.has(descriptor.name))
              byName.set(descriptor.name, descriptor);
          }
        } catch (error) {
          onError(pkg.name, error);
        }
      }
    }
  }
  return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
}

function defaultRoots(): string[] {
  const roots = [dirname(fileURLToPath(import.meta.url)), process.cwd()];
  const main = process.argv[1];
  if (main) roots.push(dirname(main));
  return roots;
}

let installed: InstrumentationDescriptor[] | undefined;
const loadErrors: [string, unknown][] = [];

/** `discoverInstrumentations()` from the default places, once per process. */
export function installedInstrumentations(): readonly InstrumentationDescriptor[] {
  installed ??= discoverInstrumentations(undefined, (pkg, error) => loadErrors.push([pkg, error]));
  return installed;
}

/** Instrumentation packages found but not loadable, for the receiver to report once. */
export function instrumentationLoadErrors(): readonly [string, unknown][] {
  installedInstrumentations();
  return loadErrors;
}
