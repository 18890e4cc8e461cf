import { GEN_AI_PROVIDER } from '@genai-otel/semantic-conventions';

/**
 * `gen_ai.provider.name` by the LangChain model class (the last element of its serialized `id`),
 * so a span says who serves the model even when no provider SDK span sits beneath it.
 */
const BY_CLASS: Readonly<Record<string, string>> = {
  ChatOpenAI: GEN_AI_PROVIDER.OPENAI,
  OpenAI: GEN_AI_PROVIDER.OPENAI,
  AzureChatOpenAI: GEN_AI_PROVIDER.AZURE_AI_OPENAI,
  AzureOpenAI: GEN_AI_PROVIDER.AZURE_AI_OPENAI,
  ChatAnthropic: GEN_AI_PROVIDER.ANTHROPIC,
  ChatAnthropicMessages: GEN_AI_PROVIDER.ANTHROPIC,
  ChatBedrockConverse: GEN_AI_PROVIDER.AWS_BEDROCK,
  BedrockChat: GEN_AI_PROVIDER.AWS_BEDROCK,
  ChatBedrock: GEN_AI_PROVIDER.AWS_BEDROCK,
  Bedrock: GEN_AI_PROVIDER.AWS_BEDROCK,
  ChatGoogleGenerativeAI: GEN_AI_PROVIDER.GCP_GEMINI,
  ChatGoogle: GEN_AI_PROVIDER.GCP_GEMINI,
  ChatVertexAI: GEN_AI_PROVIDER.GCP_VERTEX_AI,
  ChatMistralAI: GEN_AI_PROVIDER.MISTRAL_AI,
  ChatGroq: GEN_AI_PROVIDER.GROQ,
  ChatCohere: GEN_AI_PROVIDER.COHERE,
  ChatDeepSeek: GEN_AI_PROVIDER.DEEPSEEK,
  ChatXAI: GEN_AI_PROVIDER.X_AI,
  ChatPerplexity: GEN_AI_PROVIDER.PERPLEXITY,
  ChatWatsonx: GEN_AI_PROVIDER.IBM_WATSONX_AI,
};

/** LangChain's own `ls_provider` metadata values that are not already convention values. */
const BY_LS_PROVIDER: Readonly<Record<string, string>> = {
  azure: GEN_AI_PROVIDER.AZURE_AI_OPENAI,
  amazon_bedrock: GEN_AI_PROVIDER.AWS_BEDROCK,
  bedrock: GEN_AI_PROVIDER.AWS_BEDROCK,
  google_genai: GEN_AI_PROVIDER.GCP_GEMINI,
  google_vertexai: GEN_AI_PROVIDER.GCP_VERTEX_AI,
  mistralai: GEN_AI_PROVIDER.MISTRAL_AI,
  xai: GEN_AI_PROVIDER.X_AI,
};

/**
 * The provider of a model run: by its class first (`ChatOpenAI` → `openai`), else by the
 * `ls_provider` LangChain puts in the run's metadata (lowercased, mapped to the conventions'
 * value where they differ), else undefined.
 */
export function providerOf(className: string | undefined, lsProvider: unknown): string | undefined {
  if (className !== undefined) {
    const known = BY_CLASS[className];
    if (known !== undefined) return known;
  }
  if (typeof lsProvider !== 'string' || lsProvider === '') return undefined;
  const lower = lsProvider.toLowerCase();
  return BY_LS_PROVIDER[lower] ?? lower;
}
