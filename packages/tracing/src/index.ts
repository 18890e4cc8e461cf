// Explicit exports: the public surface is exactly what is listed here.
export type { AgentFrame, AgentOptions } from './agent.js';
export { currentAgent, setAgentOutcome, withAgent } from './agent.js';
export type { Spend, SpendQuery } from './budget.js';
export {
  BudgetExceededError,
  budgetExceeded,
  budgetStatus,
  checkBudget,
  currentCost,
  getSpend,
  remainingBudget,
} from './budget.js';
export type { TracingOptions } from './config.js';
export {
  configureTracing,
  DEFAULT_MAX_CONTENT_LENGTH,
  resetTracingConfiguration,
} from './config.js';
export type { ConversationContext, ConversationOptions } from './context.js';
export { conversationContext, getConversation, withConversation } from './context.js';
export type { GenAIContextSpanProcessorOptions } from './context-span-processor.js';
export {
  GenAIContextSpanProcessor,
  MAX_BAGGAGE_CONVERSATION_ID_LENGTH,
} from './context-span-processor.js';
export type { DocumentMapper, RetrievedDocument } from './documents.js';
export type { EmbeddingOptions } from './embedding.js';
export { withEmbedding } from './embedding.js';
export type { Handoff, HandoffOptions } from './handoff.js';
export { handoff } from './handoff.js';
export type { RerankOptions } from './rerank.js';
export { withRerank } from './rerank.js';
export type { RetrievalOptions } from './retrieval.js';
export { withRetrieval } from './retrieval.js';
export type { DoneCallback, Settled, Traced, UntilDone } from './span-runner.js';
export { untilDone } from './span-runner.js';
export type {
  BudgetLimit,
  BudgetScope,
  BudgetState,
  Crossing,
  LedgerOptions,
  SpendOwners,
} from './spend-ledger.js';
export { SpendLedger, spendLedger } from './spend-ledger.js';
export type { ToolOptions } from './tool.js';
export { withTool } from './tool.js';
export { withWorkflow } from './workflow.js';
