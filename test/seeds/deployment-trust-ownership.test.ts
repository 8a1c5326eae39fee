/**
 * DeploymentTrust owns only the scopes it declares: two resources for different scopes of one deployment
 * applied concurrently both land (version conflicts re-read and retry), and the account name and the
 * direct trust set outside the tool survive create, update, read, import and delete.
 */
import { makeCa, type TestCa } from './support/certificates';
import type { TrustSettings } from '../../src/cloud/types';
import type { CloudDeploymentEndpoint } from '../../src/emulator';
import { deploymentTrust, type DeploymentTrustState } from '../../src/resources/deployment-trust';
import { planResource } from '../../src/resources/planning';
import { apply, startCloudStack, type CloudStack } from './support/cloud-stack';

let stack: CloudStack;
let search: CloudDeploymentEndpoint;
let accountId: string;
let outsideCa: TestCa;
let echCa: TestCa;

const relationshipId = '83a7b03f2a4343fe99f09bd27ca3d9ec';
const c1 = 'cf659f7fe6164d9691b284ae36811be1';
const c2 = '11111111111111111111111111111111';
const c3 = '22222222222222222222222222222222';

beforeAll(async () => {
  [stack, outsideCa, echCa] = await Promise.all([startCloudStack({ ece: [{ name: 'ece1', deployments: [{ name: 'search' }] }] }), makeCa('Self-managed DC CA'), makeCa('ECH region CA')]);
  search = stack.deployment('search');
  accountId = stack.emulator.cloud.ece.ece1.accountId;
});
afterAll(() => stack.close());

async function liveTrust(): Promise<TrustSettings> {
  return (await stack.context('search').cloud().getDeployment(search.id)).resources.elasticsearch[0].info.settings?.trust ?? {};
}

/** What someone set in the Cloud UI: a named account scope and a direct trust with its own certificate. */
async function setOutsideTheTool(): Promise<{ account: unknown; direct: unknown }> {
  const cloud = stack.context('search').cloud();
  const deployment = await cloud.getDeployment(search.id, { showPlans: true });
  const resource = deployment.resources.elasticsearch[0];
  await cloud.updateDeploymentTrust(
    search.id,
    {
      ref_id: resource.ref_id,
      region: resource.region,
      plan: resource.info.plan_info?.current?.plan,
      trust: {
        accounts: [{ account_id: accountId, name: 'Platform team', trust_all: true }],
        direct: [{ name: 'self-managed-dc', type: 'generic', additional_node_names: ['es-1.dc.example.com'], certificates: [{ pem: outsideCa.pem }], trust_all: false }],
      },
    },
    deployment.version,
  );
  const live = await liveTrust();
  return { account: live.accounts?.[0], direct: live.direct?.find((d) => d.name === 'self-managed-dc') };
}

