/**
 * An emulator plus engine contexts for the Elasticsearch-side resource tests: real HTTP, the real
 * transport and clients, a memory logger that records every line, and instant waits.
 */
import { createEngineContext, type ClosableEngineContext, type EngineContextOptions } from '../../src/connections/context';
import type { ConnectionSettings } from '../../src/settings/connection-settings';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator';
import { memoryLogger, type MemoryLogger } from '../../src/log';

export const testSecretsKey = 'test-secrets-passphrase-for-sealing';

export interface ElasticsearchHarness {
  emulator: RunningEmulator;
  logger: MemoryLogger;
  /** An engine context for one emulated cluster (superuser basic auth: cross-cluster keys need it). */
  context(cluster: string, overrides?: Partial<ConnectionSettings>, options?: Pick<EngineContextOptions, 'shareReads'>): ClosableEngineContext;
  close(): Promise<void>;
}

const quickSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, Math.min(ms, 5)));

export async function startElasticsearchHarness(options: EmulatorOptions = {}): Promise<ElasticsearchHarness> {
  const emulator = await startEmulator(options);
  const logger = memoryLogger();
  const contexts: ClosableEngineContext[] = [];
  return {
    emulator,
    logger,
    context(cluster, overrides = {}, options = {}) {
      const endpoint = emulator.clusters[cluster];
      if (!endpoint) throw new Error(`no emulated cluster ${cluster}`);
      const ctx = createEngineContext(
        {
          elasticsearch: { endpoint: endpoint.url, username: endpoint.username, password: endpoint.password },
          cloud: { endpoint: emulator.cloudUrl, apiKey: emulator.cloudApiKey },
          secretsKey: testSecretsKey,
          ...overrides,
        },
        { logger, sleep: quickSleep, ...options },
      );
      contexts.push(ctx);
      return ctx;
    },
    async close() {
      await Promise.all(contexts.map((c) => c.close()));
      await emulator.stop();
    },
  };
}
