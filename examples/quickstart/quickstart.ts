/**
 * Quickstart (`npm start`): on the embedded emulator, create a cross-cluster API key on the "remote"
 * cluster and a proxy-mode remote cluster connection (API-key model, port 9443) on the "local"
 * cluster, printing each change set before applying it, and end with `_remote/info` showing the alias
 * connected. Exits non-zero on any failure.
 */
import { randomBytes } from 'node:crypto';
import { createEngineContext, type ClosableEngineContext } from '../../src/connections/context';
import { startEmulator, type RunningEmulator } from '../../src/emulator';
import { stderrLogger } from '../../src/log';
import { renderChangeSet } from '../../src/plan/render';
import { planResource } from '../../src/resources/planning';
import { crossClusterApiKey, remoteClusterConnection } from '../../src/resources';
import type { CrossClusterApiKeyInput } from '../../src/resources/cross-cluster-api-key';
import type { RemoteClusterConnectionInput } from '../../src/resources/remote-cluster-connection';

const alias = 'quickstart-remote';

function say(text: string): void {
  process.stdout.write(`${text}\n`);
}

async function main(): Promise<void> {
  const emulator: RunningEmulator = await startEmulator();
  const contexts: ClosableEngineContext[] = [];
  // State is not kept between runs here, so a one-off secrets key is enough to seal the encoded key.
  const secretsKey = process.env.ELASTIC_REMOTE_SECRETS_KEY ?? randomBytes(24).toString('base64url');
  const logger = stderrLogger({ level: 'warn' });
  const contextFor = (cluster: string, auth: 'basic' | 'apiKey'): ClosableEngineContext => {
    const endpoint = emulator.clusters[cluster];
    const ctx = createEngineContext(
      {
        elasticsearch:
          auth === 'basic'
            ? { endpoint: endpoint.url, username: endpoint.username, password: endpoint.password }
            : { endpoint: endpoint.url, apiKey: endpoint.apiKey },
        secretsKey,
      },
      { logger },
    );
    contexts.push(ctx);
    return ctx;
  };
  try {
    const { local, remote } = emulator.clusters;
    say(`Emulator: cluster "remote" at ${remote.url}, cluster "local" at ${local.url}\n`);
    // Cross-cluster API keys must be created with user credentials, not an API key (as in Elasticsearch).
    const remoteCtx = contextFor('remote', 'basic');
    const localCtx = contextFor('local', 'apiKey');

    const keyPlan = planResource<CrossClusterApiKeyInput>(crossClusterApiKey, undefined, {
      name: 'quickstart-logs',
      access: { search: [{ names: ['logs-*'], field_security: { grant: ['@timestamp', 'message', 'host.*'] } }] },
      expiration: '90d',
      metadata: { created_by: 'quickstart' },
    });
    say(`Plan (${keyPlan.action}) on cluster "remote":\n${renderChangeSet(keyPlan.changeSet)}\n`);
    const key = await crossClusterApiKey.create(remoteCtx, keyPlan.desired);
    say(`Applied: cross-cluster API key ${key.id} (encoded value sealed: ${key.encoded?.slice(0, 12)}…)\n`);

    // "local" is a self-managed cluster: its keystore cannot be written through an API. An operator runs
    // `bin/elasticsearch-keystore add cluster.remote.<alias>.credentials` on each node; the emulator's
    // code API does the same here. The connection then checks the credentials are present.
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, remoteCtx.secrets.unseal(key.encoded!));
    say(`Operator step (self-managed keystore): elasticsearch-keystore add cluster.remote.${alias}.credentials\n`);

    const connectionPlan = planResource<RemoteClusterConnectionInput>(remoteClusterConnection, undefined, {
      alias,
      mode: 'proxy',
      proxy_address: remote.remoteClusterServerAddress,
      credentials: key.encoded,
      skip_unavailable: true,
      wait_for_connected: true,
      wait_timeout: '30s',
    });
    say(`Plan (${connectionPlan.action}) on cluster "local":\n${renderChangeSet(connectionPlan.changeSet)}\n`);
    const connection = await remoteClusterConnection.create(localCtx, connectionPlan.desired);
    say(`Applied: alias "${connection.alias}" (credentials key ${connection.credentials_key_id})\n`);

    const remoteInfo = await localCtx.elasticsearch().remoteInfo();
    say(`GET /_remote/info on cluster "local":\n${JSON.stringify(remoteInfo, null, 2)}\n`);
    if (remoteInfo[alias]?.connected !== true) throw new Error(`alias ${alias} is not connected`);
    say(`Alias "${alias}" is connected.`);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await emulator.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`quickstart failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
