// What the two bundling steps share: scripts/bundle-dist.mjs (each package's own files) and
// packages/register/scripts/bundle-register.mjs (the `node --import` entry with everything it runs).
import { isBuiltin } from 'node:module';

/** A bare specifier's package name (`@scope/name` or `name`). */
export function packageOf(specifier) {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/**
 * Node's built-ins are taken with `process.getBuiltinModule`, never with an ES `import`: Node
 * builds an ES module facade of a built-in by reading every export, and reading `node:http`'s
 * `WebSocket` loads Node's bundled undici, ~70 ms of CPU and 12 MiB at start-up whoever asks
 * (bench/README.md, startup). Named imports become property reads at the call, as a CommonJS
 * `require` gives them. A dynamic `import()` of a built-in stays one.
 *
 * A bare specifier is bundled when `bundle(specifier)` says so, and otherwise stays an import.
 */
export function nodeResolvePlugin(bundle) {
  return {
    name: 'genai-otel-node-resolve',
    setup(b) {
      b.onResolve({ filter: /^[^./]/ }, (args) => {
        if (isBuiltin(args.path)) {
          if (args.kind === 'dynamic-import') return { path: args.path, external: true };
          const id = args.path.startsWith('node:') ? args.path : `node:${args.path}`;
          return { path: id, namespace: 'node-builtin' };
        }
        if (bundle(args.path, args)) return undefined;
        return { path: args.path, external: true };
      });
      b.onLoad({ filter: /.*/, namespace: 'node-builtin' }, (args) => ({
        contents: `module.exports = process.getBuiltinModule(${JSON.stringify(args.path)});`,
        loader: 'js',
      }));
    },
  };
}

/**
 * A warning of esbuild's (an import dropped as side-effect free, a missing export) changes
 * behaviour: the build fails rather than ship it. Returns whether there was any.
 */
export function reportProblems(result, label) {
  const problems = [...result.errors, ...result.warnings];
  for (const m of problems) {
    const at = m.location ? ` (${m.location.file}:${m.location.line})` : '';
    console.error(`${label}: ${m.text}${at}`);
  }
  return problems.length > 0;
}
