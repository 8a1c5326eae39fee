import { TerraformStack, Testing } from 'cdktf';
import { EnvironmentTrustPair } from './environment-trust-pair';
import { ElasticRemoteProvider } from './provider';
import { RemoteClusterLink } from './remote-cluster-link';

type Resources = Record<string, Record<string, Record<string, unknown>>>;

const ece1 = { installationId: '1053523734', publicCaCert: '-----BEGIN CERTIFICATE-----\nECE1\n-----END CERTIFICATE-----', accountIds: ['1'.repeat(32)] };
const ece2 = { installationId: '2064634845', publicCaCert: '-----BEGIN CERTIFICATE-----\nECE2\n-----END CERTIFICATE-----', accountIds: ['2'.repeat(32)] };

function build(): { resources: Resources; pair: string[] } {
  const stack = new TerraformStack(Testing.app(), 'test');
  const inEce1 = new ElasticRemoteProvider(stack, 'ece1', { alias: 'ece1' });
  const inEce2 = new ElasticRemoteProvider(stack, 'ece2', { alias: 'ece2' });
  const pair = new EnvironmentTrustPair(stack, 'platforms', {
    a: { provider: inEce1, name: 'ECE1', region: 'ece-region', ...ece1 },
    b: { provider: inEce2, name: 'ECE2', ...ece2 },
  });
  new RemoteClusterLink(stack, 'link', {
    alias: 'ece2-logs',
    securityModel: 'certificate',
    local: { provider: inEce1, deployment: { deploymentId: 'a'.repeat(32), clusterId: 'c'.repeat(32), trustedUnder: pair.aSeenFromB } },
    remote: { provider: inEce2, address: 'proxy.ece2.example:9300', deployment: { deploymentId: 'b'.repeat(32), clusterId: 'd'.repeat(32), trustedUnder: pair.bSeenFromA } },
  });
  const resources = (JSON.parse(Testing.synth(stack, true)) as { resource: Resources }).resource;
  return { resources, pair: Object.keys(resources.elasticremote_trust_relationship) };
}

describe('EnvironmentTrustPair', () => {
  const { resources, pair } = build();
  const [inA, inB] = pair.map((name) => resources.elasticremote_trust_relationship[name]);

  test('each environment holds a relationship with the other\'s trust parameters', () => {
    expect(inA).toMatchObject({ provider: 'elasticremote.ece1', name: 'ECE2', installation_id: ece2.installationId, public_ca_cert: ece2.publicCaCert, account_ids: ece2.accountIds, region: 'ece-region' });
    expect(inB).toMatchObject({ provider: 'elasticremote.ece2', name: 'ECE1', installation_id: ece1.installationId, public_ca_cert: ece1.publicCaCert, account_ids: ece1.accountIds });
    expect(inB).not.toHaveProperty('region');
  });

  test('deployments trust the other environment\'s clusters under their own environment\'s relationship', () => {
    const trusts = Object.values(resources.elasticremote_deployment_trust);
    expect(trusts).toContainEqual(
      expect.objectContaining({ deployment_id: 'a'.repeat(32), external: [{ trust_relationship_id: `\${elasticremote_trust_relationship.${pair[0]}.id}`, trust_all: false, trust_allowlist: ['d'.repeat(32)] }] }),
    );
    expect(trusts).toContainEqual(
      expect.objectContaining({ deployment_id: 'b'.repeat(32), external: [{ trust_relationship_id: `\${elasticremote_trust_relationship.${pair[1]}.id}`, trust_all: false, trust_allowlist: ['c'.repeat(32)] }] }),
    );
  });

  test('the same environment twice is refused by the engine\'s pairing rule', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    const provider = new ElasticRemoteProvider(stack, 'p');
    expect(() => new EnvironmentTrustPair(stack, 'pair', { a: { provider, name: 'A', ...ece1 }, b: { provider, name: 'B', ...ece1 } })).toThrow(/needs two different ECE environments/);
  });
});
