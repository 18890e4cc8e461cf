import type { ToolChoice, ToolSpec, Turn } from '../openai/reply.js';
import { countTokens } from '../tokens.js';
import { BUILT_IN_TOOLS, MEDIA_PART_TOKENS } from './models.js';

/** The parts of a Gemini `Part` the mock reads. */
export interface GeminiPart {
  text?: string;
  thought?: boolean;
  inlineData?: unknown;
  fileData?: unknown;
  functionCall?: { name?: string; args?: unknown; id?: string };
  functionResponse?: { name?: string; response?: unknown; id?: string };
}

export interface GeminiContent {
  role?: string;
  parts?: GeminiPart[];
}

interface GeminiTool {
  functionDeclarations?: {
    name: string;
    description?: string;
    parameters?: unknown;
    parametersJsonSchema?: unknown;
  }[];
  [builtIn: string]: unknown;
}

export interface GenerateContentRequest {
  contents?: GeminiContent[];
  systemInstruction?: GeminiContent;
  tools?: GeminiTool[];
  toolConfig?: { functionCallingConfig?: { mode?: string; allowedFunctionNames?: string[] } };
  generationConfig?: {
    maxOutputTokens?: number;
    candidateCount?: number;
    thinkingConfig?: { thinkingBudget?: number; thinkingLevel?: string; includeThoughts?: boolean };
  };
  cachedContent?: string;
}

/** Token counts of a request, split by modality as `promptTokensDetails` reports them. */
export interface PromptCount {
  text: number;
  media: number;
}

/** Gemini's conversation as the provider-neutral turns `planReply` reads. */
export function turnsOf(contents: GeminiContent[]): Turn[] {
  return contents.map((c) => {
    const parts = c.parts ?? [];
    const responses = parts.filter((p) => p.functionResponse);
    const text = parts
      .filter((p) => typeof p.text === 'string' && !p.thought)
      .map((p) => p.text)
      .join('');
    return {
      role: responses.length > 0 ? 'tool' : c.role === 'model' ? 'assistant' : 'user',
      text:
        responses.length > 0
          ? responses.map((p) => JSON.stringify(p.functionResponse?.response ?? {})).join('\n')
          : text,
      images: parts.filter((p) => p.inlineData || p.fileData).length,
      toolCalls: parts
        .filter((p) => p.functionCall)
        .map((p) => ({
          name: p.functionCall?.name ?? '',
          arguments: JSON.stringify(p.functionCall?.args ?? {}),
        })),
    };
  });
}

/**
 * Prompt tokens: every text part (system instruction included), the name and JSON of every
 * function call and response, 258 per media part, and the JSON of every function declaration.
 */
export function countPrompt(req: GenerateContentRequest): PromptCount {
  const count: PromptCount = { text: 0, media: 0 };
  const contents = [
    ...(req.systemInstruction ? [req.systemInstruction] : []),
    ...(req.contents ?? []),
  ];
  for (const c of contents) {
    for (const p of c.parts ?? []) {
      if (typeof p.text === 'string' && !p.thought) count.text += countTokens(p.text);
      if (p.inlineData || p.fileData) count.media += MEDIA_PART_TOKENS;
      if (p.functionCall) {
        count.text +=
          countTokens(p.functionCall.name ?? '') +
          countTokens(JSON.stringify(p.functionCall.args ?? {}));
      }
      if (p.functionResponse) {
        count.text +=
          countTokens(p.functionResponse.name ?? '') +
          countTokens(JSON.stringify(p.functionResponse.response ?? {}));
      }
    }
  }
  for (const decl of functionDeclarations(req)) count.text += countTokens(JSON.stringify(decl));
  return count;
}

function functionDeclarations(req: GenerateContentRequest) {
  return (req.tools ?? []).flatMap((t) => t.functionDeclarations ?? []);
}

export function builtInToolCount(req: GenerateContentRequest): number {
  let n = 0;
  for (const t of req.tools ?? [])
    for (const name of BUILT_IN_TOOLS) if (t[name] !== undefined) n++;
  return n;
}

/** Function declarations as tool specs, their OpenAPI types (`OBJECT`, `STRING`) lower-cased. */
export function toolSpecsOf(req: GenerateContentRequest): ToolSpec[] {
  return functionDeclarations(req).map((d) => ({
    name: d.name,
    parameters: lowerTypes(d.parametersJsonSchema ?? d.parameters),
  }));
}

/** `functionCallingConfig` as the neutral tool choice: NONE, ANY (one allowed name → that one), AUTO. */
export function toolChoiceOf(
  req: GenerateContentRequest,
  tools: ToolSpec[],
): {
  choice: ToolChoice;
  tools: ToolSpec[];
} {
  const config = req.toolConfig?.functionCallingConfig;
  const mode = (config?.mode ?? 'AUTO').toUpperCase();
  if (mode === 'NONE') return { choice: 'none', tools };
  if (mode !== 'ANY') return { choice: 'auto', tools };
  const allowed = config?.allowedFunctionNames;
  if (allowed && allowed.length > 0) {
    const only = tools.filter((t) => allowed.includes(t.name));
    return { choice: only.length === 1 ? { name: only[0]!.name } : 'required', tools: only };
  }
  return { choice: 'required', tools };
}

function lowerTypes(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(lowerTypes);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    out[k] = k === 'type' && typeof v === 'string' ? v.toLowerCase() : lowerTypes(v);
  }
  return out;
}
