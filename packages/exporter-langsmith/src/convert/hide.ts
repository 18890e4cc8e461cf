import {
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_PROMPT_TEMPLATE,
} from '@genai-otel/semantic-conventions';
import type { LangSmithRun } from './span-to-run.js';

/** What `hide_inputs` / `hide_outputs` keep out of LangSmith. */
export interface HideContent {
  inputs: boolean;
  outputs: boolean;
}

/**
 * Attributes copied into metadata that carry what a run shows as input text: hidden with the
 * inputs, or `hide_inputs` would leave them one click away.
 */
const INPUT_TEXT_METADATA: readonly string[] = [
  ATTR_GEN_AI_AGENT_HANDOFF_REASON,
  ATTR_GEN_AI_PROMPT_TEMPLATE,
];

/**
 * Applies `hide_inputs` / `hide_outputs` to a converted run, before the client sees it (the
 * client's own hiding replaces all of `outputs`, token counts and cost included). Hidden outputs
 * keep `usage_metadata`: counts and prices are not content, and LangSmith's token and cost views
 * read them there. Errors and span events stay, as with the client's own hiding (see README).
 */
export function hideContent(run: LangSmithRun, hide: HideContent): void {
  if (hide.inputs) {
    run.inputs = {};
    const metadata = run.extra.metadata;
    for (const key of INPUT_TEXT_METADATA) delete metadata[key];
  }
  if (hide.outputs) {
    const usage = run.outputs.usage_metadata;
    run.outputs = usage === undefined ? {} : { usage_metadata: usage };
  }
}
