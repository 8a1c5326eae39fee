/**
 * The Cloud remote-clusters list has no version: every certificate-model connection reads it, changes
 * its own entry and writes it back whole. Concurrent connections of one stack (one process) and an
 * outside writer whose write crosses ours must all keep their entries.
 */
import { call } from '../../emulator/test-client';
import type { CloudDeploymentEndpoint } from '../../emulator';
import { startElasticsearchHarness, type ElasticsearchHarness } from '../../../test/support/elasticsearch-harness';
import type { ClosableEngineContext } from '../../connections/context';
import { validateInput } from '../definition';
import { remoteClusterConnection, type RemoteClusterConnectionInput } from '.';

let harness: ElasticsearchHarness;
let search: CloudDeploymentEndpoint;
let archives: CloudDeploymentEndpoint[];
let local: ClosableEngineContext;

beforeAll(async () => {
  const names = ['search', 'a1', 'a2', 'a3', 'a4', 'a5', 'outside'];
  harness = await startElasticsearchHarness({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: names.map((name) => ({ name })) }] } });
  const byName = (name: string) => Object.values(harness.emulator.cloud.deployments).find((d) => d.name === name)!;
  search = byName('search');
  archives = ['a1', 'a2', 'a3', 'a4', 'a5'].map(byName);
  local = harness.context(search.cluster, { cloud: { endpoint: search.cloudUrl, apiKey: search.cloudApiKey } });
});
afterAll(() => harness.close());

const listPath = () => `/api/v1/deployments/${search.id}/elasticsearch/${search.refId}/remote-clusters`;

async function aliases(): Promise<string[]> {
  const res = await call<{ resources: { alias: string }[] }>(search.cloudUrl, 'GET', listPath(), { apiKey: search.cloudApiKey });
  return res.body.resources.map((r) => r.alias).sort();
}

const certificateLink = (alias: string, remote: CloudDeploymentEndpoint): RemoteClusterConnectionInput =>
  validateInput(remoteClusterConnection, { alias, cloud: { deployment_id: search.id }, remote_deployment: { deployment_id: remote.id }, skip_unavailable: true });

test('five connections created at once, and an outside write made from a stale copy, all land', async () => {
  // The outside writer read the list before anything was there and writes its own entry right after
  // this stack's first write: a lost update for that write, unless it is read back and redone.
  const outside = Object.values(harness.emulator.cloud.deployments).find((d) => d.name === 'outside')!;
  let crossed = false;
  const unsubscribe = harness.emulator.onAnswered((entry) => {
    if (crossed || entry.method !== 'PUT' || entry.path !== listPath()) return;
    crossed = true;
    void call(search.cloudUrl, 'PUT', listPath(), { apiKey: search.cloudApiKey }, {
      resources: [{ alias: 'outside', deployment_id: outside.id, elasticsearch_ref_id: outside.refId }],
    });
  });
  try {
    await Promise.all(archives.map((archive, i) => remoteClusterConnection.create(local, certificateLink(`archive-${i + 1}`, archive))));
  } finally {
    unsubscribe();
  }
  expect(crossed).toBe(true);
  expect(await aliases()).toEqual(['archive-1', 'archive-2', 'archive-3', 'archive-4', 'archive-5', 'outside']);
  expect(harness.logger.lines().some((l) => l.includes('another writer changed the remote-clusters list at the same time'))).toBe(true);
});
