import { renderChangeSet } from '../plan/render';
import { crossClusterApiKey } from './cross-cluster-api-key';
import { deploymentTrust } from './deployment-trust';
import { planResource } from './planning';

describe('planResource with values not known until apply', () => {
  const deploymentId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
  const clusterId = 'cf659f7fe6164d9691b284ae36811be1';

  it('a trust relationship id from a resource created in the same apply still plans, with every default filled', () => {
    // The front end leaves an unknown id out and reports its path; trust_all, ref_id and the other scope lists are defaults.
    const plan = planResource<Record<string, unknown>>(
      deploymentTrust,
      undefined,
      { deployment_id: deploymentId, external: [{ trust_allowlist: [clusterId] }] },
      [['external', 0, 'trust_relationship_id']],
    );
    expect(plan.action).toBe('create');
    expect(plan.desired).toMatchObject({
      ref_id: 'main-elasticsearch',
      accounts: [],
      direct: [],
      resolve_deployment_ids: false,
      external: [{ trust_all: false, trust_allowlist: [clusterId] }],
    });
    expect(renderChangeSet(plan.changeSet)).toContain('+ allowlist entry cf659f7fe6164d9691b284ae36811be1');
  });

  it('an invalid value next to an unknown one is still rejected, naming the field', () => {
    expect(() =>
      planResource(deploymentTrust, undefined, { deployment_id: deploymentId, external: [{ trust_allowlist: ['not-a-cluster-id'] }] }, [
        ['external', 0, 'trust_relationship_id'],
      ]),
    ).toThrow(/DeploymentTrust: external\[0\]\.trust_allowlist\[0\]/);
  });

  it('an existing object whose replacing attribute is not known yet plans a replacement, for every front end', () => {
    const prior = { id: 'k1', name: 'logs-search', access: { search: [{ names: ['logs-*'] }] }, expiry_warning: '14d', encoded: 'sealed:v1:x', creation_time: 1, expiration_time: null };
    const unknownName = planResource(crossClusterApiKey, prior, { name: '(known after apply)', access: { search: [{ names: ['logs-*'] }] } }, [['name']]);
    expect({ action: unknownName.action, replacePaths: unknownName.replacePaths }).toEqual({ action: 'replace', replacePaths: [['name']] });
    // An unknown value of an attribute that updates in place replaces nothing.
    const unknownMetadata = planResource(crossClusterApiKey, prior, { name: 'logs-search', access: { search: [{ names: ['logs-*'] }] } }, [['metadata']]);
    expect(unknownMetadata.replacePaths).toEqual([]);
    expect(unknownMetadata.action).not.toBe('replace');
  });
});
