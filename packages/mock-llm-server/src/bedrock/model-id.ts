/** The request-body format of a model family on InvokeModel. */
export type InvokeFamily =
  | 'anthropic'
  | 'nova'
  | 'titan-text'
  | 'titan-embed'
  | 'cohere-embed'
  | 'llama'
  | 'mistral';

export interface ResolvedModel {
  /** The id as the caller wrote it (decoded from the path). */
  id: string;
  /** The foundation model id behind it, when the id names one (`anthropic.claude-…`). */
  base?: string;
  /** `us`, `eu`, `apac`, `global`, … for cross-region inference profiles. */
  profilePrefix?: string;
  /** Application inference profiles and provisioned throughput hide their model: read the body. */
  opaque: boolean;
  family?: InvokeFamily;
}

const PROFILE_PREFIX = /^(us|eu|apac|global|us-gov|jp|au|ca)\.(.+)$/;
const ARN = /^arn:aws[\w-]*:bedrock:[\w-]*:\d*:(?<kind>[\w-]+)\/(?<rest>.+)$/;

/** Model vendors Bedrock serves; an id outside them is `The provided model identifier is invalid.` */
const VENDORS =
  /^(anthropic|amazon|meta|mistral|cohere|ai21|deepseek|openai|qwen|writer|twelvelabs|stability|luma|moonshot|minimax|google|nvidia)\./;

/**
 * Bare ids, cross-region profiles (`us.anthropic.…`), and ARNs of foundation models, system
 * inference profiles, application inference profiles and provisioned throughput.
 */
export function resolveModel(id: string): ResolvedModel | undefined {
  let rest = id;
  const arn = ARN.exec(id);
  if (arn?.groups) {
    const kind = arn.groups.kind!;
    rest = arn.groups.rest!;
    if (kind === 'application-inference-profile' || kind === 'provisioned-model') {
      return { id, opaque: true };
    }
    if (kind !== 'foundation-model' && kind !== 'inference-profile') return undefined;
  }
  const resolved: ResolvedModel = { id, opaque: false };
  const profile = PROFILE_PREFIX.exec(rest);
  if (profile) {
    resolved.profilePrefix = profile[1]!;
    rest = profile[2]!;
  }
  if (!VENDORS.test(rest)) return undefined;
  resolved.base = rest;
  const family = familyOf(rest);
  if (family) resolved.family = family;
  return resolved;
}

export function familyOf(base: string): InvokeFamily | undefined {
  if (base.startsWith('anthropic.')) return 'anthropic';
  if (base.startsWith('amazon.nova')) return 'nova';
  if (base.startsWith('amazon.titan-embed')) return 'titan-embed';
  if (base.startsWith('amazon.titan-t')) return 'titan-text';
  if (base.startsWith('cohere.embed')) return 'cohere-embed';
  if (base.startsWith('meta.llama')) return 'llama';
  if (base.startsWith('mistral.')) return 'mistral';
  return undefined;
}

/** The family of an opaque model read from its request body's shape. */
export function familyFromBody(body: Record<string, unknown>): InvokeFamily | undefined {
  if (typeof body.anthropic_version === 'string') return 'anthropic';
  if (
    body.schemaVersion === 'messages-v1' ||
    (Array.isArray(body.messages) && body.inferenceConfig)
  )
    return 'nova';
  if (Array.isArray(body.texts)) return 'cohere-embed';
  if (typeof body.inputText === 'string')
    return body.textGenerationConfig ? 'titan-text' : 'titan-embed';
  if (typeof body.prompt === 'string') return 'max_gen_len' in body ? 'llama' : 'mistral';
  if (Array.isArray(body.messages)) return 'mistral';
  return undefined;
}

/** Anthropic's own model name (`claude-3-5-sonnet-20241022`) as it reports it in `model`. */
export function anthropicModelName(base: string | undefined): string {
  if (!base) return 'claude';
  return base.replace(/^anthropic\./, '').replace(/-v\d+(:\d+)?$/, '');
}
