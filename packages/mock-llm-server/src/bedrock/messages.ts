import { IMAGE_TOKENS, type ToolChoice, type ToolSpec, type Turn } from '../openai/reply.js';
import { countTokens } from '../tokens.js';

/** A Converse / Nova content block (the members the mock reads). */
export interface ContentBlock {
  text?: string;
  image?: unknown;
  document?: unknown;
  video?: unknown;
  toolUse?: { toolUseId?: string; name?: string; input?: unknown };
  toolResult?: {
    toolUseId?: string;
    content?: { text?: string; json?: unknown }[];
    status?: string;
  };
  reasoningContent?: { reasoningText?: { text?: string } };
  cachePoint?: { type?: string; ttl?: string };
}

export interface Message {
  role?: string;
  content?: ContentBlock[];
}

export interface ToolConfig {
  tools?: {
    toolSpec?: { name: string; description?: string; inputSchema?: { json?: unknown } };
    cachePoint?: { ttl?: string };
  }[];
  toolChoice?: { auto?: unknown; any?: unknown; tool?: { name: string } };
}

/** Tokens of a prompt, and the part of it before the last cache point. */
export interface PromptTokens {
  total: number;
  /** Tokens up to the last cache point (0 without one). */
  cacheable: number;
  ttl: string;
  /** The conversation already has an assistant turn: its cached prefix is read, not written. */
  followUp: boolean;
}

function blockTokens(b: ContentBlock): number {
  let n = 0;
  if (typeof b.text === 'string') n += countTokens(b.text);
  if (b.image || b.document || b.video) n += IMAGE_TOKENS;
  if (b.toolUse)
    n += countTokens(b.toolUse.name ?? '') + countTokens(JSON.stringify(b.toolUse.input ?? {}));
  if (b.toolResult) n += countTokens(resultText(b.toolResult));
  if (b.reasoningContent?.reasoningText?.text)
    n += countTokens(b.reasoningContent.reasoningText.text);
  return n;
}

function resultText(r: NonNullable<ContentBlock['toolResult']>): string {
  return (r.content ?? [])
    .map((c) => (typeof c.text === 'string' ? c.text : JSON.stringify(c.json ?? {})))
    .join('\n');
}

/**
 * Prompt tokens in the order the model reads them (tools, system, messages): text tokens of every
 * block, the name and JSON input of tool uses, tool results, 85 per image/document, and the JSON
 * of each tool spec. Cache points split off the prefix before the last one.
 */
export function countConversePrompt(
  system: ContentBlock[] | undefined,
  messages: Message[],
  toolConfig: ToolConfig | undefined,
): PromptTokens {
  const out: PromptTokens = { total: 0, cacheable: 0, ttl: '5m', followUp: false };
  const mark = (cp: { ttl?: string }) => {
    out.cacheable = out.total;
    if (cp.ttl) out.ttl = cp.ttl;
  };
  for (const t of toolConfig?.tools ?? []) {
    if (t.toolSpec) out.total += countTokens(JSON.stringify(t.toolSpec));
    if (t.cachePoint) mark(t.cachePoint);
  }
  for (const b of system ?? []) {
    out.total += blockTokens(b);
    if (b.cachePoint) mark(b.cachePoint);
  }
  for (const m of messages) {
    if (m.role === 'assistant') out.followUp = true;
    for (const b of m.content ?? []) {
      out.total += blockTokens(b);
      if (b.cachePoint) mark(b.cachePoint);
    }
  }
  return out;
}

/** Converse messages as the provider-neutral turns `planReply` reads. */
export function converseTurns(messages: Message[]): Turn[] {
  return messages.map((m) => {
    const blocks = m.content ?? [];
    const results = blocks.filter((b) => b.toolResult);
    return {
      role: results.length > 0 ? 'tool' : m.role === 'assistant' ? 'assistant' : 'user',
      text:
        results.length > 0
          ? results.map((b) => resultText(b.toolResult!)).join('\n')
          : blocks.map((b) => b.text ?? '').join(''),
      images: blocks.filter((b) => b.image || b.document).length,
      toolCalls: blocks
        .filter((b) => b.toolUse)
        .map((b) => ({
          name: b.toolUse!.name ?? '',
          arguments: JSON.stringify(b.toolUse!.input ?? {}),
        })),
    };
  });
}

export function converseTools(config: ToolConfig | undefined): {
  tools: ToolSpec[];
  choice: ToolChoice;
} {
  const tools = (config?.tools ?? []).flatMap((t) =>
    t.toolSpec ? [{ name: t.toolSpec.name, parameters: t.toolSpec.inputSchema?.json }] : [],
  );
  const c = config?.toolChoice;
  const choice: ToolChoice = c?.tool ? { name: c.tool.name } : c?.any ? 'required' : 'auto';
  return { tools, choice };
}

/** Converse / Nova cache usage: the cacheable prefix is written on a first turn, read after. */
export function cacheSplit(p: PromptTokens): { input: number; read: number; write: number } {
  if (p.cacheable === 0) return { input: p.total, read: 0, write: 0 };
  return p.followUp
    ? { input: p.total - p.cacheable, read: p.cacheable, write: 0 }
    : { input: p.total - p.cacheable, read: 0, write: p.cacheable };
}

/** Deterministic latency: 100 ms to the first token plus 10 ms per output token. */
export function latencyMs(outputTokens: number): number {
  return 100 + 10 * outputTokens;
}
