import type {
  ApiHandler,
  CallRoute,
  CallRouter,
  Dict,
  Settings,
} from '@genai-otel/instrumentation-core';
import { parseBody } from './body.js';
import { isDict } from './converse-messages.js';
import { familyOf } from './families.js';
import { watchHeaders } from './headers.js';
import { type InvokeParams, invokeModelHandler } from './invoke-model.js';

/** How a command's input becomes a route: a fixed handler, or one chosen per call. */
export type Routing =
  | ApiHandler
  | ((
      input: Dict,
      client: unknown,
      settings: Settings,
      args: readonly unknown[],
    ) => CallRoute | undefined);

interface CommandLike {
  input?: unknown;
  constructor?: { name?: unknown };
}

/**
 * The router of a client's `send(command, options?, callback?)`: the command's class says which
 * API it is — by identity with the module's own exported class, else by name (a command class
 * from another copy of the module). Other commands, and the callback form (which returns
 * nothing to follow), go through untraced.
 */
export function commandRouter(
  moduleExports: unknown,
  commands: Record<string, Routing>,
): CallRouter {
  const byClass = new Map<unknown, Routing>();
  const exports = isDict(moduleExports) ? moduleExports : {};
  for (const [name, routing] of Object.entries(commands)) {
    const cls = exports[name];
    if (typeof cls === 'function') byClass.set(cls, routing);
  }
  return (args, client, settings) => {
    if (typeof args[1] === 'function' || typeof args[2] === 'function') return undefined;
    const command = args[0] as CommandLike | undefined;
    const ctor = command?.constructor;
    const routing =
      byClass.get(ctor) ?? (typeof ctor?.name === 'string' ? commands[ctor.name] : undefined);
    const input = command?.input;
    if (routing === undefined || !isDict(input)) return undefined;
    const route =
      typeof routing === 'function'
        ? routing(input, client, settings, args)
        : { handler: routing, params: input };
    const options = args[1] as { abortSignal?: unknown } | undefined;
    const signal = options?.abortSignal;
    return route !== undefined && signal instanceof AbortSignal ? { ...route, signal } : route;
  };
}

/** InvokeModel[WithResponseStream]: the body read once, its family chosen from id or shape. */
export function invokeModelRoute(streams: boolean): Routing {
  return (input, client) => {
    // Usage headers are read by a middleware on the client (non-streamed calls only need them).
    if (!streams) watchHeaders(client);
    const request = parseBody(input.body);
    const family = familyOf(input.modelId, request);
    const params: InvokeParams = { modelId: input.modelId, request, family };
    return { handler: invokeModelHandler(family, streams), params };
  };
}
