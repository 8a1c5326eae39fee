/**
 * A full lifecycle of both Elasticsearch-side resources, recording every log line (debug included),
 * every error message, every change-set rendering and every state: no encoded key, no API key secret
 * and no cluster credential may appear in any of them.
 */
import { splitEncodedApiKey } from '../secrets/redaction';
import { renderChangeSet } from '../plan/render';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../test/support/elasticsearch-harness';
import { planResource } from './planning';
import { crossClusterApiKey, remoteClusterConnection } from '.';
import type { CrossClusterApiKeyInput, CrossClusterApiKeyState } from './cross-cluster-api-key';
import type { RemoteClusterConnectionInput, RemoteClusterConnectionState } from './remote-cluster-connection';

let harness: ElasticsearchHarness;
beforeAll(async () => {
  harness = await startElasticsearchHarness();
});
afterAll(() => harness.close());

test('no secret reaches a log line, an error message, a rendering or a state', async () => {
  const local = harness.context('local');
  const remote = harness.context('remote');
  const renderings: string[] = [];
  const errors: string[] = [];
  const states: string[] = [];
  const secrets: string[] = [];
  const capture = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
    try {
      return await work();
    } catch (e) {
      errors.push(`${(e as Error).name}: ${(e as Error).message}`);
      return undefined;
    }
  };
  const planKey = (prior: CrossClusterApiKeyState | undefined, raw: unknown) => {
    const plan = planResource<CrossClusterApiKeyInput>(crossClusterApiKey, prior, raw);
    renderings.push(renderChangeSet(plan.changeSet));
    return plan.desired;
  };
  const planConnection = (prior: RemoteClusterConnectionState | undefined, raw: unknown) => {
    const plan = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, prior, raw);
    renderings.push(renderChangeSet(plan.changeSet));
    return plan.desired;
  };
  const remember = (state: object | undefined) => states.push(JSON.stringify(state ?? null));
  const learnKey = (state: CrossClusterApiKeyState) => {
    const encoded = remote.secrets.unseal(state.encoded!);
    const parts = splitEncodedApiKey(encoded)!;
    secrets.push(encoded, parts.secret, `${parts.id}:${parts.secret}`);
    return encoded;
  };
  for (const cluster of Object.values(harness.emulator.clusters)) secrets.push(cluster.apiKey, cluster.password);

  // Keys: create, update, read, import.
  const keyInput = { name: 'secret-check', access: { search: [{ names: ['logs-*'] }] } };
  const key1 = (await capture(() => crossClusterApiKey.create(remote, planKey(undefined, keyInput))))!;
  remember(key1);
  const encoded1 = learnKey(key1);
  const key1b = await crossClusterApiKey.update(remote, key1, planKey(key1, { ...keyInput, metadata: { a: 'b' } }));
  remember(key1b);
  remember(await crossClusterApiKey.read(remote, key1b));
  remember(await crossClusterApiKey.import(remote, key1.id));
  const key2 = await crossClusterApiKey.create(remote, planKey(undefined, { ...keyInput, name: 'secret-check-2' }));
  remember(key2);
  const encoded2 = learnKey(key2);

  // Connection with PLAIN credentials (the value passes through the engine), then rotation, failures, delete.
  const alias = 'secretive';
  const base = { alias, mode: 'proxy', proxy_address: harness.emulator.clusters.remote.remoteClusterServerAddress, wait_for_connected: true, wait_timeout: '1s' };
  harness.emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, encoded1);
  const conn = (await capture(() => remoteClusterConnection.create(local, planConnection(undefined, { ...base, credentials: encoded1 }))))!;
  expect(conn.connected).toBe(true);
  remember(conn);
  harness.emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, encoded2);
  const rotated = (await capture(() => remoteClusterConnection.update(local, conn, planConnection(conn, { ...base, credentials: encoded2 }))))!;
  remember(rotated);
  remember(await remoteClusterConnection.read(local, rotated));
  remember(await remoteClusterConnection.import(local, alias));
  // Errors: invalid credentials (the value must not be echoed), a key that stops working, a bad import.
  await capture(async () => planConnection(undefined, { ...base, credentials: `${encoded1}!` }));
  await capture(async () => planConnection(undefined, { ...base, credentials: `${encoded2.slice(0, 10)} ${encoded2.slice(10)}` }));
  await crossClusterApiKey.delete(remote, key2);
  await capture(() => remoteClusterConnection.update(local, rotated, planConnection(rotated, { ...base, credentials: encoded2, skip_unavailable: false })));
  await capture(() => crossClusterApiKey.import(remote, encoded1));
  await capture(() => remoteClusterConnection.delete(local, rotated));
  renderings.push(renderChangeSet(remoteClusterConnection.diff(rotated, planResource<RemoteClusterConnectionInput>(remoteClusterConnection, rotated, base).desired)));
  await crossClusterApiKey.delete(remote, key1);

  expect(errors.length).toBeGreaterThanOrEqual(4);
  expect(renderings.join('\n')).toContain(`(rotated, key ${key1.id} → ${key2.id})`);
  expect(renderings.join('\n')).toContain(`(removed, key ${key2.id})`);
  const lines = harness.logger.lines();
  expect(lines.length).toBeGreaterThan(10);
  const corpus: [string, string[]][] = [
    ['log lines', lines],
    ['error messages', errors],
    ['change-set renderings', renderings],
    ['states', states],
  ];
  const leaks = corpus.flatMap(([where, texts]) => secrets.filter((s) => texts.some((t) => t.includes(s))).map((s) => `${where} contain a secret of length ${s.length}`));
  expect(leaks).toEqual([]);
});
