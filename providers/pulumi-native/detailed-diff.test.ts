import { crossClusterApiKey, deploymentTrust, remoteClusterConnection } from '../../src/resources';
import { validateInput, type AnyResourceDefinition, type ResourceState } from '../../src/resources/definition';
import { planResource } from '../../src/resources/planning';
import { attributesOf } from '../pulumi/attributes';
import { toPulumiDiff } from '../pulumi/diff-result';
import { detailedDiffOf } from './detailed-diff';

const [a, b, c] = ['a'.repeat(32), 'b'.repeat(32), 'c'.repeat(32)];
const account = '1'.repeat(32);
const deploymentId = 'd'.repeat(32);

function detailed(definition: AnyResourceDefinition, prior: ResourceState, desired: unknown) {
  const plan = planResource<Record<string, unknown>>(definition, prior, desired);
  const { replaces } = toPulumiDiff({ plan, prior, movedBy: [], uniqueBy: definition.uniqueBy });
  return detailedDiffOf(attributesOf(definition), plan.changeSet, prior, plan.desired, replaces);
}

const trustState = (accounts: { account_id: string; trust_allowlist: string[] }[]): ResourceState => ({
  ...validateInput(deploymentTrust, { deployment_id: deploymentId, accounts }),
  id: `${deploymentId}/main-elasticsearch/account:${account}`,
  cluster_id: c,
  resolved_cluster_ids: {},
});

test('one allowlist entry added is one element diff under its scope, nothing else', () => {
  const prior = trustState([{ account_id: account, trust_allowlist: [a] }]);
  expect(detailed(deploymentTrust, prior, { deployment_id: deploymentId, accounts: [{ account_id: account, trust_allowlist: [a, b] }] })).toEqual({
    'accounts[0].trustAllowlist[1]': { kind: 'add', replace: false },
  });
});

test('an entry removed is found in the prior allowlist, even when its scope moved', () => {
  const other = '2'.repeat(32);
  const prior = trustState([
    { account_id: other, trust_allowlist: [] },
    { account_id: account, trust_allowlist: [a, b] },
  ]);
  expect(detailed(deploymentTrust, prior, { deployment_id: deploymentId, accounts: [{ account_id: account, trust_allowlist: [b] }, { account_id: other, trust_allowlist: [] }] })).toEqual({
    'accounts[1].trustAllowlist[0]': { kind: 'delete', replace: false },
  });
});

test('a scope added is one diff, not one per entry inside it', () => {
  const prior = trustState([{ account_id: account, trust_allowlist: [a] }]);
  const other = '2'.repeat(32);
  expect(
    detailed(deploymentTrust, prior, {
      deployment_id: deploymentId,
      accounts: [
        { account_id: account, trust_allowlist: [a] },
        { account_id: other, trust_allowlist: [b, c] },
      ],
    }),
  ).toEqual({ 'accounts[1]': { kind: 'add', replace: false } });
});

test('a keystore rotation is the credentials property; a name change replaces, and says so on that property', () => {
  const first = Buffer.from('key-one:secret-one-value').toString('base64');
  const second = Buffer.from('key-two:secret-two-value').toString('base64');
  const connection: ResourceState = {
    ...validateInput(remoteClusterConnection, { alias: 'eu', mode: 'proxy', proxy_address: 'remote:9443', credentials: first }),
    id: 'eu',
    credentials_key_id: 'key-one',
    connected: true,
    credentials_present: true,
  };
  const rotation = detailed(remoteClusterConnection, connection, { alias: 'eu', mode: 'proxy', proxy_address: 'remote:9443', credentials: second });
  expect(rotation).toEqual({ credentials: { kind: 'update', replace: false } });

  const key: ResourceState = { ...validateInput(crossClusterApiKey, { name: 'k', access: { search: [{ names: ['logs-*'] }] } }), id: 'k1', encoded: 'sealed:v1:x', creation_time: '2026-01-01T00:00:00Z' };
  expect(detailed(crossClusterApiKey, key, { name: 'k2', access: { search: [{ names: ['logs-*'] }] } })).toEqual({ name: { kind: 'update', replace: true } });
});
