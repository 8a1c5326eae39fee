/**
 * Rotation, concurrency and crashes through real OpenTofu against the emulator:
 * - examples/hcl copied as-is on ECH: rotate_after reached by moving the emulator's clock, an applied
 *   rotation while a probe samples `_remote/info` (no disconnected sample), and the order the emulator
 *   logged: new key, keystore write, reload, and only then the old key's invalidation;
 * - the same example on a self-managed cluster: the apply stops before the old key goes, the plan names
 *   the operator's step, and after it the next apply converges;
 * - `-parallelism=10` creating five certificate-model connections and five trust scopes on one
 *   deployment while an outside writer adds its own: nothing lost;
 * - SIGKILL of `tofu apply` right after Elasticsearch answered a key create: the next apply converges
 *   with exactly one live key.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clusterVariables } from '../../../examples/hcl/emulator-tfvars';
import { startEmulator, type CloudDeploymentEndpoint, type EmulatedClusterEndpoint, type RequestLogEntry, type RunningEmulator } from '../../../src/emulator';
import { call } from '../../../src/emulator/test-client';
import { createSecretBox } from '../../../src/secrets/secret-box';
import { apiKeys, crashAfterKeyCreate, rotationOrder, sampleAlias } from '../link-probe';
import { es, exampleProviders, expectNoSecrets, workspace, type TofuWorkspace } from './harness';

jest.setTimeout(300_000);

const secretsKey = 'rotation-e2e-secrets-key-0123456789';
const day = 86_400_000;
const alias = 'eu-logs';
const exampleFiles = ['main.tf', 'variables.tf', 'outputs.tf'];

let workDir: string;
beforeAll(() => {
  workDir = mkdtempSync(join(tmpdir(), 'rotation-e2e-'));
});
afterAll(() => {
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const keys = (cluster: EmulatedClusterEndpoint, query: string) => apiKeys(cluster, query);
const indexOf = (log: RequestLogEntry[], match: (e: RequestLogEntry) => boolean) => log.findIndex(match);

describe('examples/hcl as-is on ECH: an applied rotation with no disconnected sample', () => {
  let emulator: RunningEmulator;
  let stack: TofuWorkspace;
  let search: CloudDeploymentEndpoint;
  let logs: CloudDeploymentEndpoint;

  beforeAll(async () => {
    emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: [{ name: 'search' }, { name: 'logs' }] }] } });
    ({ search, logs } = emulator.cloud.deployments);
    stack = workspace(workDir, 'ech', exampleFiles, {
      secrets_key: secretsKey,
      ...clusterVariables(emulator.clusters[search.cluster], emulator.clusters[logs.cluster]),
      local_deployment_id: search.id,
      cloud_endpoint: search.cloudUrl,
      cloud_api_key: search.cloudApiKey,
    });
    await stack.ok(['init', '-no-color', '-input=false']);
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  });
  afterAll(() => emulator?.stop());

  test('31 days on, the plan says the rotation is due; apply rotates new-key-first with the alias connected throughout', async () => {
    const local = emulator.clusters[search.cluster];
    const remote = emulator.clusters[logs.cluster];
    const oldKeyId = String(stack.attributes('elasticremote_cross_cluster_api_key').id);

    emulator.clock.advance(31 * day);
    const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(plan.code).toBe(2);
    expect(plan.stdout).toContain('! rotation due: created 31d ago, rotate_after 30d');
    expect(plan.stdout).toContain('# elasticremote_cross_cluster_api_key.search must be replaced');
    expect(plan.stdout).toContain('+/- create replacement and then destroy');

    emulator.resetRequestLog();
    const sampler = sampleAlias(local, alias);
    const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
    const { samples, disconnected } = await sampler.stop();
    expect(apply.stdout).toContain('Apply complete! Resources: 1 added, 1 changed, 1 destroyed.');
    console.log(`rotation on ECH through OpenTofu: ${samples} samples, ${disconnected} disconnected`);
    expect(samples).toBeGreaterThan(10);
    expect(disconnected).toBe(0);

    const newKeyId = String(stack.attributes('elasticremote_cross_cluster_api_key').id);
    expect(newKeyId).not.toBe(oldKeyId);
    expect(stack.attributes('elasticremote_remote_cluster_connection').credentials_key_id).toBe(newKeyId);
    expect((await keys(remote, `id=${oldKeyId}`))[0].invalidated).toBe(true);

    const { created, keystore, reload, invalidated } = rotationOrder(emulator.requestLog(), logs.cluster, search.cluster, `/api/v1/deployments/${search.id}/elasticsearch/${search.refId}/keystore`);
    console.log(`order in the emulator's log: key create #${created}, keystore write #${keystore}, reload #${reload}, old key invalidated #${invalidated}`);
    expect(created).toBeGreaterThanOrEqual(0);
    expect(created).toBeLessThan(keystore);
    expect(keystore).toBeLessThan(reload);
    expect(reload).toBeLessThan(invalidated);

    const after = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(after.code).toBe(0);
    expectNoSecrets({ state: stack.stateText(), ...Object.fromEntries(stack.transcript.map((t, i) => [`output #${i}`, t])) }, [secretsKey, search.cloudApiKey, local.apiKey, remote.password]);
  });
});

describe('examples/hcl on a self-managed cluster: no rotation is claimed before the operator\'s keystore step', () => {
  let emulator: RunningEmulator;
  let stack: TofuWorkspace;
  const unseal = (sealed: unknown) => createSecretBox(secretsKey).unseal(String(sealed));

  beforeAll(async () => {
    emulator = await startEmulator();
    stack = workspace(workDir, 'self-managed', exampleFiles, { secrets_key: secretsKey, ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) });
    await stack.ok(['init', '-no-color', '-input=false']);
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve', '-target=elasticremote_cross_cluster_api_key.search']);
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, unseal(stack.attributes('elasticremote_cross_cluster_api_key').encoded));
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
  });
  afterAll(() => emulator?.stop());

  test('the apply fails naming the step, the old key stays valid, the plan is not clean; after the step the next apply converges and only then invalidates the old key', async () => {
    const oldKeyId = String(stack.attributes('elasticremote_cross_cluster_api_key').id);
    emulator.clock.advance(31 * day);
    const refused = await stack.run(['apply', '-no-color', '-input=false', '-auto-approve']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('is not confirmed in the keystore of this self-managed cluster');
    expect(refused.stderr).toContain(`bin/elasticsearch-keystore add cluster.remote.${alias}.credentials`);
    expect((await keys(emulator.clusters.remote, `id=${oldKeyId}`))[0].invalidated).toBe(false);
    expect(stack.attributes('elasticremote_remote_cluster_connection').credentials_key_id).toBe(oldKeyId);
    expect((await es<Record<string, { connected: boolean }>>(emulator.clusters.local, 'GET', '/_remote/info'))[alias].connected).toBe(true);

    const pending = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(pending.code).toBe(2);
    expect(pending.stdout).toContain(`~ keystore secret cluster.remote.${alias}.credentials (rotated, key ${oldKeyId} → (new key)): operator step on every node: bin/elasticsearch-keystore add cluster.remote.${alias}.credentials, then POST _nodes/reload_secure_settings`);

    // The operator's step: the new key (the current object in state; the old one is deposed) into the keystore.
    const current = stack.attributes('elasticremote_cross_cluster_api_key');
    const newKeyId = String(current.id);
    expect(newKeyId).not.toBe(oldKeyId);
    emulator.keystore('local').set(`cluster.remote.${alias}.credentials`, unseal(current.encoded));
    await es(emulator.clusters.local, 'POST', '/_nodes/reload_secure_settings', {});

    emulator.resetRequestLog();
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
    expect(stack.attributes('elasticremote_remote_cluster_connection').credentials_key_id).toBe(newKeyId);
    expect((await keys(emulator.clusters.remote, `id=${oldKeyId}`))[0].invalidated).toBe(true);
    const log = emulator.requestLog();
    const reload = indexOf(log, (e) => e.cluster === 'local' && e.method === 'POST' && e.path === '/_nodes/reload_secure_settings');
    const invalidated = indexOf(log, (e) => e.cluster === 'remote' && e.method === 'DELETE' && e.path === '/_security/api_key');
    console.log(`self-managed rotation: the tool's reload (confirmation) #${reload}, old key invalidated #${invalidated}`);
    expect(reload).toBeGreaterThanOrEqual(0);
    expect(reload).toBeLessThan(invalidated);
    expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode'])).code).toBe(0);
  });
});

describe('-parallelism=10 on one deployment, with an outside writer during the apply: nothing lost', () => {
  let emulator: RunningEmulator;
  let search: CloudDeploymentEndpoint;
  const archives = ['a1', 'a2', 'a3', 'a4', 'a5'];

  beforeAll(async () => {
    emulator = await startEmulator({ clusters: [], cloud: { ech: [{ name: 'acme', deployments: ['search', ...archives, 'outside'].map((name) => ({ name })) }] } });
    search = emulator.cloud.deployments.search;
  });
  afterAll(() => emulator?.stop());

  /** A stack of the example's local provider plus the given resources. */
  function stackOf(name: string, resources: string): TofuWorkspace {
    const local = emulator.clusters[search.cluster];
    const stack = workspace(workDir, name, ['variables.tf'], {
      secrets_key: secretsKey,
      ...clusterVariables(local, local),
      local_deployment_id: search.id,
      cloud_endpoint: search.cloudUrl,
      cloud_api_key: search.cloudApiKey,
    });
    writeFileSync(join(stack.dir, 'main.tf'), `${exampleProviders()}\n${resources}`);
    return stack;
  }

  /** Runs `write` once, right after the first answered request the filter picks (while the apply goes on). */
  function outsideWriterAfter(match: (e: RequestLogEntry) => boolean, write: () => Promise<void>): { done(): Promise<void> } {
    let written: Promise<void> | undefined;
    const unsubscribe = emulator.onAnswered((entry) => {
      if (written || !match(entry)) return;
      written = write();
    });
    return {
      async done() {
        unsubscribe();
        if (!written) throw new Error('the outside writer never ran');
        await written;
      },
    };
  }

  test('five certificate-model connections and an outside alias: all six present', async () => {
    const list = `/api/v1/deployments/${search.id}/elasticsearch/${search.refId}/remote-clusters`;
    const auth = { apiKey: search.cloudApiKey };
    const links = archives
      .map(
        (name) => `resource "elasticremote_remote_cluster_connection" "${name}" {
  provider          = elasticremote.local
  alias             = "${name}"
  cloud             = { deployment_id = var.local_deployment_id }
  remote_deployment = { deployment_id = "${emulator.cloud.deployments[name].id}" }
  skip_unavailable  = true
}`,
      )
      .join('\n');
    const stack = stackOf('remote-clusters', links);
    await stack.ok(['init', '-no-color', '-input=false']);
    const outside = emulator.cloud.deployments.outside;
    const writer = outsideWriterAfter(
      (e) => e.method === 'PUT' && e.path === list,
      async () => {
        // An ordinary read-modify-write by someone else (the Cloud UI, another tool).
        const current = await call<{ resources: Record<string, unknown>[] }>(search.cloudUrl, 'GET', list, auth);
        const kept = current.body.resources.map(({ info: _info, ...entry }) => entry);
        await call(search.cloudUrl, 'PUT', list, auth, { resources: [...kept, { alias: 'outside', deployment_id: outside.id, elasticsearch_ref_id: outside.refId }] });
      },
    );
    const apply = await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve', '-parallelism=10']);
    await writer.done();
    expect(apply.stdout).toContain('Apply complete! Resources: 5 added, 0 changed, 0 destroyed.');
    const aliases = (await call<{ resources: { alias: string }[] }>(search.cloudUrl, 'GET', list, auth)).body.resources.map((r) => r.alias).sort();
    expect(aliases).toEqual([...archives, 'outside'].sort());
    expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode'])).code).toBe(0);
  });

  test('five trust scopes of one deployment and an outside scope: all six present', async () => {
    const accounts = archives.map(() => randomBytes(16).toString('hex'));
    const scopes = accounts
      .map(
        (account, i) => `resource "elasticremote_deployment_trust" "scope_${i}" {
  provider      = elasticremote.local
  deployment_id = var.local_deployment_id
  accounts      = [{ account_id = "${account}", trust_all = false, trust_allowlist = ["${emulator.cloud.deployments[archives[i]].clusterId}"] }]
}`,
      )
      .join('\n');
    const stack = stackOf('trust-scopes', scopes);
    await stack.ok(['init', '-no-color', '-input=false']);
    const outsideAccount = randomBytes(16).toString('hex');
    const deploymentPath = `/api/v1/deployments/${search.id}`;
    const writer = outsideWriterAfter(
      (e) => e.method === 'PUT' && e.path === deploymentPath,
      async () => {
        // Someone else adds a scope with the Cloud API's own concurrency check (the deployment version).
        for (let attempt = 0; attempt < 10; attempt++) {
          const live = await call<{ resources: { elasticsearch: { ref_id: string; region: string; info: { settings: { trust?: { accounts?: unknown[] } }; plan_info: { current: { plan: unknown } } } }[] } }>(
            search.cloudUrl,
            'GET',
            `${deploymentPath}?show_settings=true&show_plans=true`,
            { apiKey: search.cloudApiKey },
          );
          const resource = live.body.resources.elasticsearch[0];
          const trust = resource.info.settings.trust ?? {};
          const body = {
            prune_orphans: false,
            resources: {
              elasticsearch: [
                {
                  ref_id: resource.ref_id,
                  region: resource.region,
                  plan: resource.info.plan_info.current.plan,
                  settings: { trust: { ...trust, accounts: [...(trust.accounts ?? []), { account_id: outsideAccount, trust_all: true }] } },
                },
              ],
            },
          };
          const version = live.headers.get('x-cloud-resource-version');
          const put = await call(search.cloudUrl, 'PUT', `${deploymentPath}?version=${version}`, { apiKey: search.cloudApiKey }, body);
          if (put.status < 300) return;
        }
        throw new Error('the outside trust write never landed');
      },
    );
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve', '-parallelism=10']);
    await writer.done();
    const live = await call<{ resources: { elasticsearch: { info: { settings: { trust?: { accounts?: { account_id: string }[] } } } }[] } }>(
      search.cloudUrl,
      'GET',
      `${deploymentPath}?show_settings=true`,
      { apiKey: search.cloudApiKey },
    );
    const present = (live.body.resources.elasticsearch[0].info.settings.trust?.accounts ?? []).map((a) => a.account_id);
    expect(present).toEqual(expect.arrayContaining([...accounts, outsideAccount]));
    expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode'])).code).toBe(0);
  });
});

