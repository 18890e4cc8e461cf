import { countTokens } from '../tokens.js';

/**
 * Provider-neutral view of a conversation, built by each endpoint from its own wire format, so the
 * reply rules and the token rules below are the same for Chat Completions and Responses.
 */
export interface Turn {
  role: string;
  text: string;
  /** Image parts, each counted as a fixed number of tokens. */
  images: number;
  toolCalls: ToolCallSpec[];
}

export interface ToolCallSpec {
  name: string;
  arguments: string;
}

export interface ToolSpec {
  name: string;
  description?: string;
  parameters?: unknown;
}

/** `auto` | `none` | `required` | the name of the one function that must be called. */
export type ToolChoice = 'auto' | 'none' | 'required' | { name: string };

export type ReplyPlan =
  | { kind: 'text'; text: string }
  | { kind: 'tool_calls'; calls: ToolCallSpec[] };

export const MESSAGE_OVERHEAD_TOKENS = 4;
export const REPLY_PRIMING_TOKENS = 3;
export const IMAGE_TOKENS = 85;
export const EMPTY_PROMPT_REPLY = 'Hello! How can I help you today?';

export function promptTokens(turns: Turn[], tools: ToolSpec[], instructions?: string): number {
  let n = REPLY_PRIMING_TOKENS;
  if (instructions) n += MESSAGE_OVERHEAD_TOKENS + countTokens(instructions);
  for (const t of turns) {
    n += MESSAGE_OVERHEAD_TOKENS + countTokens(t.text) + t.images * IMAGE_TOKENS;
    for (const c of t.toolCalls) n += countTokens(c.name) + countTokens(c.arguments);
  }
  for (const tool of tools) n += countTokens(JSON.stringify(tool));
  return n;
}

export function toolCallTokens(calls: ToolCallSpec[]): number {
  let n = 0;
  for (const c of calls) n += countTokens(c.name) + countTokens(c.arguments);
  return n;
}

/**
 * The reply rule:
 * - tools are called when the request has function tools, `tool_choice` is not `none`, and either
 *   `tool_choice` forces it (`required` → the tools named in the last user message, else the first
 *   tool; a named function → that one), or the last turn is a user message that mentions a tool's
 *   name (case-insensitive) → every mentioned tool, in declaration order (only the first when
 *   `parallel_tool_calls` is false);
 * - otherwise the text is `Echo: <text of the last user or tool turn>` (a canned greeting when that
 *   text is empty).
 */
export function planReply(
  turns: Turn[],
  tools: ToolSpec[],
  choice: ToolChoice,
  parallel: boolean,
): ReplyPlan {
  const last = turns[turns.length - 1];
  if (tools.length > 0 && choice !== 'none') {
    let chosen: ToolSpec[] = [];
    if (typeof choice === 'object') {
      chosen = tools.filter((t) => t.name === choice.name).slice(0, 1);
    } else if (last?.role === 'user') {
      const text = last.text.toLowerCase();
      chosen = tools.filter((t) => text.includes(t.name.toLowerCase()));
    }
    if (chosen.length === 0 && choice === 'required') chosen = tools.slice(0, 1);
    if (!parallel) chosen = chosen.slice(0, 1);
    if (chosen.length > 0) {
      return {
        kind: 'tool_calls',
        calls: chosen.map((t) => ({ name: t.name, arguments: exampleArguments(t.parameters) })),
      };
    }
  }
  return { kind: 'text', text: echoText(turns) };
}

function echoText(turns: Turn[]): string {
  for (let i = turns.length - 1; i >= 0; i--) {
    const t = turns[i]!;
    if (t.role === 'user' || t.role === 'tool') {
      const text = t.text.trim();
      return text.length > 0 ? `Echo: ${text}` : EMPTY_PROMPT_REPLY;
    }
  }
  return EMPTY_PROMPT_REPLY;
}

/** The text of choice `index` (n > 1): choice 0 is the plain reply, others are numbered. */
export function textForChoice(text: string, index: number): string {
  if (index === 0) return text;
  return text.startsWith('Echo: ')
    ? `Echo #${index + 1}: ${text.slice(6)}`
    : `${text} (#${index + 1})`;
}

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  enum?: unknown[];
  default?: unknown;
  items?: JsonSchema;
}

/**
 * Arguments that satisfy the tool's JSON schema: each property takes its `default`, else its first
 * `enum` value, else `"<property>_value"` for strings, 1 for numbers, true for booleans, [] for
 * arrays and {} (recursively filled) for objects.
 */
export function exampleArguments(parameters: unknown): string {
  const schema = (parameters ?? {}) as JsonSchema;
  const value = exampleValue(schema, 'value');
  return JSON.stringify(value !== null && typeof value === 'object' ? value : {});
}

function exampleValue(schema: JsonSchema, name: string): unknown {
  if (schema.default !== undefined) return schema.default;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[0];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'object' || (type === undefined && schema.properties)) {
    const out: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(schema.properties ?? {}))
      out[key] = exampleValue(sub, key);
    return out;
  }
  switch (type) {
    case 'string':
      return `${name}_value`;
    case 'number':
    case 'integer':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [];
    case 'null':
      return null;
    default:
      return `${name}_value`;
  }
}

/** Cached prompt tokens: OpenAI caches prefixes of prompts of ≥ 1024 tokens in 128-token steps. */
export const CACHE_MIN_TOKENS = 1024;
export const CACHE_STEP_TOKENS = 128;

export function cachedTokensFor(prompt: number, override: string | string[] | undefined): number {
  const forced = typeof override === 'string' ? Number.parseInt(override, 10) : Number.NaN;
  if (Number.isFinite(forced)) return Math.max(0, Math.min(prompt, forced));
  return prompt >= CACHE_MIN_TOKENS
    ? Math.floor(prompt / CACHE_STEP_TOKENS) * CACHE_STEP_TOKENS
    : 0;
}
