/**
 * What the rotation suites of both front ends watch: an alias sampled through `_remote/info` while an
 * apply runs (a user's searches would fail on any disconnected sample), and the order of requests in the
 * emulator's log.
 */
import type { EmulatedClusterEndpoint, RequestLogEntry, RunningEmulator } from '../../src/emulator';
import { call } from '../../src/emulator/test-client';

const superuser = (cluster: EmulatedClusterEndpoint) => ({ username: cluster.username, password: cluster.password });

/** Samples the alias every 20 ms until stopped. */
export function sampleAlias(cluster: EmulatedClusterEndpoint, alias: string): { stop(): Promise<{ samples: number; disconnected: number }> } {
  let samples = 0;
  let disconnected = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const info = await call<Record<string, { connected: boolean }>>(cluster.url, 'GET', '/_remote/info', superuser(cluster));
      samples += 1;
      if (info.body[alias]?.connected !== true) disconnected += 1;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { samples, disconnected };
    },
  };
}

export interface ApiKeyEntry {
  id: string;
  name: string;
  invalidated: boolean;
  metadata?: Record<string, unknown>;
}

export async function apiKeys(cluster: EmulatedClusterEndpoint, query: string): Promise<ApiKeyEntry[]> {
  return (await call<{ api_keys: ApiKeyEntry[] }>(cluster.url, 'GET', `/_security/api_key?${query}`, superuser(cluster))).body.api_keys;
}

/** Positions in the emulator's log of a rotation's steps on ECH/ECE: key create, keystore write, reload, old key invalidated. */
export function rotationOrder(log: RequestLogEntry[], remoteCluster: string, localCluster: string, keystorePath: string): Record<'created' | 'keystore' | 'reload' | 'invalidated', number> {
  const at = (match: (e: RequestLogEntry) => boolean) => log.findIndex(match);
  return {
    created: at((e) => e.cluster === remoteCluster && e.method === 'POST' && e.path === '/_security/cross_cluster/api_key'),
    keystore: at((e) => e.method === 'PATCH' && e.path === keystorePath),
    reload: at((e) => e.cluster === localCluster && e.method === 'POST' && e.path === '/_nodes/reload_secure_settings'),
    invalidated: at((e) => e.cluster === remoteCluster && e.method === 'DELETE' && e.path === '/_security/api_key'),
  };
}

/**
 * A crash right after Elasticsearch answered a key create on `cluster`: `onStart` (pass it to the run)
 * receives the run's process-group kill, fired from the emulator's request hook. Whatever the dying
 * provider still sends to finish the key is dropped, as a crashed runner's sockets would be.
 * `end()` removes the hook and the fault and says whether the kill fired.
 */
export function crashAfterKeyCreate(emulator: RunningEmulator, cluster: string): { onStart(killGroup: () => void): void; end(): boolean } {
  emulator.faults.set({ kind: 'drop', method: 'PUT', path: /^\/_security\/cross_cluster\/api_key\//, target: cluster });
  let kill: (() => void) | undefined;
  let killed = false;
  const unsubscribe = emulator.onAnswered((entry) => {
    if (!killed && entry.cluster === cluster && entry.method === 'POST' && entry.path === '/_security/cross_cluster/api_key' && entry.status === 200) {
      killed = true;
      kill?.();
    }
  });
  return {
    onStart: (killGroup) => {
      kill = killGroup;
    },
    end: () => {
      unsubscribe();
      emulator.faults.clear();
      return killed;
    },
  };
}
