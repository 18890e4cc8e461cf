import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ComponentLogger } from '@genai-otel/component';
import { createAgent, type TlsMaterial, type UnrefableAgent } from '@genai-otel/exporter-helper';
import type { TlsFiles } from './resolve.js';

/**
 * The agent of one exporter instance (one per protocol), created on the first export and kept
 * for the next (keep-alive). Its connections never keep the process alive (exporter-helper).
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

  readonly #byProtocol = new Map<string, UnrefableAgent>();

  readonly factory = async (protocol: string): Promise<UnrefableAgent> => {
    const known = this.#byProtocol.get(protocol);
    if (known) return known;
    const agent = createAgent(
      protocol,
      this.#timeoutMs,
      protocol === 'http:' ? {} : readTls(this.#tls, this.#log),
    );
    this.#agents.push(agent);
    this.#byProtocol.set(protocol, agent);
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
