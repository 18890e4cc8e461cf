import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ComponentLogger } from '@genai-otel/component';
import type { TlsMaterial, UnrefableAgent } from './agent.js';
import type { TlsFiles } from './resolve.js';

/**
 * The agents of one official exporter instance, handed to it as its `httpAgentOptions` factory.
 * Created on the first export (so `node:http`/`node:https` load only when something is sent, as
 * the exporter itself does); unref'd when the exporter shuts down.
 */
export class ExporterAgents {
  readonly #timeoutMs: number;
  readonly #tls: TlsFiles;
  readonly #log: ComponentLogger;
  readonly #agents: UnrefableAgent[] = [];
  #unref = false;

  constructor(timeoutMs: number, tls: TlsFiles, log: ComponentLogger) {
    this.#timeoutMs = timeoutMs;
    this.#tls = tls;
    this.#log = log;
  }

  readonly factory = async (protocol: string): Promise<UnrefableAgent> => {
    const { createAgent } = await import('./agent.js');
    const agent = createAgent(
      protocol,
      this.#timeoutMs,
      protocol === 'http:' ? {} : readTls(this.#tls, this.#log),
    );
    this.#agents.push(agent);
    if (this.#unref) agent.unref();
    return agent;
  };

  unref(): void {
    this.#unref = true;
    for (const agent of this.#agents) agent.unref();
  }

  /**
   * `exporter.shutdown()` also unrefs its connections: an export still under way may finish, but
   * no longer keeps the process alive once the sdk's shutdown has stopped waiting for it.
   */
  unrefOnShutdown<T extends { shutdown(): Promise<void> }>(exporter: T): T {
    const shutdown = exporter.shutdown.bind(exporter);
    exporter.shutdown = () => {
      this.unref();
      return shutdown();
    };
    return exporter;
  }
}

/** Read relative to the working directory, as the official exporter does; a bad file is said once. */
function readTls(files: TlsFiles, log: ComponentLogger): TlsMaterial {
  const material: TlsMaterial = {};
  for (const [key, path] of Object.entries(files) as [keyof TlsFiles, string | undefined][]) {
    if (path === undefined) continue;
    try {
      material[key] = readFileSync(resolve(path));
    } catch (error) {
      log.once(
        `tls:${path}`,
        'warn',
        `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? String(error)}); connecting without it`,
      );
    }
  }
  return material;
}
