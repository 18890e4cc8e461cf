export type { CliIO } from './cli-io.js';
export {
  GatewayError,
  type GatewayOptions,
  type GatewayResult,
  gatewayConfig,
  gatewayConfigFromFile,
} from './gateway/gateway-config.js';
export { main, USAGE } from './main.js';
export { type ConversationTrees, readConversation } from './report/conversation.js';
export type { GroupStats, TokenTotals } from './report/group-stats.js';
export { type Percentiles, percentile } from './report/percentile.js';
export { type BadLine, type ReportSpan, readSpanFiles } from './report/read-spans.js';
export {
  type AgentStats,
  type HandoffSummary,
  type Report,
  ReportBuilder,
} from './report/summarize.js';
