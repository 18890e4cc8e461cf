/** Enumerated attribute values of the GenAI conventions. */

/** Values of `gen_ai.operation.name`. */
export const GEN_AI_OPERATION = {
  CHAT: 'chat',
  TEXT_COMPLETION: 'text_completion',
  GENERATE_CONTENT: 'generate_content',
  EMBEDDINGS: 'embeddings',
  RETRIEVAL: 'retrieval',
  EXECUTE_TOOL: 'execute_tool',
  CREATE_AGENT: 'create_agent',
  INVOKE_AGENT: 'invoke_agent',
  INVOKE_WORKFLOW: 'invoke_workflow',
} as const;
export type GenAIOperationName = (typeof GEN_AI_OPERATION)[keyof typeof GEN_AI_OPERATION];

/** Values of `gen_ai.provider.name`. */
export const GEN_AI_PROVIDER = {
  OPENAI: 'openai',
  ANTHROPIC: 'anthropic',
  AWS_BEDROCK: 'aws.bedrock',
  AZURE_AI_OPENAI: 'azure.ai.openai',
  AZURE_AI_INFERENCE: 'azure.ai.inference',
  GCP_GEMINI: 'gcp.gemini',
  GCP_VERTEX_AI: 'gcp.vertex_ai',
  GCP_GEN_AI: 'gcp.gen_ai',
  COHERE: 'cohere',
  MISTRAL_AI: 'mistral_ai',
  GROQ: 'groq',
  DEEPSEEK: 'deepseek',
  PERPLEXITY: 'perplexity',
  X_AI: 'x_ai',
  IBM_WATSONX_AI: 'ibm.watsonx.ai',
} as const;
export type GenAIProviderName = (typeof GEN_AI_PROVIDER)[keyof typeof GEN_AI_PROVIDER];

/** Values of `gen_ai.token.type` on `gen_ai.client.token.usage`. */
export const GEN_AI_TOKEN_TYPE = {
  INPUT: 'input',
  OUTPUT: 'output',
} as const;
export type GenAITokenType = (typeof GEN_AI_TOKEN_TYPE)[keyof typeof GEN_AI_TOKEN_TYPE];

/** Values of `gen_ai.output.type`. */
export const GEN_AI_OUTPUT_TYPE = {
  TEXT: 'text',
  JSON: 'json',
  IMAGE: 'image',
  SPEECH: 'speech',
} as const;
export type GenAIOutputType = (typeof GEN_AI_OUTPUT_TYPE)[keyof typeof GEN_AI_OUTPUT_TYPE];

/** Values of `gen_ai.tool.type`. */
export const GEN_AI_TOOL_TYPE = {
  FUNCTION: 'function',
  EXTENSION: 'extension',
  DATASTORE: 'datastore',
} as const;
export type GenAIToolType = (typeof GEN_AI_TOOL_TYPE)[keyof typeof GEN_AI_TOOL_TYPE];

/** `error.type` when nothing more specific is known. */
export const ERROR_TYPE_OTHER = '_OTHER';