describe('a key close to its expiration', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.stop());

  test('a scheduled plan warns, naming the key and the time left, and changes nothing', async () => {
    const stack = workspace(workDir, 'expiry', ['variables.tf'], { secrets_key: secretsKey, ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) });
    writeFileSync(
      join(stack.dir, 'main.tf'),
      `${exampleProviders()}
resource "elasticremote_cross_cluster_api_key" "expiring" {
  provider   = elasticremote.remote
  name       = "expiring"
  access     = { search = [{ names = ["logs-*"] }] }
  expiration = "20d"
}
`,
    );
    await stack.ok(['init', '-no-color', '-input=false']);
    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
    const quiet = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).not.toContain('expires in');

    emulator.clock.advance(7 * day);
    const plan = await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode']);
    expect(plan.code).toBe(0);
    const keyId = String(stack.attributes('elasticremote_cross_cluster_api_key').id);
    expect(plan.stdout).toMatch(new RegExp(`Warning: CrossClusterApiKey "expiring": key ${keyId} expires in 1[23]d \\(.+\\), within expiry_warning 14d; rotate_after is not set`));
  });
});

describe('SIGKILL of tofu apply right after Elasticsearch answered the key create', () => {
  let emulator: RunningEmulator;
  beforeAll(async () => {
    emulator = await startEmulator();
  });
  afterAll(() => emulator?.stop());

  test('the next apply converges: exactly one live key with the create token, the state matches, the plan is clean', async () => {
    const remote = emulator.clusters.remote;
    const stack = workspace(workDir, 'crash', ['variables.tf'], { secrets_key: secretsKey, ...clusterVariables(emulator.clusters.local, remote) });
    writeFileSync(
      join(stack.dir, 'main.tf'),
      `${exampleProviders()}
resource "elasticremote_cross_cluster_api_key" "crash" {
  provider = elasticremote.remote
  name     = "crash-test"
  access   = { search = [{ names = ["logs-*"] }] }
}
`,
    );
    await stack.ok(['init', '-no-color', '-input=false']);
    const crash = crashAfterKeyCreate(emulator, 'remote');
    const crashed = await stack.run(['apply', '-no-color', '-input=false', '-auto-approve'], { onStart: crash.onStart });
    expect(crash.end()).toBe(true);
    expect(crashed.code).not.toBe(0);
    expect((await keys(remote, 'name=crash-test&active_only=true')).length).toBe(1);

    await stack.ok(['apply', '-no-color', '-input=false', '-auto-approve']);
    const live = await keys(remote, 'name=crash-test&active_only=true');
    expect(live).toHaveLength(1);
    expect(typeof live[0].metadata?.elastic_remote_clusters_create_token).toBe('string');
    expect(stack.attributes('elasticremote_cross_cluster_api_key').id).toBe(live[0].id);
    expect((await stack.run(['plan', '-no-color', '-input=false', '-detailed-exitcode'])).code).toBe(0);
  });
});
