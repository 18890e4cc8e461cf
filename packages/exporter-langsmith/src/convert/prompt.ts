import {
  ATTR_GEN_AI_OUTPUT_MESSAGES,
  ATTR_GEN_AI_PROMPT_VARIABLE,
} from '@genai-otel/semantic-conventions';
import type { Attributes } from '@opentelemetry/api';
import { outputChoices, parseJson } from './messages.js';

type Dict = Record<string, unknown>;

const VARIABLE_PREFIX = `${ATTR_GEN_AI_PROMPT_VARIABLE}.`;

/** `gen_ai.prompt.variable.<key>` attributes are content: inputs of a prompt run, never metadata. */
export function isPromptVariable(key: string): boolean {
  return key.startsWith(VARIABLE_PREFIX);
}

/**
 * A `prompt` run as LangChain's prompt templates record one: the variables as inputs (by name),
 * the rendered prompt (`gen_ai.output.messages`) as `outputs.messages`, which LangSmith shows as
 * a chat. Name, version and template stay in the metadata.
 */
export function promptIO(attributes: Attributes): { inputs: Dict; outputs: Dict } {
  const inputs: Dict = {};
  for (const key in attributes) {
    if (isPromptVariable(key)) inputs[key.slice(VARIABLE_PREFIX.length)] = attributes[key];
  }
  const outputs: Dict = {};
  const rendered = outputChoices(parseJson(attributes[ATTR_GEN_AI_OUTPUT_MESSAGES]));
  if (rendered) outputs.messages = rendered.map((choice) => choice.message);
  return { inputs, outputs };
}
