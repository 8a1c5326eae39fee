/**
 * The transport against the embedded emulator's fault injection: what the resources rely on when the
 * network is unreliable. Reads always converge; creates either succeed or say their outcome is
 * uncertain, and never fail in a way that hides a created object.
 */
import { startEmulator, type RunningEmulator } from '../emulator';
import { ApiError, UncertainOutcomeError } from './errors';
import { HttpTransport } from './transport';

let emulator: RunningEmulator;
let transport: HttpTransport;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 7 });
  const local = emulator.clusters.local;
  transport = new HttpTransport({
    service: 'elasticsearch',
    baseUrl: local.url,
    auth: { kind: 'basic', username: local.username, password: local.password },
    maxRetries: 10,
    sleep: async () => undefined,
  });
});

afterAll(async () => {
  await transport.close();
  await emulator.stop();
});

beforeEach(() => {
  emulator.faults.clear();
  emulator.resetRequestLog();
});

it('converges every read under 15% 503s and 15% dropped connections, and counts every attempt', async () => {
  emulator.faults.set([
    { kind: 'status', status: 503, probability: 0.15, target: 'local' },
    { kind: 'drop', probability: 0.15, target: 'local' },
  ]);
  const before = transport.requestCount;
  for (let i = 0; i < 60; i++) {
    const response = await transport.request<{ cluster_name: string }>({ method: 'GET', path: '/' });
    expect(response.body.cluster_name).toBe(emulator.clusters.local.clusterName);
  }
  const attempts = transport.requestCount - before;
  const faults = emulator.requestLog().filter((e) => e.fault !== undefined).length;
  expect(faults).toBeGreaterThan(5);
  expect(attempts).toBe(60 + faults);
  expect(emulator.requestCount()).toBe(attempts);
});

it('never retries a create blindly: each one succeeds or reports an uncertain outcome, and lookups settle it', async () => {
  emulator.faults.set([
    { kind: 'status', status: 503, probability: 0.2, target: 'local', method: 'POST' },
    { kind: 'drop', probability: 0.2, target: 'local', method: 'POST' },
    { kind: 'status', status: 429, probability: 0.2, target: 'local', method: 'POST' },
  ]);
  const outcomes: Record<string, 'created' | 'uncertain'> = {};
  for (let i = 0; i < 30; i++) {
    const name = `transport-fault-key-${i}`;
    try {
      await transport.request({ method: 'POST', path: '/_security/cross_cluster/api_key', body: { name, access: { search: [{ names: ['logs-*'] }] } } });
      outcomes[name] = 'created';
    } catch (error) {
      if (!(error instanceof UncertainOutcomeError)) throw error;
      outcomes[name] = 'uncertain';
    }
  }
  const creates = emulator.requestLog().filter((e) => e.method === 'POST');
  // 429s were retried (the emulator rejected them unprocessed); 503s and drops were not.
  expect(creates.filter((e) => e.status === 429).length).toBeGreaterThan(0);
  expect(Object.values(outcomes).filter((o) => o === 'uncertain').length).toBe(creates.filter((e) => e.fault === 'drop' || e.status === 503).length);

  emulator.faults.clear();
  for (const [name, outcome] of Object.entries(outcomes)) {
    const found = await transport.request<{ api_keys: unknown[] }>({ method: 'GET', path: '/_security/api_key', query: { name } }).catch((e: unknown) => {
      if (e instanceof ApiError && e.status === 404) return { body: { api_keys: [] } };
      throw e;
    });
    // The emulator fails a request before serving it, so an uncertain create left nothing behind.
    expect(found.body.api_keys).toHaveLength(outcome === 'created' ? 1 : 0);
  }
});
