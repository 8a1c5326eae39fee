/**
 * With the emulator answering 30% of requests with 503 and dropping connections, create / update /
 * delete of both resources still converge: exactly one live key per name while it exists, none after,
 * and the connection's settings exactly as declared.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { call } from '../emulator/test-client';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../test/support/elasticsearch-harness';
import { planResource } from './planning';
import { crossClusterApiKey, remoteClusterConnection } from '.';
import type { CrossClusterApiKeyInput } from './cross-cluster-api-key';
import type { RemoteClusterConnectionInput } from './remote-cluster-connection';

let harness: ElasticsearchHarness;
beforeAll(async () => {
  harness = await startElasticsearchHarness({ seed: 20261122 });
});
afterAll(() => harness.close());

const superuser = (cluster: string) => ({ username: harness.emulator.clusters[cluster].username, password: harness.emulator.clusters[cluster].password });

async function keysNamed(name: string): Promise<{ id: string; invalidated: boolean }[]> {
  const res = await call<{ api_keys: { id: string; invalidated: boolean }[] }>(harness.emulator.clusters.remote.url, 'GET', `/_security/api_key?name=${name}`, superuser('remote'));
  return res.body.api_keys;
}

test('30% 503s and dropped connections: no duplicate key, no orphan, settings converge', async () => {
  const local = harness.context('local', { maxRetries: 10 });
  const remote = harness.context('remote', { maxRetries: 10 });
  harness.emulator.faults.set([
    { kind: 'status', status: 503, probability: 0.3 },
    { kind: 'drop', probability: 0.15 },
  ]);
  const rounds = 6;
  const names = Array.from({ length: rounds }, (_, i) => `chaos-key-${i}`);
  for (const name of names) {
    const input = { name, access: { search: [{ names: ['logs-*'] }] } };
    const created = await crossClusterApiKey.create(remote, planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, input).desired);
    const updated = await crossClusterApiKey.update(
      remote,
      created,
      planResource<CrossClusterApiKeyInput>(crossClusterApiKey, created, { ...input, access: { search: [{ names: ['logs-*', 'metrics-*'] }] } }).desired,
    );
    const read = await crossClusterApiKey.read(remote, updated);
    expect(read?.access.search?.[0].names).toEqual(['logs-*', 'metrics-*']);

    const alias = name.replace('chaos-key', 'chaos');
    harness.emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, remote.secrets.unseal(created.encoded!));
    const connectionInput = { alias, mode: 'proxy', proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress, credentials: created.encoded, wait_for_connected: true, wait_timeout: '10s' };
    const connection = await remoteClusterConnection.create(local, planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, connectionInput).desired);
    expect(connection.connected).toBe(true);
    const tuned = await remoteClusterConnection.update(
      local,
      connection,
      planResource<RemoteClusterConnectionInput>(remoteClusterConnection, connection, { ...connectionInput, proxy_socket_connections: 4 }).desired,
    );
    expect((await remoteClusterConnection.read(local, tuned))?.proxy_socket_connections).toBe(4);
    await remoteClusterConnection.delete(local, tuned);
    await crossClusterApiKey.delete(remote, created);
  }
  const fired = harness.emulator.faults.fired();
  harness.emulator.faults.clear();

  // The faults really fired, often enough to hit creates.
  expect(fired.status).toBeGreaterThan(10);
  expect(fired.drop).toBeGreaterThan(5);
  for (const name of names) {
    const keys = await keysNamed(name);
    // Every key ever made under this name (lost-answer ones included) is invalidated: nothing orphaned.
    expect(keys.length).toBeGreaterThanOrEqual(1);
    expect(keys.filter((k) => !k.invalidated)).toEqual([]);
  }
  const settings = await call<{ persistent: Record<string, unknown> }>(harness.emulator.clusters.local.url, 'GET', '/_cluster/settings?flat_settings=true', superuser('local'));
  expect(Object.keys(settings.body.persistent).filter((k) => k.startsWith('cluster.remote.chaos-'))).toEqual([]);
}, 120_000);

/**
 * A proxy in front of the remote cluster that lets the first create through to the emulator, waits
 * for its answer, then drops the client's connection: the key exists, its secret is lost.
 */
async function startAnswerLosingProxy(target: string): Promise<{ url: string; lost: () => number; close: () => Promise<void> }> {
  let lost = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length'].includes(k))) as Record<string, string>;
      const answer = await fetch(`${target}${req.url}`, { method: req.method, headers, body: chunks.length ? Buffer.concat(chunks) : undefined });
      const body = Buffer.from(await answer.arrayBuffer());
      if (req.method === 'POST' && req.url?.startsWith('/_security/cross_cluster/api_key') && lost === 0) {
        lost += 1;
        req.socket.destroy();
        return;
      }
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, lost: () => lost, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

test('a create whose answer is lost is looked up by its create token: one live key, the lost one invalidated', async () => {
  const endpoint = harness.emulator.clusters.remote;
  const proxy = await startAnswerLosingProxy(endpoint.url);
  try {
    const remote = harness.context('remote', { elasticsearch: { endpoint: proxy.url, username: endpoint.username, password: endpoint.password } });
    const created = await crossClusterApiKey.create(remote, planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, { name: 'lost-answer', access: { replication: [{ names: ['a'] }] } }).desired);
    expect(proxy.lost()).toBe(1);
    const keys = await keysNamed('lost-answer');
    expect(keys).toHaveLength(2);
    expect(keys.filter((k) => !k.invalidated)).toEqual([expect.objectContaining({ id: created.id })]);
    expect(harness.logger.lines().some((l) => l.includes('a create answer was lost'))).toBe(true);
  } finally {
    await proxy.close();
  }
});
