export { type BudgetProcessorOptions, BudgetSpanProcessor } from './budget-processor.js';
export type { BudgetConfig, BudgetProcessorConfig } from './config.js';
export { budgetProcessorFactory } from './factory.js';
