/**
 * RemoteAccessRole through real OpenTofu (examples/hcl with roles.tf): the plan warns about a grant the
 * key does not allow, naming both; apply writes the role (read back with GET /_security/role) and, once
 * the alias is connected, says again which grant a search would find refused; drift made by hand shows
 * per grant; import by role name; destroy removes that role only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type RunningEmulator } from '../../../src/emulator';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { es, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(240_000);

const secretsKey = 'role-e2e-secrets-key-0123456789';
const alias = 'eu-logs';
const roleName = `${alias}-reader`;
const roleAddress = 'elasticremote_remote_access_role.search';
/** The role asks for metrics-* too, which the key (logs-* only) does not allow. */
const tooWide = ['-var', 'role_index_patterns=["logs-*","metrics-*"]'];

let emulator: RunningEmulator;
let workDir: string;
let stack: TofuWorkspace;

type Roles = Record<string, { remote_indices?: { clusters: string[]; names: string[]; privileges: string[] }[]; remote_cluster?: unknown[] }>;
const roles = (name: string) => es<Roles>(emulator.clusters.local, 'GET', `/_security/role/${name}`);

beforeAll(async () => {
  emulator = await startEmulator();
  workDir = mkdtempSync(join(tmpdir(), 'role-e2e-'));
  stack = workspace(workDir, 'stack', ['main.tf', 'variables.tf', 'outputs.tf', 'roles.tf'], { secrets_key: secretsKey, alias, ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) });
  await stack.ok(['init', '-no-color', '-input=false']);
  // The key first, then (self-managed) the operator's keystore step, so the alias connects at apply.
  await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve', '-target=elasticremote_cross_cluster_api_key.search']);
  const encoded = createSecretBox(secretsKey).unseal(String(stack.attributes('elasticremote_cross_cluster_api_key').encoded));
  emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, encoded);
});

afterAll(async () => {
  await emulator?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

test('plan warns about a grant naming indices the key does not allow, naming the grant and the key\'s patterns', async () => {
  const plan = await stack.ok(['plan', '-no-color', '-input=false', ...tooWide]);
  expect(plan.stdout).toContain(`# ${roleAddress} will be created`);
  const text = (plan.stdout + plan.stderr).replace(/\s*│\s*/g, ' ');
  expect(text).toContain('Warning:');
  expect(text).toContain(`RemoteAccessRole "${roleName}": remote_indices[0] (clusters ${alias}, names logs-*, metrics-*)`);
  expect(text).toContain(`the cross-cluster API key of "${alias}" does not allow (access.search: logs-*`);
  expect(text).toContain(`${alias}:metrics-* would return nothing or be refused`);
});

test('apply writes the role; once the alias is connected it says which grant a search would find refused', async () => {
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve', ...tooWide]);
  expect(apply.stdout).toContain('Apply complete! Resources: 2 added, 0 changed, 0 destroyed.');
  expect((apply.stdout + apply.stderr).replace(/\s*│\s*/g, ' ')).toContain(`RemoteAccessRole "${roleName}": "${alias}" is connected; remote_indices[0]`);
  const stored = (await roles(roleName))[roleName];
  expect(stored.remote_indices).toEqual([expect.objectContaining({ clusters: [alias], names: ['logs-*', 'metrics-*'], privileges: ['read', 'read_cross_cluster', 'view_index_metadata'] })]);
  expect(stored.remote_cluster).toEqual([{ clusters: [alias], privileges: ['monitor_enrich'] }]);
});

test('with the grant inside the key\'s access: an in-place update that names the pattern removed, no overlap warning, then a clean plan', async () => {
  const update = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(update.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
  expect(update.stdout).toContain('- index pattern metrics-* under grant remote_indices[0]');
  expect(update.stdout + update.stderr).not.toContain('would return nothing or be refused');
  expect((await roles(roleName))[roleName].remote_indices?.[0].names).toEqual(['logs-*']);
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.stdout).toContain('No changes.');
  expect(plan.stdout + plan.stderr).not.toContain('Warning:');
  expect(plan.code).toBe(0);
});

test('drift made by hand shows per grant in the plan', async () => {
  await es(emulator.clusters.local, 'PUT', `/_security/role/${roleName}`, {
    remote_indices: [{ clusters: [alias, 'us-logs'], names: ['logs-*', 'audit-*'], privileges: ['read'] }],
  });
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
  expect(plan.code).toBe(2);
  expect(plan.stdout).toContain(`# ${roleAddress} will be updated in-place`);
  const text = (plan.stdout + plan.stderr).replace(/\s*│\s*/g, ' ');
  expect(text).toContain('- remote cluster alias us-logs under grant remote_indices[0]');
  expect(text).toContain('- index pattern audit-* under grant remote_indices[0]');
  expect(text).toContain('+ privilege read_cross_cluster under grant remote_indices[0]');
  await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect((await roles(roleName))[roleName].remote_indices?.[0]).toMatchObject({ clusters: [alias], names: ['logs-*'] });
});

test('import by role name, then apply converges', async () => {
  await stack.ok(['state', 'rm', roleAddress]);
  const imported = await stack.ok(['import', '-no-color', '-input=false', roleAddress, roleName]);
  expect(imported.stdout).toContain('Import successful!');
  expect(stack.attributes('elasticremote_remote_access_role')).toMatchObject({ id: roleName, name: roleName });
  // The import knows the role, not the configuration's expected_remote_access: only that is filled in.
  const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  expect(apply.stdout).toContain('Apply complete! Resources: 0 added, 1 changed, 0 destroyed.');
  expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode'])).code).toBe(0);
});

test('bad input fails the plan before any request, naming the attribute and what is accepted', async () => {
  const plan = await stack.run(['plan', '-no-color', '-input=false', '-var', 'role_index_patterns=["logs *"]']);
  expect(plan.code).not.toBe(0);
  const text = (plan.stdout + plan.stderr).replace(/\s*│\s*/g, ' ');
  expect(text).toContain('RemoteAccessRole: remote_indices[0].names[0]: accepted: an index name, a wildcard pattern such as logs-*');
  expect(text).toContain('on roles.tf line');
});

test('destroy removes that role and leaves the others', async () => {
  await es(emulator.clusters.local, 'PUT', '/_security/role/someone-elses', { cluster: ['monitor'] });
  const destroy = await stack.ok(['destroy', '-no-color', '-input=false', '-auto-approve']);
  expect(destroy.stdout).toContain('Destroy complete!');
  await expect(roles(roleName)).rejects.toThrow(/404/);
  expect(Object.keys(await roles('someone-elses'))).toEqual(['someone-elses']);
});
