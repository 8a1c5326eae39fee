/**
 * The credential of a remote connection (the encoded cross-cluster API key) goes to the deployment's
 * keystore through the Cloud API and nowhere else: not in state, not in any log line, not in errors, not
 * in plan renderings, and the keystore API never returns it.
 */
import type { CloudDeploymentEndpoint } from '../../src/emulator';
import { renderChangeSet } from '../../src/plan/render';
import { crossClusterApiKey, type CrossClusterApiKeyState } from '../../src/resources/cross-cluster-api-key';
import { remoteClusterConnection } from '../../src/resources/remote-cluster-connection';
import { planResource } from '../../src/resources/planning';
import { apply, startSearchAndLogs, type CloudStack } from './support/cloud-stack';

let stack: CloudStack;
let search: CloudDeploymentEndpoint;
let logs: CloudDeploymentEndpoint;

beforeAll(async () => {
  ({ stack, search, logs } = await startSearchAndLogs({ ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }] }));
});
afterAll(() => stack.close());

/** The encoded key, its decoded `id:secret` form and the secret half: none may appear anywhere. */
function forms(encoded: string): string[] {
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return [encoded, decoded, decoded.slice(decoded.indexOf(':') + 1)];
}

function errorText(err: unknown): string {
  return err instanceof Error ? `${err.message}\n${String(err)}\n${err.stack ?? ''}\n${JSON.stringify(err, Object.getOwnPropertyNames(err))}` : String(err);
}

test('the credential value never appears in state, logs, errors or renderings', async () => {
  const local = stack.context('search');
  const remote = stack.context('logs');
  const keys: CrossClusterApiKeyState[] = [];
  const texts: string[] = [];
  for (const name of ['secrecy-1', 'secrecy-2']) {
    const key = await apply(crossClusterApiKey, remote, undefined, { name, access: { search: [{ names: ['logs-*'] }] } });
    keys.push(key.state);
    texts.push(JSON.stringify(key.state), renderChangeSet(key.changeSet));
  }
  const plain = keys.map((k) => remote.secrets.unseal(k.encoded!));
  const input = (credentials: string) => ({
    alias: 'logs',
    mode: 'proxy',
    proxy_address: stack.emulator.clusters[logs.cluster].remoteClusterServerAddress,
    credentials,
    cloud: { deployment_id: search.id, ref_id: search.refId },
    wait_for_connected: true,
    wait_timeout: '5s',
  });

  // A failing keystore write: the error says what failed, never with what.
  stack.emulator.faults.set({ kind: 'status', status: 500, method: 'PATCH', path: /\/keystore$/ });
  let failure: unknown;
  try {
    await apply(remoteClusterConnection, local, undefined, input(plain[0]));
  } catch (err) {
    failure = err;
  }
  stack.emulator.faults.clear();
  expect(failure).toBeDefined();
  texts.push(errorText(failure));

  // A malformed credential is refused at plan time without being echoed.
  let invalid: unknown;
  try {
    planResource(remoteClusterConnection, undefined, input(`${plain[0]}!`));
  } catch (err) {
    invalid = err;
  }
  expect(invalid).toBeDefined();
  texts.push(errorText(invalid));

  // Create with the plain key, then rotate to the second key.
  const created = await apply(remoteClusterConnection, local, undefined, input(plain[0]));
  expect(created.state.connected).toBe(true);
  const rotation = await apply(remoteClusterConnection, local, created.state, input(plain[1]));
  expect(renderChangeSet(rotation.changeSet)).toContain(`(rotated, key ${keys[0].id} → ${keys[1].id})`);
  const read = await remoteClusterConnection.read(local, rotation.state);
  texts.push(JSON.stringify(created.state), JSON.stringify(rotation.state), JSON.stringify(read), renderChangeSet(created.changeSet), renderChangeSet(rotation.changeSet));

  // The keystore API lists names only.
  const listing = await local.cloud().getKeystore(search.id, search.refId);
  expect(Object.keys(listing.secrets)).toContain('cluster.remote.logs.credentials');
  texts.push(JSON.stringify(listing));

  await remoteClusterConnection.delete(local, rotation.state);
  texts.push(...stack.logger.lines());
  expect(stack.logger.lines().some((line) => line.includes('cluster.remote.logs.credentials'))).toBe(true);

  const everything = texts.join('\n');
  for (const secret of plain.flatMap(forms)) expect(everything).not.toContain(secret);
  // The key ids (fingerprints) are what the plan shows instead.
  expect(everything).toContain(keys[1].id);
});
