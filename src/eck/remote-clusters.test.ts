import { parseAllDocuments } from 'yaml';
import { ValidationError } from '../resources/definition';
import { eckRemoteClusterFragments, renderEckFragmentsYaml, type EckRemoteClustersInput } from './remote-clusters';

/** Seed 004, API key tab, with its placeholders filled in. */
const seedExample: EckRemoteClustersInput = {
  namespace: 'ns-local',
  remoteClusters: [
    {
      name: 'cluster-two',
      elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' },
      apiKey: { access: { search: { names: ['kibana_sample_data_ecommerce'] }, replication: { names: ['kibana_sample_data_ecommerce'] } } },
    },
  ],
};

function problems(input: unknown): string[] {
  try {
    eckRemoteClusterFragments(input as EckRemoteClustersInput);
  } catch (err) {
    expect(err).toBeInstanceOf(ValidationError);
    return (err as Error).message.split('\n');
  }
  throw new Error('expected a ValidationError');
}

describe('ECK remote cluster fragments (seed 004)', () => {
  it('renders the seed example: spec.remoteClusters for the local cluster, spec.remoteClusterServer for the remote', () => {
    const fragments = eckRemoteClusterFragments(seedExample);
    const yaml = renderEckFragmentsYaml(fragments, 'ns-local/cluster-one');
    const [local, remote, ...rest] = parseAllDocuments(yaml).map((d) => d.toJS());
    expect(rest).toEqual([]);
    expect(local).toEqual({
      spec: {
        remoteClusters: [
          {
            name: 'cluster-two',
            elasticsearchRef: { name: 'cluster-two', namespace: 'ns-remote' },
            apiKey: { access: { search: { names: ['kibana_sample_data_ecommerce'] }, replication: { names: ['kibana_sample_data_ecommerce'] } } },
          },
        ],
      },
    });
    expect(remote).toEqual({ spec: { remoteClusterServer: { enabled: true } } });
    expect(yaml).toContain('# Elasticsearch ns-remote/cluster-two: merge into its manifest');
    expect(yaml).toContain('# Elasticsearch ns-local/cluster-one: merge into its manifest');
  });

  it('the certificate model (no apiKey) needs no remote cluster server', () => {
    const fragments = eckRemoteClusterFragments({ remoteClusters: [{ name: 'cluster-two', elasticsearchRef: { name: 'cluster-two' } }] });
    expect(fragments.remotes).toEqual({});
    expect(fragments.local.spec.remoteClusters).toEqual([{ name: 'cluster-two', elasticsearchRef: { name: 'cluster-two' } }]);
  });

  it('a reference without namespace is keyed in the local namespace', () => {
    const fragments = eckRemoteClusterFragments({ namespace: 'prod', remoteClusters: [{ name: 'r', elasticsearchRef: { name: 'logs' }, apiKey: { access: { search: { names: ['logs-*'] } } } }] });
    expect(Object.keys(fragments.remotes)).toEqual(['prod/logs']);
  });

  it('validates aliases with the RemoteClusterConnection rules', () => {
    expect(problems({ remoteClusters: [{ name: 'eu logs', elasticsearchRef: { name: 'x' } }] })).toEqual([
      'EckRemoteClusters: remoteClusters[0].name: "eu logs" contains " "; accepted: letters, digits, dashes and underscores (e.g. eu-logs)',
    ]);
    expect(problems({ remoteClusters: [{ name: 'a', elasticsearchRef: { name: 'x' } }, { name: 'a', elasticsearchRef: { name: 'y' } }] })[0]).toMatch(
      /remoteClusters\[1\]\.name: a is declared twice/,
    );
  });

  it('validates access with the CrossClusterApiKey rules, in ECK paths', () => {
    const lines = problems({ remoteClusters: [{ name: 'a', elasticsearchRef: { name: 'x' }, apiKey: { access: { search: { names: ['logs?'] } } } }] });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^EckRemoteClusters: remoteClusters\[0\]\.apiKey\.access\.search\.names\[0\]: accepted: an index name/);
    expect(problems({ remoteClusters: [{ name: 'a', elasticsearchRef: { name: 'x' }, apiKey: { access: {} } }] })[0]).toMatch(/apiKey\.access: at least one search or replication entry/);
    expect(problems({ remoteClusters: [{ name: 'a', elasticsearchRef: { name: 'x' }, apiKey: { access: { replication: { names: ['x'], query: {} } } } }] })[0]).toMatch(
      /replication: unknown attribute query/,
    );
  });

  it('validates Kubernetes references', () => {
    expect(problems({ remoteClusters: [{ name: 'a', elasticsearchRef: { name: 'Cluster_Two', namespace: 'NS' } }] })).toEqual([
      'EckRemoteClusters: remoteClusters[0].elasticsearchRef.name: accepted: a Kubernetes object name (lowercase letters, digits, - and ., starting and ending with a letter or digit)',
      'EckRemoteClusters: remoteClusters[0].elasticsearchRef.namespace: accepted: a Kubernetes namespace (lowercase letters, digits and -, starting and ending with a letter or digit)',
    ]);
    expect(problems({ remoteClusters: [] })[0]).toMatch(/remoteClusters: declare at least one remote cluster/);
  });
});
