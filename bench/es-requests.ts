/**
 * HTTP requests per operation of the Elasticsearch-side resources, counted by the emulator (every
 * request that reaches an emulated API). Goal: a read is at most 2 requests.
 *
 *   npm run build && node dist/bench/es-requests.js [--json]
 */
import { randomBytes } from 'node:crypto';
import { createEngineContext, type ClosableEngineContext } from '../src/connections/context';
import { startEmulator } from '../src/emulator';
import { planResource } from '../src/resources/planning';
import { crossClusterApiKey, remoteClusterConnection } from '../src/resources';
import type { CrossClusterApiKeyInput } from '../src/resources/cross-cluster-api-key';
import type { RemoteClusterConnectionInput } from '../src/resources/remote-cluster-connection';

interface Measurement {
  resource: string;
  operation: string;
  requests: number;
  /** What the requests are, e.g. `POST /_security/cross_cluster/api_key`. */
  calls: string[];
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    clusters: [{ name: 'local' }, { name: 'remote' }],
    cloud: { ech: [{ name: 'bench-org', deployments: [{ name: 'bench-search' }, { name: 'bench-logs' }] }] },
  });
  const secretsKey = randomBytes(24).toString('base64url');
  const contexts: ClosableEngineContext[] = [];
  const contextFor = (cluster: string, cloud?: { endpoint: string; apiKey: string }): ClosableEngineContext => {
    const endpoint = emulator.clusters[cluster];
    const ctx = createEngineContext({ elasticsearch: { endpoint: endpoint.url, username: endpoint.username, password: endpoint.password }, cloud, secretsKey });
    contexts.push(ctx);
    return ctx;
  };
  const results: Measurement[] = [];
  async function measure<T>(resource: string, operation: string, work: () => Promise<T>): Promise<T> {
    emulator.resetRequestLog();
    const result = await work();
    const log = emulator.requestLog();
    results.push({ resource, operation, requests: log.length, calls: log.map((e) => `${e.method} ${e.path.replace(/[0-9a-f]{32}/g, '{id}').replace(/(api_key\/)[\w-]+$/, '$1{id}')}`) });
    return result;
  }
  try {
    const remote = contextFor('remote');
    const local = contextFor('local');
    const keyInput = { name: 'bench-key', access: { search: [{ names: ['logs-*'] }] } };
    const planKey = (prior: Parameters<typeof crossClusterApiKey.diff>[0], raw: unknown) => planResource<CrossClusterApiKeyInput>(crossClusterApiKey, prior, raw).desired;
    const key = await measure('CrossClusterApiKey', 'create', () => crossClusterApiKey.create(remote, planKey(undefined, keyInput)));
    const keyRead = await measure('CrossClusterApiKey', 'read', () => crossClusterApiKey.read(remote, key));
    const keyUpdated = await measure('CrossClusterApiKey', 'update (access)', () =>
      crossClusterApiKey.update(remote, keyRead!, planKey(keyRead, { ...keyInput, access: { search: [{ names: ['logs-*', 'metrics-*'] }] } })),
    );
    await measure('CrossClusterApiKey', 'import', () => crossClusterApiKey.import(remote, key.id));
    const key2 = await crossClusterApiKey.create(remote, planKey(undefined, { ...keyInput, name: 'bench-key-2' }));

    const alias = 'bench';
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, remote.secrets.unseal(key.encoded!));
    const connectionInput = { alias, mode: 'proxy', proxy_address: emulator.clusters.remote.remoteClusterServerAddress, credentials: key.encoded };
    const planConnection = (prior: Parameters<typeof remoteClusterConnection.diff>[0], raw: unknown) =>
      planResource<RemoteClusterConnectionInput>(remoteClusterConnection, prior, raw).desired;
    const connection = await measure('RemoteClusterConnection', 'create (self-managed keystore)', () =>
      remoteClusterConnection.create(local, planConnection(undefined, connectionInput)),
    );
    const connectionRead = await measure('RemoteClusterConnection', 'read', () => remoteClusterConnection.read(local, connection));
    const tuned = await measure('RemoteClusterConnection', 'update (one setting)', () =>
      remoteClusterConnection.update(local, connectionRead!, planConnection(connectionRead, { ...connectionInput, proxy_socket_connections: 6 })),
    );
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, remote.secrets.unseal(key2.encoded!));
    const rotated = await measure('RemoteClusterConnection', 'update (credentials rotated)', () =>
      remoteClusterConnection.update(local, tuned, planConnection(tuned, { ...connectionInput, proxy_socket_connections: 6, credentials: key2.encoded })),
    );
    const waited = await measure('RemoteClusterConnection', 'update (wait_for_connected, already connected)', () =>
      remoteClusterConnection.update(local, rotated, planConnection(rotated, { ...connectionInput, proxy_socket_connections: 6, credentials: key2.encoded, wait_for_connected: true })),
    );
    await measure('RemoteClusterConnection', 'import', () => remoteClusterConnection.import(local, alias));
    await measure('RemoteClusterConnection', 'delete', () => remoteClusterConnection.delete(local, waited));
    await measure('CrossClusterApiKey', 'delete', () => crossClusterApiKey.delete(remote, keyUpdated));

    // ECH: credentials through the Cloud keystore API, and the certificate model through remote-clusters.
    const deployments = Object.values(emulator.cloud.deployments);
    const search = deployments.find((d) => d.name === 'bench-search')!;
    const logs = deployments.find((d) => d.name === 'bench-logs')!;
    const cloud = { endpoint: search.cloudUrl, apiKey: search.cloudApiKey };
    const searchCtx = contextFor(search.cluster, cloud);
    const logsCtx = contextFor(logs.cluster, cloud);
    const echKey = await crossClusterApiKey.create(logsCtx, planKey(undefined, { ...keyInput, name: 'bench-ech' }));
    const echKey2 = await crossClusterApiKey.create(logsCtx, planKey(undefined, { ...keyInput, name: 'bench-ech-2' }));
    const echInput = {
      alias: 'bench-ech',
      mode: 'proxy',
      proxy_address: emulator.clusters[logs.cluster].remoteClusterServerAddress,
      credentials: echKey.encoded,
      cloud: { deployment_id: search.id, ref_id: search.refId },
    };
    const echConnection = await measure('RemoteClusterConnection', 'create (ECH keystore)', () =>
      remoteClusterConnection.create(searchCtx, planConnection(undefined, echInput)),
    );
    const echRead = await measure('RemoteClusterConnection', 'read (ECH keystore)', () => remoteClusterConnection.read(searchCtx, echConnection));
    const echRotated = await measure('RemoteClusterConnection', 'update (ECH credentials rotated, waits)', () =>
      remoteClusterConnection.update(searchCtx, echRead!, planConnection(echRead, { ...echInput, credentials: echKey2.encoded })),
    );
    await measure('RemoteClusterConnection', 'delete (ECH keystore)', () => remoteClusterConnection.delete(searchCtx, echRotated));
    const certInput = { alias: 'bench-cert', cloud: { deployment_id: search.id, ref_id: search.refId }, remote_deployment: { deployment_id: logs.id, ref_id: logs.refId } };
    const cert = await measure('RemoteClusterConnection', 'create (certificate model, Cloud API)', () =>
      remoteClusterConnection.create(searchCtx, planConnection(undefined, certInput)),
    );
    const certRead = await measure('RemoteClusterConnection', 'read (certificate model, Cloud API)', () => remoteClusterConnection.read(searchCtx, cert));
    await measure('RemoteClusterConnection', 'delete (certificate model, Cloud API)', () => remoteClusterConnection.delete(searchCtx, certRead!));
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await emulator.stop();
  }

  if (process.argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
    return;
  }
  const width = Math.max(...results.map((r) => `${r.resource} ${r.operation}`.length));
  process.stdout.write('HTTP requests per operation (counted by the emulator)\n\n');
  for (const r of results) process.stdout.write(`${`${r.resource} ${r.operation}`.padEnd(width)}  ${String(r.requests).padStart(2)}  ${r.calls.join(', ')}\n`);
  const reads = results.filter((r) => r.operation.startsWith('read'));
  const worstRead = Math.max(...reads.map((r) => r.requests));
  process.stdout.write(`\nGoal: a read is at most 2 requests. Worst read: ${worstRead} (${worstRead <= 2 ? 'met' : 'NOT met'}).\n`);
  if (worstRead > 2) process.exitCode = 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
