/**
 * Model id forms seen on spans, reduced step by step to the ids a pricing table lists:
 * `openai/gpt-4o`, `models/gemini-2.5-pro`, `arn:…:inference-profile/us.anthropic.claude-…-v1:0`,
 * `gpt-4o-2024-08-06`, `claude-3-5-sonnet@20240620`, `ft:gpt-4o-mini-2024-07-18:org::id`.
 */

/** Bedrock cross-region inference prefixes (`us.anthropic.…`). */
const REGION_PREFIX = /^(?:us|eu|apac|jp|au|ca|us-gov|global)\./;
/** Bedrock model vendors (`anthropic.claude-…`). */
const VENDOR_PREFIX =
  /^(?:anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|google|nvidia|stability)\./;
const SNAPSHOT_SUFFIXES = [
  /-v\d+(?::\d+)?$/, // Bedrock `-v1:0`, `-v2`
  /:\d+$/, // Bedrock `:0`
  /@\d{8}$/, // Vertex `@20240620`
  /@latest$/,
  /-\d{4}-\d{2}-\d{2}$/, // `-2024-08-06`
  /-\d{8}$/, // `-20241022`
  /-latest$/,
  /-\d{4}$/, // `gpt-4-0613`
  /-\d{3}$/, // `gemini-1.5-pro-002`
  /-preview-\d{2}-\d{2}$/, // `gemini-2.5-pro-preview-05-06`
];

/** The id without a path-style provider prefix (`openai/`, `models/`, an ARN's path). */
export function stripProviderPrefix(id: string): string {
  const slash = id.lastIndexOf('/');
  return slash >= 0 ? id.slice(slash + 1) : id;
}

/** The id without dated-snapshot and version suffixes, repeatedly (`…-20241022-v2:0` → `…`). */
export function stripSnapshot(id: string): string {
  let current = id;
  for (;;) {
    let next = current;
    for (const re of SNAPSHOT_SUFFIXES) next = next.replace(re, '');
    if (next === current || next === '') return current;
    current = next;
  }
}

/** Lowercased, without a provider path prefix: what patterns are matched against. */
export function canonicalModelId(model: string): string {
  return stripProviderPrefix(model.trim().toLowerCase());
}

/** True for Bedrock-style ids (`us.anthropic.…`, `amazon.nova-…`). */
export function looksLikeBedrock(model: string): boolean {
  const id = canonicalModelId(model);
  return REGION_PREFIX.test(id) || VENDOR_PREFIX.test(id) || model.startsWith('arn:aws:bedrock');
}

/** Ids to try for an exact match, most specific first. */
export function modelIdCandidates(model: string): string[] {
  const out: string[] = [];
  const add = (id: string) => {
    if (id !== '' && !out.includes(id)) out.push(id);
  };
  const lower = model.trim().toLowerCase();
  add(lower);
  const base = stripProviderPrefix(lower);
  add(base);
  if (base.startsWith('ft:')) {
    // `ft:<base model>:<org>:<suffix>:<id>`: fine-tuned models have their own (higher) prices.
    const tuned = base.slice(3).split(':')[0] ?? '';
    add(`ft:${tuned}`);
    add(`ft:${stripSnapshot(tuned)}`);
    return out;
  }
  add(stripSnapshot(base));
  const regionless = base.replace(REGION_PREFIX, '');
  add(regionless);
  const vendorless = regionless.replace(VENDOR_PREFIX, '');
  add(vendorless);
  add(stripSnapshot(vendorless));
  return out;
}
