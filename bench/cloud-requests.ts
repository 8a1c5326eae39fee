/**
 * HTTP requests per Cloud-side operation, counted by the emulator (not by the client), so the numbers
 * are what a real Cloud API would see. The goal: a DeploymentTrust update is one GET and one PUT unless a
 * version conflict forces a retry. Run after a build:
 *   node dist/bench/cloud-requests.js
 */
import { createEngineContext, type ClosableEngineContext } from '../src/connections/context';
import { startEmulator, type CloudDeploymentEndpoint, type RunningEmulator } from '../src/emulator';
import type { ResourceDefinition, ResourceState } from '../src/resources/definition';
import { deploymentTrust, type DeploymentTrustState } from '../src/resources/deployment-trust';
import { diagnoseCertificateTrust } from '../src/resources/deployment-trust/diagnosis';
import { planResource } from '../src/resources/planning';
import { readTrustPair, trustRelationship, type TrustRelationshipState } from '../src/resources/trust-relationship';

interface Row {
  operation: string;
  requests: number;
  detail: string;
}

const c1 = 'cf659f7fe6164d9691b284ae36811be1';
const c2 = '11111111111111111111111111111111';

async function counted<T>(emulator: RunningEmulator, rows: Row[], operation: string, run: () => Promise<T>): Promise<T> {
  emulator.resetRequestLog();
  const result = await run();
  const log = emulator.requestLog();
  const byKind = new Map<string, number>();
  for (const entry of log) {
    const kind = `${entry.method}${entry.status === 409 ? ' (409)' : ''}`;
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  rows.push({ operation, requests: log.length, detail: [...byKind].map(([kind, n]) => `${n} ${kind}`).join(', ') });
  return result;
}

async function planned<I extends object, S extends ResourceState>(definition: ResourceDefinition<I, S>, ctx: ClosableEngineContext, prior: S | undefined, raw: unknown): Promise<S> {
  const plan = planResource<I>(definition, prior, raw);
  return prior ? definition.update(ctx, prior, plan.desired) : definition.create(ctx, plan.desired);
}

async function main(): Promise<void> {
  const emulator = await startEmulator({
    clusters: [],
    cloud: {
      ece: [
        { name: 'ece1', deployments: [{ name: 'search' }, { name: 'other' }] },
        { name: 'ece2', deployments: [{ name: 'logs' }] },
      ],
    },
  });
  const contexts: ClosableEngineContext[] = [];
  const contextFor = (d: CloudDeploymentEndpoint) => {
    const cluster = emulator.clusters[d.cluster];
    const ctx = createEngineContext({
      elasticsearch: { endpoint: cluster.url, username: cluster.username, password: cluster.password },
      cloud: { endpoint: d.cloudUrl, apiKey: d.cloudApiKey },
    });
    contexts.push(ctx);
    return ctx;
  };
  const rows: Row[] = [];
  try {
    const search = emulator.cloud.deployments.search;
    const other = emulator.cloud.deployments.other;
    const logs = emulator.cloud.deployments.logs;
    const local = contextFor(search);
    const remote = contextFor(logs);
    const accountId = emulator.cloud.ece.ece1.accountId;

    // TrustRelationship
    const pair = await readTrustPair({ cloud: local.cloud(), name: 'ECE1' }, { cloud: remote.cloud(), name: 'ECE2' });
    let relationship = await counted(emulator, rows, 'TrustRelationship create', () => planned(trustRelationship, local, undefined, pair.inA));
    await counted(emulator, rows, 'TrustRelationship read', () => trustRelationship.read(local, relationship));
    relationship = await counted(emulator, rows, 'TrustRelationship update (trust_by_default)', () =>
      planned<typeof pair.inA, TrustRelationshipState>(trustRelationship, local, relationship, { ...pair.inA, trust_by_default: true }),
    );

    // DeploymentTrust
    const external = (allowlist: string[]) => ({ deployment_id: search.id, external: [{ trust_relationship_id: relationship.id, trust_allowlist: allowlist }] });
    let trust = await counted(emulator, rows, 'DeploymentTrust create (external scope)', () => planned(deploymentTrust, local, undefined, external([c1])));
    trust = await counted(emulator, rows, 'DeploymentTrust update: + 1 allowlist entry (external)', () => planned<ReturnType<typeof external>, DeploymentTrustState>(deploymentTrust, local, trust, external([c1, c2])));
    trust = await counted(emulator, rows, 'DeploymentTrust update: - 1 allowlist entry (external)', () => planned<ReturnType<typeof external>, DeploymentTrustState>(deploymentTrust, local, trust, external([c2])));
    emulator.faults.set({ kind: 'version_conflict', method: 'PUT', times: 1 });
    trust = await counted(emulator, rows, 'DeploymentTrust update with 1 version conflict', () => planned<ReturnType<typeof external>, DeploymentTrustState>(deploymentTrust, local, trust, external([c1])));
    emulator.faults.clear();
    await counted(emulator, rows, 'DeploymentTrust update, deployment already as declared (no write)', () =>
      planned<ReturnType<typeof external>, DeploymentTrustState>(deploymentTrust, local, trust, external([c1])),
    );
    await counted(emulator, rows, 'DeploymentTrust read (drift check)', () => deploymentTrust.read(local, trust));
    await counted(emulator, rows, 'DeploymentTrust import (one scope)', () => deploymentTrust.import(local, `${search.id}/main-elasticsearch/external:${relationship.id}`));

    const account = (allowlist: string[]) => ({ deployment_id: search.id, accounts: [{ account_id: accountId, trust_allowlist: allowlist }] });
    let accountTrust = await counted(emulator, rows, 'DeploymentTrust create (account scope, 1 new entry)', () => planned(deploymentTrust, local, undefined, account([other.clusterId])));
    accountTrust = await counted(emulator, rows, 'DeploymentTrust update: + 1 allowlist entry (account, id checked)', () =>
      planned<ReturnType<typeof account>, DeploymentTrustState>(deploymentTrust, local, accountTrust, account([other.clusterId, c1])),
    );
    await counted(emulator, rows, 'DeploymentTrust create (account scope, deployment id resolved)', () =>
      planned(deploymentTrust, contextFor(other), undefined, { deployment_id: other.id, accounts: [{ account_id: accountId, trust_allowlist: [search.id] }], resolve_deployment_ids: true }),
    );
    await counted(emulator, rows, 'DeploymentTrust delete', () => deploymentTrust.delete(local, trust));

    await counted(emulator, rows, 'Certificate trust diagnosis (both sides)', () =>
      diagnoseCertificateTrust({ cloud: local.cloud(), deploymentId: search.id, refId: search.refId }, { cloud: remote.cloud(), deploymentId: logs.id, refId: logs.refId }),
    );
    await counted(emulator, rows, 'TrustRelationship delete', () => trustRelationship.delete(local, relationship));

    const width = Math.max(...rows.map((r) => r.operation.length));
    process.stdout.write(`${'operation'.padEnd(width)}  requests  (by method)\n`);
    for (const row of rows) process.stdout.write(`${row.operation.padEnd(width)}  ${String(row.requests).padStart(8)}  ${row.detail}\n`);
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
