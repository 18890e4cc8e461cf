import { asDict, str } from './serialized.js';

/** LangGraph's end node: going there is finishing, not handing off. */
const END = '__end__';

/**
 * The nodes a LangGraph `Command` hands over to (`goto`: a node name, a `Send`, or a list of
 * them), or none when `output` is no `Command`. A node (a supervisor) or a tool (a handoff tool
 * with `graph: Command.PARENT`) returning one is how LangGraph agents hand off.
 */
export function handoffTargets(output: unknown): string[] {
  const command = asDict(output);
  if (command === undefined || command.lg_name !== 'Command') return [];
  const goto = command.goto;
  const list = Array.isArray(goto) ? goto : goto === undefined ? [] : [goto];
  const targets: string[] = [];
  for (const item of list) {
    const name = str(item) ?? str(asDict(item)?.node);
    if (name !== undefined && name !== END && !targets.includes(name)) targets.push(name);
  }
  return targets;
}
