import { vectorFor } from '../openai/embeddings.js';
import { countTokens } from '../tokens.js';
import type { HandlerResult } from '../types.js';
import { googleError } from './errors.js';
import { embeddingDimensions } from './models.js';
import type { GeminiContent } from './request.js';

interface EmbedRequest {
  content?: GeminiContent;
  outputDimensionality?: number;
  embedContentConfig?: { outputDimensionality?: number };
}

function textOf(content: GeminiContent | undefined): string | undefined {
  if (!content || !Array.isArray(content.parts)) return undefined;
  return content.parts.map((p) => p.text ?? '').join('');
}

function values(text: string, dims: number): number[] {
  return Array.from(vectorFor(text, dims));
}

function missingContent(field: string): HandlerResult {
  return googleError(400, `* ${field}: content is not specified\n`);
}

/**
 * `:embedContent`: Gemini API `{embedding:{values}}`; Vertex AI (Gemini embedding models) adds
 * `usageMetadata` and `truncated`. Vectors are derived from the text as for OpenAI (same text,
 * same vector), `outputDimensionality` long (default per model).
 */
export function embedContent(body: EmbedRequest, model: string, vertex: boolean): HandlerResult {
  const text = textOf(body.content);
  if (text === undefined) return missingContent('EmbedContentRequest.content');
  const dims = embeddingDimensions(
    model,
    body.embedContentConfig?.outputDimensionality ?? body.outputDimensionality,
  );
  const embedding = { values: values(text, dims) };
  if (!vertex) return { kind: 'json', status: 200, body: { embedding } };
  const tokens = countTokens(text);
  return {
    kind: 'json',
    status: 200,
    body: {
      embedding,
      usageMetadata: { promptTokenCount: tokens, totalTokenCount: tokens },
      truncated: false,
    },
  };
}

/** `:batchEmbedContents` `{requests:[{content, outputDimensionality}]}` → `{embeddings:[{values}]}`. */
export function batchEmbedContents(
  body: { requests?: (EmbedRequest & { model?: string })[] },
  model: string,
): HandlerResult {
  const requests = body.requests;
  if (!Array.isArray(requests) || requests.length === 0) {
    return googleError(400, '* BatchEmbedContentsRequest.requests: requests is not specified\n');
  }
  const embeddings = [];
  for (const [i, r] of requests.entries()) {
    const text = textOf(r.content);
    if (text === undefined)
      return missingContent(`BatchEmbedContentsRequest.requests[${i}].content`);
    const dims = embeddingDimensions(
      model,
      r.embedContentConfig?.outputDimensionality ?? r.outputDimensionality,
    );
    embeddings.push({ values: values(text, dims) });
  }
  return { kind: 'json', status: 200, body: { embeddings } };
}

/**
 * Vertex AI `:predict` for the text-embedding models: `{instances:[{content}], parameters}` →
 * `predictions[].embeddings{values, statistics{token_count, truncated}}` and the billed characters.
 */
export function predictEmbeddings(
  body: { instances?: { content?: unknown }[]; parameters?: { outputDimensionality?: number } },
  model: string,
): HandlerResult {
  const instances = body.instances;
  if (!Array.isArray(instances) || instances.length === 0) {
    return googleError(400, 'Invalid request: instances is empty.');
  }
  const dims = embeddingDimensions(model, body.parameters?.outputDimensionality);
  let characters = 0;
  const predictions = instances.map((inst) => {
    const text =
      typeof inst.content === 'string'
        ? inst.content
        : (textOf(inst.content as GeminiContent) ?? '');
    characters += text.replace(/\s/g, '').length;
    return {
      embeddings: {
        values: values(text, dims),
        statistics: { token_count: countTokens(text), truncated: false },
      },
    };
  });
  return {
    kind: 'json',
    status: 200,
    body: { predictions, metadata: { billableCharacterCount: characters } },
  };
}
