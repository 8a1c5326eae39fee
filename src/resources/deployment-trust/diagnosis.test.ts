import { missingTrust, missingTrustBothWays, remoteResourceProblems, type TrustSideFacts } from './diagnosis';

const ece1Account = 'ec38dd0aa45f4a69909ca5c81c27138a';
const ece2Account = '651598b101e54ccab1bfdcd8b6e3b8be';
const localCluster = 'a542184a7a7d45b88b83f95392f450ab';
const remoteCluster = 'cf659f7fe6164d9691b284ae36811be1';

function side(overrides: Partial<TrustSideFacts>): TrustSideFacts {
  return { label: 'x', clusterId: 'x', trust: {}, relationships: [], ece: false, ...overrides };
}

describe('certificate trust diagnosis', () => {
  it('same environment: names the side whose account scope does not list the other cluster', () => {
    const local = side({ label: 'local deployment L', clusterId: localCluster, accountId: ece1Account, trust: { accounts: [{ account_id: ece1Account, trust_all: false, trust_allowlist: [remoteCluster] }] } });
    const remote = side({ label: 'remote deployment R', clusterId: remoteCluster, accountId: ece1Account, trust: { accounts: [{ account_id: ece1Account, trust_all: false, trust_allowlist: [] }] } });
    expect(missingTrustBothWays(local, remote)).toEqual([
      `remote deployment R does not trust local deployment L: its account trust scope ${ece1Account} neither trusts all nor lists cluster ${localCluster} (trust cluster ${localCluster})`,
    ]);
  });

  it('same environment: trust_all on both sides is enough', () => {
    const trust = { accounts: [{ account_id: ece1Account, trust_all: true }] };
    expect(missingTrustBothWays(side({ clusterId: localCluster, accountId: ece1Account, trust }), side({ clusterId: remoteCluster, accountId: ece1Account, trust }))).toEqual([]);
  });

  it('another ECE environment: external scope through the platform trust relationship, and its absence', () => {
    const local = side({
      label: 'local deployment L',
      ece: true,
      clusterId: localCluster,
      accountId: ece1Account,
      scopeId: '1053523734',
      relationships: [{ id: 'rel-to-2', name: 'ECE2', installation_id: '2000000001' }],
      trust: { external: [{ trust_relationship_id: 'rel-to-2', trust_all: false, trust_allowlist: [remoteCluster] }] },
    });
    const remote = side({ label: 'remote deployment R', clusterId: remoteCluster, accountId: ece2Account, scopeId: '2000000001', relationships: [], trust: {} });
    expect(missingTrust(local, remote)).toEqual([]);
    expect(missingTrust(remote, local)).toEqual(['remote deployment R does not trust local deployment L: no account, external or direct trust scope covers environment 1053523734']);
    const remoteWithPlatform = { ...remote, ece: true, relationships: [{ id: 'other', name: 'ECE3', installation_id: '3000000001' }] };
    expect(missingTrust(remoteWithPlatform, local)[1]).toBe(
      'the ECE platform of remote deployment R has no trust relationship with environment 1053523734 (create a TrustRelationship in both environments)',
    );
  });

  it('ECH to ECE: direct trust by scope id', () => {
    const ech = side({
      label: 'local deployment H',
      clusterId: localCluster,
      accountId: ece2Account,
      trust: { direct: [{ name: 'My ECE environment', type: 'ECE', scope_id: '1053523734', certificates: [], trust_all: false, trust_allowlist: ['0'.repeat(32)] }] },
    });
    const ece = side({ label: 'remote deployment E', clusterId: remoteCluster, accountId: ece1Account, scopeId: '1053523734' });
    expect(missingTrust(ech, ece)).toEqual([
      `local deployment H does not trust remote deployment E: its direct trust "My ECE environment" neither trusts all nor lists cluster ${remoteCluster} (trust cluster ${remoteCluster})`,
    ]);
  });

  it('remote-clusters API info: names the side that does not trust', () => {
    const ref = { deployment_id: 'R', elasticsearch_ref_id: 'main-elasticsearch', alias: 'logs' };
    expect(remoteResourceProblems('L', { ...ref, info: { connected: false, trusted: true, trusted_back: false, compatible: true, healthy: true } })).toEqual([
      'remote deployment R/main-elasticsearch does not trust local deployment L back: add the local cluster id to its account trust scope (DeploymentTrust on the remote deployment)',
    ]);
    expect(remoteResourceProblems('L', { ...ref, info: { connected: true, trusted: true, trusted_back: true, compatible: true, healthy: true } })).toEqual([]);
  });
});
