import { makeCa, type TestCa } from '../../../test/seeds/support/certificates';
import { renderChangeSet } from '../../plan/render';
import { planResource } from '../planning';
import { diffDeploymentTrust } from './diff';
import { deploymentTrust, type DeploymentTrustInput, type DeploymentTrustState } from '.';

const deploymentId = '0a1b2c3d4e5f60718293a4b5c6d7e8f9';
const accountId = 'ec38dd0aa45f4a69909ca5c81c27138a';
const relationshipId = '83a7b03f2a4343fe99f09bd27ca3d9ec';
const c1 = 'cf659f7fe6164d9691b284ae36811be1';
const c2 = '11111111111111111111111111111111';
const c3 = '22222222222222222222222222222222';

function state(input: DeploymentTrustInput): DeploymentTrustState {
  return { ...input, id: 'x', cluster_id: 'f'.repeat(32), resolved_cluster_ids: {} };
}

function base(ca: TestCa): DeploymentTrustInput {
  return {
    deployment_id: deploymentId,
    ref_id: 'main-elasticsearch',
    resolve_deployment_ids: false,
    accounts: [{ account_id: accountId, trust_all: false, trust_allowlist: [c1, c2] }],
    external: [{ trust_relationship_id: relationshipId, trust_all: false, trust_allowlist: [c1] }],
    direct: [{ name: 'My ECE environment', type: 'ECE', scope_id: '1053523734', certificates: [ca.pem], trust_all: false, trust_allowlist: [c1] }],
  };
}

describe('DeploymentTrust diff', () => {
  let ca: TestCa;
  let next: TestCa;
  beforeAll(async () => {
    [ca, next] = await Promise.all([makeCa('ECE CA'), makeCa('ECE CA 2027')]);
  });

  it('one allowlist entry added: exactly that entry, under its scope, nothing else', () => {
    const prior = state(base(ca));
    const desired = base(ca);
    desired.accounts[0].trust_allowlist = [c1, c2, c3];
    const changes = diffDeploymentTrust(prior, desired).changes;
    expect(changes).toEqual([{ kind: 'entry', op: '+', path: ['accounts', '0', 'trust_allowlist'], subject: 'allowlist entry', value: c3, under: { kind: 'account', id: accountId } }]);
    expect(renderChangeSet(diffDeploymentTrust(prior, desired))).toBe(
      `DeploymentTrust "${deploymentId}/main-elasticsearch"\n  + allowlist entry ${c3} under account ${accountId}`,
    );
  });

  it('one allowlist entry removed under a trust relationship: exactly that entry', () => {
    const prior = state(base(ca));
    const desired = base(ca);
    desired.external[0].trust_allowlist = [];
    expect(diffDeploymentTrust(prior, desired).changes).toEqual([
      { kind: 'entry', op: '-', path: ['external', '0', 'trust_allowlist'], subject: 'allowlist entry', value: c1, under: { kind: 'external', id: relationshipId } },
    ]);
  });

  it('an allowlist entry swapped under a direct trust: one removal and one addition under that scope', () => {
    const prior = state(base(ca));
    const desired = base(ca);
    desired.direct[0].trust_allowlist = [c2];
    const lines = renderChangeSet(diffDeploymentTrust(prior, desired)).split('\n').slice(1);
    expect(lines).toEqual([`  + allowlist entry ${c2} under direct trust My ECE environment`, `  - allowlist entry ${c1} under direct trust My ECE environment`]);
  });

  it('reordering an allowlist or re-wrapping a PEM is no change', () => {
    const prior = state(base(ca));
    const desired = base(ca);
    desired.accounts[0].trust_allowlist = [c2, c1];
    desired.direct[0].certificates = [ca.pem.replace(/\n/g, '\r\n')];
    expect(diffDeploymentTrust(prior, desired).changes).toEqual([]);
    expect(planResource(deploymentTrust, prior, desired).action).toBe('noop');
  });

  it('trust_all, scopes and certificates are named in the plan', () => {
    const prior = state(base(ca));
    const desired = base(ca);
    desired.accounts[0] = { account_id: accountId, trust_all: true, trust_allowlist: [] };
    desired.external = [];
    desired.direct[0].certificates = [ca.pem, next.pem];
    const text = renderChangeSet(diffDeploymentTrust(prior, desired));
    expect(text).toContain(`~ trust_all of account ${accountId} false → true`);
    expect(text).toContain(`- allowlist entry ${c1} under account ${accountId}`);
    expect(text).toContain(`- allowlist entry ${c2} under account ${accountId}`);
    expect(text).toContain(`- trust scope trust relationship ${relationshipId}`);
    expect(text).toContain(`- allowlist entry ${c1} under trust relationship ${relationshipId}`);
    expect(text).toMatch(/\+ CA certificate [0-9a-f]{64} under direct trust My ECE environment/);
    expect(text.split('\n')).toHaveLength(7);
  });

  it('a new deployment or ref id replaces the resource', () => {
    const prior = state(base(ca));
    const desired = { ...base(ca), ref_id: 'other-es' };
    const plan = planResource(deploymentTrust, prior, desired);
    expect(plan.action).toBe('replace');
    expect(plan.replacePaths).toEqual([['ref_id']]);
  });

  it('a create lists what it will trust', () => {
    const text = renderChangeSet(diffDeploymentTrust(undefined, base(ca)));
    expect(text).toContain('+ create');
    expect(text).toContain(`+ trust scope account ${accountId}`);
    expect(text).toContain(`+ allowlist entry ${c1} under trust relationship ${relationshipId}`);
    expect(text).toContain('+ type of direct trust My ECE environment = ECE');
  });
});