test('two resources, two scopes, applied concurrently: both land, and what was set outside the tool survives every operation', async () => {
  const outside = await setOutsideTheTool();
  const expectOutsideIntact = async () => {
    const live = await liveTrust();
    expect(live.accounts?.find((a) => a.account_id === accountId)).toEqual(outside.account);
    expect(live.direct?.find((d) => d.name === 'self-managed-dc')).toEqual(outside.direct);
  };
  const externalInput = { deployment_id: search.id, external: [{ trust_relationship_id: relationshipId, trust_allowlist: [c1] }] };
  const directInput = { deployment_id: search.id, direct: [{ name: 'acme on ECH', type: 'ESS', scope_id: 'abc123', certificates: [echCa.pem], trust_allowlist: [c2] }] };

  // Another writer lands between a read and a write once more, on top of the two racing each other.
  stack.emulator.faults.set({ kind: 'version_conflict', method: 'PUT', times: 1 });
  stack.emulator.resetRequestLog();
  const [external, direct] = await Promise.all([apply(deploymentTrust, stack.context('search'), undefined, externalInput), apply(deploymentTrust, stack.context('search'), undefined, directInput)]);
  stack.emulator.faults.clear();
  const puts = stack.emulator.requestLog().filter((r) => r.method === 'PUT');
  expect(puts.filter((r) => r.status === 409).length).toBeGreaterThanOrEqual(1);
  expect(puts.filter((r) => r.status === 200)).toHaveLength(2);
  let live = await liveTrust();
  expect(live.external).toEqual([{ trust_relationship_id: relationshipId, trust_all: false, trust_allowlist: [c1] }]);
  expect(live.direct?.find((d) => d.name === 'acme on ECH')).toMatchObject({ type: 'ESS', scope_id: 'abc123', trust_allowlist: [c2] });
  await expectOutsideIntact();

  // Read: no drift for either.
  for (const applied of [external, direct]) {
    const read = (await deploymentTrust.read(stack.context('search'), applied.state)) as DeploymentTrustState;
    expect(planResource(deploymentTrust, read, applied === external ? externalInput : directInput).action).toBe('noop');
  }

  // Update one: only its scope changes.
  const updated = await apply(deploymentTrust, stack.context('search'), external.state, { ...externalInput, external: [{ trust_relationship_id: relationshipId, trust_allowlist: [c1, c3] }] });
  expect(updated.changeSet.changes).toHaveLength(1);
  live = await liveTrust();
  expect(live.external?.[0].trust_allowlist).toEqual([c1, c3]);
  expect(live.direct?.find((d) => d.name === 'acme on ECH')?.trust_allowlist).toEqual([c2]);
  await expectOutsideIntact();

  // Import the other by its scope: the same state the resource holds.
  const imported = await deploymentTrust.import(stack.context('search'), `${search.id}/main-elasticsearch/direct:acme on ECH`);
  expect(planResource(deploymentTrust, imported, directInput).action).toBe('noop');
  await expect(deploymentTrust.import(stack.context('search'), `${search.id}/main-elasticsearch/external:nope`)).rejects.toThrow(
    `has no external:nope (it has: account:${accountId}, external:${relationshipId}, direct:self-managed-dc, direct:acme on ECH)`,
  );

  // Delete one, then the other: each removes only its scope.
  await deploymentTrust.delete(stack.context('search'), updated.state);
  live = await liveTrust();
  expect(live.external).toEqual([]);
  expect(live.direct?.map((d) => d.name)).toEqual(['self-managed-dc', 'acme on ECH']);
  await deploymentTrust.delete(stack.context('search'), direct.state);
  expect((await liveTrust()).direct?.map((d) => d.name)).toEqual(['self-managed-dc']);
  await expectOutsideIntact();
});

test('owning the account scope keeps the account name set in the UI', async () => {
  await setOutsideTheTool();
  const input = { deployment_id: search.id, accounts: [{ account_id: accountId, trust_allowlist: [c1] }] };
  const created = await apply(deploymentTrust, stack.context('search'), undefined, input);
  expect((await liveTrust()).accounts).toEqual([{ account_id: accountId, name: 'Platform team', trust_all: false, trust_allowlist: [c1] }]);
  await apply(deploymentTrust, stack.context('search'), created.state, { ...input, accounts: [{ account_id: accountId, trust_all: true }] });
  const live = await liveTrust();
  expect(live.accounts).toEqual([{ account_id: accountId, name: 'Platform team', trust_all: true }]);
  expect(live.direct?.map((d) => d.name)).toEqual(['self-managed-dc']);
});

test('a dropped PUT connection is sent again (PUT with a version is safe to repeat) and the trust lands once', async () => {
  const input = (allowlist: string[]) => ({ deployment_id: search.id, external: [{ trust_relationship_id: 'lost-answers', trust_allowlist: allowlist }] });
  const created = await apply(deploymentTrust, stack.context('search'), undefined, input([c1]));
  stack.emulator.faults.set({ kind: 'drop', method: 'PUT', times: 1 });
  stack.emulator.resetRequestLog();
  await apply(deploymentTrust, stack.context('search'), created.state, input([c1, c2]));
  stack.emulator.faults.clear();
  expect(stack.emulator.requestLog().filter((r) => r.method === 'PUT').length).toBeGreaterThanOrEqual(2);
  expect((await liveTrust()).external?.find((e) => e.trust_relationship_id === 'lost-answers')?.trust_allowlist).toEqual([c1, c2]);
});
