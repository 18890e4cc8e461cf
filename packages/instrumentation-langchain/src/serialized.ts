/** A loose view of what LangChain hands its callbacks: read, never trusted. */
export type Dict = Record<string, unknown>;

export function asDict(value: unknown): Dict | undefined {
  return value !== null && typeof value === 'object' ? (value as Dict) : undefined;
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The class name of a serialized LangChain object (`{ id: ['langchain', …, 'ChatOpenAI'] }`). */
export function classOf(serialized: unknown): string | undefined {
  const id = asDict(serialized)?.id;
  return Array.isArray(id) ? str(id[id.length - 1]) : undefined;
}

/** True for a serialized LangGraph graph (`['langgraph', 'pregel', 'CompiledStateGraph']`). */
export function isGraph(serialized: unknown): boolean {
  const id = asDict(serialized)?.id;
  return Array.isArray(id) && id[0] === 'langgraph';
}
