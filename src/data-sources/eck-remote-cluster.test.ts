/**
 * The ECK data source (seed 004): the manifests' parts it renders are valid against the ECK CRD schema
 * subset once merged into an Elasticsearch resource, its expected_remote_access feeds a RemoteAccessRole's
 * plan-time check, and bad input is named by this input's attributes.
 */
import { parse } from 'yaml';
import { eckElasticsearchManifest as manifest, eckSchemaErrors } from '../../test/support/eck-crd';
import { validateInput, ValidationError } from '../resources/definition';
import { overlapWarnings } from '../resources/remote-access-role';
import { eckRemoteCluster, renderEckRemoteCluster } from './eck-remote-cluster';

const expectValid = (resource: unknown): void => expect(eckSchemaErrors(resource)).toEqual([]);

/** Seed 004, API key tab, in this data source's words, with a second remote for replication. */
const seed004 = {
  local: { name: 'cluster-one', namespace: 'ns-local' },
  remote_clusters: [
    {
      alias: 'cluster-two',
      elasticsearch_ref: { name: 'cluster-two', namespace: 'ns-remote' },
      api_key_access: { search: { names: ['kibana_sample_data_ecommerce'], query: '{"term":{"team":"eu"}}', field_security: { grant: ['order_*'] } } },
    },
    { alias: 'cluster-three', elasticsearch_ref: { name: 'cluster-three' }, api_key_access: { replication: { names: ['leader-*'] } } },
  ],
};

const render = (raw: unknown) => renderEckRemoteCluster(validateInput(eckRemoteCluster, raw));

test('seed 004: both sides\' parts, merged into their Elasticsearch resources, are valid against the ECK CRD', () => {
  const out = render(seed004);
  const local = JSON.parse(out.local_manifest_json) as { spec: { remoteClusters: unknown[] } };
  expect(local.spec.remoteClusters).toEqual([
    {
      name: 'cluster-two',
      elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' },
      apiKey: { access: { search: { names: ['kibana_sample_data_ecommerce'], query: { term: { team: 'eu' } }, field_security: { grant: ['order_*'], except: [] } } } },
    },
    { name: 'cluster-three', elasticsearchRef: { name: 'cluster-three' }, apiKey: { access: { replication: { names: ['leader-*'] } } } },
  ]);
  expect(parse(out.local_manifest_yaml)).toEqual(local);
  expectValid(manifest('cluster-one', 'ns-local', local));
  // A reference without namespace is in the local cluster's namespace (as ECK resolves it).
  expect(out.remote_servers.map((r) => [r.namespace, r.name])).toEqual([['ns-remote', 'cluster-two'], ['ns-local', 'cluster-three']]);
  for (const server of out.remote_servers) {
    expect(JSON.parse(server.manifest_json)).toEqual({ spec: { remoteClusterServer: { enabled: true } } });
    expect(parse(server.manifest_yaml)).toEqual({ spec: { remoteClusterServer: { enabled: true } } });
    expectValid(manifest(server.name, server.namespace!, JSON.parse(server.manifest_json) as { spec: Record<string, unknown> }));
  }
  expect(out.yaml).toContain('# Elasticsearch ns-local/cluster-one: merge into its manifest');
  expect(out.yaml).toContain('# Elasticsearch ns-remote/cluster-two: merge into its manifest (enabling the remote cluster server restarts the cluster)');
});

test('the CRD check is not a formality: a field_security without except is refused by it', () => {
  const out = render(seed004);
  const local = JSON.parse(out.local_manifest_json) as { spec: { remoteClusters: { apiKey: { access: { search: { field_security: Record<string, unknown> } } } }[] } };
  delete local.spec.remoteClusters[0].apiKey.access.search.field_security.except;
  expect(eckSchemaErrors(manifest('cluster-one', 'ns-local', local))).toEqual([expect.objectContaining({ params: { missingProperty: 'except' } })]);
});

test('expected_remote_access feeds a RemoteAccessRole: a grant outside the key ECK creates warns at plan', () => {
  const out = render(seed004);
  expect(out.expected_remote_access).toEqual([
    {
      alias: 'cluster-two',
      access: {
        search: [{ names: ['kibana_sample_data_ecommerce'], query: '{"term":{"team":"eu"}}', field_security: { grant: ['order_*'] } }],
      },
    },
    { alias: 'cluster-three', access: { replication: [{ names: ['leader-*'] }] } },
  ]);
  const warnings = overlapWarnings({
    name: 'ecommerce-reader',
    remote_indices: [{ clusters: ['cluster-two'], names: ['logs-*'], privileges: ['read'] }],
    expected_remote_access: out.expected_remote_access,
  });
  expect(warnings).toEqual([expect.stringContaining('RemoteAccessRole "ecommerce-reader": remote_indices[0] (clusters cluster-two, names logs-*)')]);
  expect(warnings[0]).toContain('access.search: kibana_sample_data_ecommerce');
});

test('the certificate model needs no remote cluster server and no key', () => {
  const out = render({ local: { name: 'cluster-one' }, remote_clusters: [{ alias: 'cluster-two', elasticsearch_ref: { name: 'cluster-two' } }] });
  expect(out.remote_servers).toEqual([]);
  expect(out.expected_remote_access).toEqual([]);
  expectValid(manifest('cluster-one', 'default', JSON.parse(out.local_manifest_json) as { spec: Record<string, unknown> }));
});

test('bad input is named by this input\'s attributes, before anything is rendered', () => {
  const problems = (raw: unknown): string => {
    try {
      validateInput(eckRemoteCluster, raw);
    } catch (err) {
      expect(err).toBeInstanceOf(ValidationError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };
  const remote = seed004.remote_clusters[0];
  expect(problems({ ...seed004, remote_clusters: [{ ...remote, alias: 'cluster two' }] })).toContain('EckRemoteCluster: remote_clusters[0].alias:');
  expect(problems({ ...seed004, remote_clusters: [{ ...remote, elasticsearch_ref: { name: 'Cluster_Two' } }] })).toContain('EckRemoteCluster: remote_clusters[0].elasticsearch_ref.name: accepted: a Kubernetes object name');
  expect(problems({ ...seed004, remote_clusters: [{ ...remote, api_key_access: { replication: { names: ['a'], allow_restricted_indices: true } } }] })).toContain(
    'EckRemoteCluster: remote_clusters[0].api_key_access.replication: unknown attribute allow_restricted_indices',
  );
  expect(problems({ ...seed004, remote_clusters: [{ ...remote, api_key_access: { search: { names: ['a'], query: 'team:eu' } } }] })).toContain(
    'EckRemoteCluster: remote_clusters[0].api_key_access.search.query: accepted: a JSON object as text',
  );
  expect(problems({ ...seed004, remote_clusters: [{ ...remote, api_key_access: { ...remote.api_key_access, replication: { names: ['a'] } } }] })).toContain(
    'EckRemoteCluster: remote_clusters[0].api_key_access.search.query: search does not support document or field level security if replication is assigned',
  );
  expect(problems({ ...seed004, remote_clusters: [remote, remote] })).toContain('EckRemoteCluster: remote_clusters[1].alias: cluster-two is declared twice');
});
