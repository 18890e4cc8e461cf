// Another build of a genai-otel instrumentation (a checkout of an earlier commit, built) wrapped
// around the same SDK method as this tree's, in the same process: before/after A/B rounds of a
// change, immune to how busy the machine is between two runs.
//   --before=<dir of a built checkout>   (e.g. `git worktree add /tmp/before HEAD~1`, install, build)
import { delta } from './overhead-rounds.mjs';
import { median, quantile } from './stats.mjs';

/**
 * The `original` method as `<before>/packages/<pkg>/dist`'s `className` wraps it: its own
 * `patchMethod` with the handler its spec gives for `proto[method]` of `moduleExports`. Never
 * enabled (no module hooks), so it patches nothing itself; calls through it are always traced.
 */
export async function beforeWrapper(
  beforeDir,
  { pkg, className, provider, moduleExports, proto, method, original },
) {
  const url = new URL(`packages/${pkg}/dist/index.js`, `file://${beforeDir.replace(/\/?$/, '/')}`);
  const Instrumentation = (await import(url.href))[className];
  const inst = new Instrumentation({ captureMessageContent: false, enabled: false });
  inst.setTracerProvider(provider);
  inst.isEnabled = () => true;
  const target = inst.spec
    .targets(moduleExports)
    .find((t) => t.proto === proto && t.method === method);
  if (!target) throw new Error(`${pkg} (before) has no target ${method}`);
  // Since the core's routed calls (bedrock) `patchMethod` takes the provider's spec first.
  return inst.patchMethod.length >= 3
    ? inst.patchMethod(inst.spec, original, target.handler)
    : inst.patchMethod(original, target.handler);
}

/** `after ÷ before` of two overheads over `none`: median [p25, p75] of per-round ratios. */
export function ratio(R, after, before, none) {
  const r = R[after].map((x, i) => (x - R[none][i]) / (R[before][i] - R[none][i]));
  return { median: median(r), p25: quantile(r, 0.25), p75: quantile(r, 0.75) };
}

export const fmtRatio = (d) => `${d.median.toFixed(2)} [${d.p25.toFixed(2)}, ${d.p75.toFixed(2)}]`;

/**
 * With `--before`: the earlier build's overheads (`genai-otel-before`, `openai-genai-otel-before`)
 * and after ÷ before for the provider and for openai, said on one line; returns the figures.
 */
export function reportBefore(R, mode, provider, say, spread) {
  const b = {
    genaiOtel: delta(R, 'genai-otel-before', 'none'),
    openaiGenaiOtel: delta(R, 'openai-genai-otel-before', 'openai-none'),
    ratio: ratio(R, 'genai-otel', 'genai-otel-before', 'none'),
    openaiRatio: ratio(R, 'openai-genai-otel', 'openai-genai-otel-before', 'openai-none'),
  };
  say(
    `${mode.padEnd(6)} before: ${provider} ${spread(b.genaiOtel)} | openai ${spread(b.openaiGenaiOtel)}` +
      ` || after ÷ before: ${provider} ${fmtRatio(b.ratio)} | openai ${fmtRatio(b.openaiRatio)}`,
  );
  return b;
}
