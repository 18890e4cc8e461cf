/**
 * Prompt templates: which prompt a span rendered or used, with which variables.
 *
 * Name, version and variables are the GenAI conventions' (semantic-conventions-genai #179: one
 * `gen_ai.prompt.variable.<key>` attribute per variable, as `db.query.parameter.<key>` does). The
 * conventions have no attribute for the template text nor an operation for rendering it: those two
 * are genai-otel EXTENSIONS, named after OpenInference's `llm.prompt_template.template` within the
 * conventions' `gen_ai.prompt.*` namespace.
 */

/** The name of the prompt that uniquely identifies it (a prompt hub or registry name). */
export const ATTR_GEN_AI_PROMPT_NAME = 'gen_ai.prompt.name';
/** The version of the prompt template used (any scheme; the prompt registry's own id when there is one). */
export const ATTR_GEN_AI_PROMPT_VERSION = 'gen_ai.prompt.version';
/**
 * The template attribute `gen_ai.prompt.variable.<key>`: one per variable, its value as a string
 * (`genAIPromptVariable(key)` names it). Opt-in content: the values are user data.
 */
export const ATTR_GEN_AI_PROMPT_VARIABLE = 'gen_ai.prompt.variable';
/**
 * Ours: the template text before rendering, as written (`Hello {name}`), or a chat template as
 * the conventions' message JSON. Opt-in content, like system instructions.
 */
export const ATTR_GEN_AI_PROMPT_TEMPLATE = 'gen_ai.prompt.template';

/** `gen_ai.prompt.variable.<key>` for one template variable. */
export function genAIPromptVariable(key: string): string {
  return `${ATTR_GEN_AI_PROMPT_VARIABLE}.${key}`;
}

/**
 * Ours: the `gen_ai.operation.name` of a span that renders a prompt template: the variables as
 * `gen_ai.prompt.variable.<key>`, the rendered prompt as `gen_ai.output.messages`. A value of the
 * same kind as `GENAI_OTEL_OPERATION`'s; span name `render_prompt {gen_ai.prompt.name}`.
 */
export const GENAI_OTEL_OPERATION_RENDER_PROMPT = 'render_prompt';
