/**
 * RemoteClusterConnection: a remote cluster alias on the LOCAL cluster.
 *
 * Two ways to configure it:
 * - cluster settings (`PUT /_cluster/settings`, persistent `cluster.remote.<alias>.*`) on any cluster
 *   reachable through the Elasticsearch API, plus, for the API-key model, the keystore setting
 *   `cluster.remote.<alias>.credentials`: written through the Cloud keystore API on ECH/ECE (`cloud`),
 *   while on a self-managed cluster the keystore cannot be written through an API, so the resource only
 *   checks through `_remote/info` that the credentials are present;
 * - the certificate model within one Cloud environment (`remote_deployment`), through the Cloud
 *   remote-clusters API: read the list, change only this alias's entry, write the list back.
 *
 * It owns only its alias's keys and its own keystore secret. Credentials rotation order: keystore,
 * reload, wait until connected. The old key is invalidated afterwards by the front end's
 * create-before-destroy replacement of the CrossClusterApiKey, which runs only when this update
 * succeeded: on a self-managed cluster, only once the operator's keystore step is confirmed.
 */
import { ConfigurationError } from '../../settings/configuration-error';
import { ApiError, UncertainOutcomeError } from '../../http/errors';
import { retryableStatuses } from '../../http/retry-policy';
import type { RemoteInfo } from '../../elasticsearch/client';
import { clusterIdOf, elasticsearchResourceOf } from '../../cloud/deployments';
import type { RemoteResourceRef } from '../../cloud/types';
import { parseTimeValue } from '../../elasticsearch/time-value';
import { keyIdOfEncodedKey } from '../../secrets/secret-box';
import type { EngineContext } from '../context';
import { withSharedObject } from '../shared-objects';
import type { ResourceDefinition } from '../definition';
import {
  cloudTransportDn,
  diagnoseCertificateIdentity,
  diagnoseCloudRemoteNotConnected,
  diagnoseNotConnected,
  diagnoseTrafficFilters,
  type LocalSide,
} from './diagnosis';
import { diffRemoteClusterConnection, resourceType, writeOnlyVersionChanged } from './diff';
import { checkSelfManagedKeystore, KeystoreStepRequiredError } from './keystore';
import { aliasProblem } from './rules';
import {
  remoteClusterConnectionInput,
  remoteClusterConnectionOutput,
  type RemoteClusterConnectionInput,
  type RemoteClusterConnectionState,
} from './schema';
import { credentialsSetting, settingFields, settingsFromFlat, settingsReset, settingsUpdate, settingValuesOf } from './settings';

export { diffRemoteClusterConnection } from './diff';
export { diagnoseCertificateIdentity, diagnoseCloudRemoteNotConnected, diagnoseNotConnected, diagnoseTrafficFilters } from './diagnosis';
export { addressProblem, aliasProblem } from './rules';
export { KeystoreStepRequiredError } from './keystore';
export type { RemoteClusterConnectionInput, RemoteClusterConnectionState } from './schema';

/** Polling interval while waiting for `_remote/info` to report the alias connected. */
const connectedPollMs = 500;

/** The alias did not connect in time; the message says why, as far as can be told. */
export class RemoteClusterNotConnectedError extends Error {
  constructor(
    readonly alias: string,
    readonly reasons: string[],
  ) {
    super(`${resourceType} "${alias}": not connected after waiting: ${reasons.join('; ')}`);
    this.name = 'RemoteClusterNotConnectedError';
  }
}

type Credentials = { plain: string; keyId: string; stored?: string };

/**
 * The plain key (to write), its key id (the fingerprint) and the sealed form state keeps; none for
 * credentials_wo, which state never holds.
 */
function openCredentials(ctx: EngineContext, desired: Pick<RemoteClusterConnectionInput, 'credentials' | 'credentials_wo'>): Credentials | undefined {
  const given = desired.credentials_wo ?? desired.credentials;
  if (given === undefined) return undefined;
  const plain = ctx.secrets.isSealed(given) ? ctx.secrets.unseal(given) : given;
  const keyId = keyIdOfEncodedKey(plain);
  if (desired.credentials_wo !== undefined) return { plain, keyId };
  if (ctx.secrets.isSealed(given)) return { plain, keyId, stored: given };
  try {
    return { plain, keyId, stored: ctx.secrets.seal(plain) };
  } catch (err) {
    // No secrets key configured: state keeps only the key id, never the plain value.
    if (err instanceof ConfigurationError) return { plain, keyId };
    throw err;
  }
}

/** Requests that are safe to repeat but that the transport treats as non-idempotent (PATCH, POST). */
async function repeatable<T>(ctx: EngineContext, what: string, send: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (err) {
      const retry = err instanceof UncertainOutcomeError || (err instanceof ApiError && retryableStatuses.has(err.status));
      if (!retry || attempt >= attempts) throw err;
      ctx.log.info(`${what}: outcome unknown, repeating (safe to repeat)`, { resource: resourceType, attempt });
      await ctx.sleep(Math.min(200 * 2 ** (attempt - 1), 2000));
    }
  }
}

const isSelfManaged = (input: Pick<RemoteClusterConnectionInput, 'cloud'>): boolean => input.cloud === undefined;

/**
 * Writes (or removes, with `null`) this alias's keystore secret through the Cloud API, then reloads
 * secure settings. A self-managed keystore cannot be written: a removal names the operator's step.
 */
async function writeKeystoreSecret(ctx: EngineContext, input: RemoteClusterConnectionInput | RemoteClusterConnectionState, plain: string | null): Promise<void> {
  const setting = credentialsSetting(input.alias);
  if (input.cloud) {
    const { deployment_id, ref_id } = input.cloud;
    await repeatable(ctx, `keystore ${setting}`, () => ctx.cloud().setKeystoreSecrets(deployment_id, ref_id, { [setting]: plain === null ? null : { value: plain } }));
    ctx.log.info(`${resourceType} "${input.alias}": keystore secret ${setting} ${plain === null ? 'removed' : 'written'} (deployment ${deployment_id})`, { resource: resourceType });
  } else {
    ctx.log.warn(
      `${resourceType} "${input.alias}": the keystore of a self-managed cluster cannot be written through an API; remove ${setting} on every node with \`bin/elasticsearch-keystore remove ${setting}\``,
      { resource: resourceType },
    );
  }
  await ctx.elasticsearch().reloadSecureSettings();
}

/**
 * Self-managed: reloads secure settings (picking up what an operator added) and confirms from the
 * nodes' answers that the new key can be in place (see ./keystore). Returns the keystore modification
 * time to record; throws KeystoreStepRequiredError, naming the operator's step, when it is not confirmed.
 */
async function confirmSelfManagedKeystore(
  ctx: EngineContext,
  prior: RemoteClusterConnectionState | undefined,
  desired: RemoteClusterConnectionInput,
  credentials: Credentials,
): Promise<string | undefined> {
  const reload = await ctx.elasticsearch().reloadSecureSettings();
  const firstKey = prior?.credentials === undefined && prior?.credentials_key_id === undefined;
  const confirmedByOperator = desired.keystore_confirmed_key_id === credentials.keyId;
  const since = firstKey || confirmedByOperator ? undefined : prior?.keystore_last_modified;
  const check = checkSelfManagedKeystore(desired.alias, reload, since);
  const problems = [...check.problems];
  if (!firstKey && !confirmedByOperator && (since === undefined || !check.detailed)) {
    const why =
      since === undefined
        ? 'the state records no keystore confirmation of the previous key (imported, or written by an older version)'
        : "the nodes' reload answers have no keystore details (Elasticsearch before 9.x)";
    problems.push(`${why}, so a change of the keystore cannot be seen: once the step is done, set keystore_confirmed_key_id = "${credentials.keyId}"`);
  }
  if (problems.length > 0) throw new KeystoreStepRequiredError(desired.alias, credentials.keyId, problems);
  ctx.log.info(`${resourceType} "${desired.alias}": key ${credentials.keyId} confirmed in every node's keystore`, { resource: resourceType });
  return check.lastModified ?? prior?.keystore_last_modified;
}

async function remoteInfoOf(ctx: EngineContext, alias: string): Promise<RemoteInfo | undefined> {
  return (await ctx.elasticsearch().remoteInfo())[alias];
}

/** One look at whether the alias is connected, and why not when it is not. */
interface ConnectionProbe {
  connected: boolean;
  reasons(): Promise<string[]>;
}

/** The local deployment's cluster id and organization (ECH) or environment (ECE) id, from the Cloud API. */
async function localSideOf(ctx: EngineContext, local: DeploymentRef): Promise<LocalSide> {
  const deployment = await ctx.cloud().getDeployment(local.deployment_id, { shared: true });
  const resource = elasticsearchResourceOf(deployment, local.ref_id);
  const clusterId = resource && clusterIdOf(resource);
  const organization = deployment.metadata?.organization_id;
  if (organization) return { clusterId, scopeId: organization, platform: 'ech' };
  return { clusterId, scopeId: (await ctx.cloud().getLocalTrustParameters()).installation_id, platform: 'ece' };
}

/** A node id for matching certificate_identity: the pattern must match every node's DN, whatever its id. */
const sampleNodeId = 'x2fbq8r1tmeasvz0d9kc4w';

/**
 * What the remote side refuses, found through the Cloud API: the remote deployment's traffic filters
 * (with remote_cloud) and, for the Cloud transport certificate, the key's certificate_identity
 * against the DN it signs with. A Cloud API that cannot tell is named, not hidden.
 */
async function remoteSideCauses(ctx: EngineContext, desired: RemoteClusterConnectionInput): Promise<string[]> {
  if (!desired.remote_cloud && desired.certificate_identity === undefined) return [];
  const causes: string[] = [];
  let local: LocalSide = {};
  try {
    if (desired.cloud) local = await localSideOf(ctx, desired.cloud);
    if (desired.remote_cloud) {
      const remoteId = desired.remote_cloud.deployment_id;
      causes.push(...diagnoseTrafficFilters(remoteId, await ctx.cloud().getDeploymentTrafficFilters(remoteId, { shared: true }), local));
    }
  } catch (err) {
    causes.push(`the Cloud API could not tell whether traffic filters of the remote deployment refuse this cluster: ${err instanceof Error ? err.message : String(err)}`);
  }
  const { certificate_identity: identity } = desired;
  if (identity !== undefined && desired.signing_certificate === 'node.crt' && local.clusterId && local.scopeId) {
    causes.push(...diagnoseCertificateIdentity(identity, cloudTransportDn(local.clusterId, local.scopeId), cloudTransportDn(local.clusterId, local.scopeId, sampleNodeId)));
  }
  return causes;
}

/** Polls until the alias is connected; throws with the last probe's diagnosis when it never is. */
async function waitForConnected(ctx: EngineContext, desired: RemoteClusterConnectionInput, first: ConnectionProbe, probe: () => Promise<ConnectionProbe>): Promise<void> {
  const timeoutMs = parseTimeValue(desired.wait_timeout) ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let last = first;
  for (let poll = 1; !last.connected; poll++) {
    if (poll > Math.ceil(timeoutMs / connectedPollMs) || Date.now() > deadline) throw new RemoteClusterNotConnectedError(desired.alias, await last.reasons());
    await ctx.sleep(connectedPollMs);
    last = await probe();
  }
  ctx.log.info(`${resourceType} "${desired.alias}": connected`, { resource: resourceType });
}

/** The cluster-settings model, probed through `_remote/info`. */
function remoteInfoProbe(ctx: EngineContext, desired: RemoteClusterConnectionInput, credentials: Credentials | undefined, info: RemoteInfo | undefined): ConnectionProbe & { info: RemoteInfo | undefined } {
  return {
    info,
    connected: info?.connected === true,
    reasons: async () =>
      diagnoseNotConnected(
        {
          alias: desired.alias,
          mode: desired.mode,
          proxy_address: desired.proxy_address,
          seeds: desired.seeds,
          credentialsGiven: credentials !== undefined,
          credentialsKeyId: credentials?.keyId,
          selfManagedKeystore: isSelfManaged(desired),
          remoteSideCauses: credentials ? await remoteSideCauses(ctx, desired) : [],
        },
        info,
      ),
  };
}

/** The certificate model within one Cloud environment, probed through the remote-clusters API's computed info. */
async function cloudRemoteProbe(ctx: EngineContext, desired: RemoteClusterConnectionInput, local: DeploymentRef, remoteDeploymentId: string): Promise<ConnectionProbe> {
  const entry = (await ctx.cloud().getRemoteClusters(local.deployment_id, local.ref_id)).resources.find((r) => r.alias === desired.alias);
  return { connected: entry?.info?.connected === true, reasons: async () => diagnoseCloudRemoteNotConnected(desired.alias, remoteDeploymentId, entry?.info) };
}

function stateOf(desired: RemoteClusterConnectionInput, credentials: Credentials | undefined, info: RemoteInfo | undefined, keystoreModified?: string): RemoteClusterConnectionState {
  const { credentials: _given, credentials_wo: _writeOnly, ...inputs } = desired;
  return {
    ...inputs,
    id: desired.alias,
    ...(credentials?.stored ? { credentials: credentials.stored } : {}),
    ...(credentials ? { credentials_key_id: credentials.keyId } : {}),
    ...(info ? { credentials_present: info.cluster_credentials !== undefined, connected: info.connected } : {}),
    ...(credentials && keystoreModified ? { keystore_last_modified: keystoreModified } : {}),
  };
}

/** Attempts of one remote-clusters write when another writer's write keeps crossing it. */
export const remoteClustersWriteAttempts = 5;

/** How long after writing the list it is read again: a concurrent writer's PUT lands within this. */
const remoteClustersSettleMs = 250;

const sameEntry = (a: RemoteResourceRef | undefined, b: RemoteResourceRef | undefined): boolean =>
  a === undefined || b === undefined
    ? a === b
    : a.deployment_id === b.deployment_id && a.elasticsearch_ref_id === b.elasticsearch_ref_id && (b.skip_unavailable === undefined || a.skip_unavailable === b.skip_unavailable);

/**
 * Certificate model: this alias's entry in the local deployment's remote-clusters list, changed alone.
 * The list has no version, so besides one writer at a time in this process, each write is read back
 * once another writer's would have landed: when that write (made from an older copy) dropped or
 * changed this alias's entry, the read-modify-write is done again from what is there now.
 */
async function putRemoteDeployment(ctx: EngineContext, desired: RemoteClusterConnectionInput | undefined, alias: string, local: DeploymentRef): Promise<void> {
  const cloud = ctx.cloud();
  const mine: RemoteResourceRef | undefined =
    desired?.remote_deployment !== undefined
      ? {
          alias,
          deployment_id: desired.remote_deployment.deployment_id,
          elasticsearch_ref_id: desired.remote_deployment.ref_id,
          ...(desired.skip_unavailable !== undefined ? { skip_unavailable: desired.skip_unavailable } : {}),
        }
      : undefined;
  const list = `${cloud.endpoint}/deployments/${local.deployment_id}/elasticsearch/${local.ref_id}/remote-clusters`;
  await withSharedObject(list, async () => {
    for (let attempt = 1; ; attempt++) {
      const current = await cloud.getRemoteClusters(local.deployment_id, local.ref_id);
      // Every other writer's entry as it is now (the computed info is the API's, not part of a write).
      const others = current.resources.filter((r) => r.alias !== alias).map(({ info: _info, ...entry }) => entry);
      await cloud.putRemoteClusters(local.deployment_id, local.ref_id, { resources: [...others, ...(mine ? [mine] : [])] });
      await ctx.sleep(remoteClustersSettleMs + Math.floor(Math.random() * remoteClustersSettleMs));
      const after = (await cloud.getRemoteClusters(local.deployment_id, local.ref_id)).resources.find((r) => r.alias === alias);
      if (sameEntry(after, mine)) return;
      if (attempt >= remoteClustersWriteAttempts) {
        throw new Error(
          `${resourceType} "${alias}": another writer kept replacing the remote-clusters list of deployment ${local.deployment_id} (${attempt} attempts, each undone); apply again`,
        );
      }
      ctx.log.info(`${resourceType} "${alias}": another writer changed the remote-clusters list at the same time and undid this alias's entry; writing it again`, {
        resource: resourceType,
        attempt,
      });
    }
  });
}

type DeploymentRef = { deployment_id: string; ref_id: string };

async function apply(ctx: EngineContext, prior: RemoteClusterConnectionState | undefined, desired: RemoteClusterConnectionInput): Promise<RemoteClusterConnectionState> {
  if (desired.remote_deployment) {
    const local = desired.cloud;
    // Validation requires `cloud` with `remote_deployment`; this keeps the types honest.
    if (!local) throw new Error(`${resourceType} "${desired.alias}": cloud: required with remote_deployment`);
    await putRemoteDeployment(ctx, desired, desired.alias, local);
    if (!desired.wait_for_connected) return stateOf(desired, undefined, undefined);
    const remoteId = desired.remote_deployment.deployment_id;
    await waitForConnected(ctx, desired, await cloudRemoteProbe(ctx, desired, local, remoteId), () => cloudRemoteProbe(ctx, desired, local, remoteId));
    return { ...stateOf(desired, undefined, undefined), connected: true };
  }
  const es = ctx.elasticsearch();
  const credentials = openCredentials(ctx, desired);
  // A new credentials_wo_version applies the write-only key again even when it is the same key.
  const rotated = credentials !== undefined && (prior?.credentials_key_id !== credentials.keyId || writeOnlyVersionChanged(prior, desired));
  let keystoreModified = prior?.keystore_last_modified;
  // Keystore first, so the connection comes up with its credentials (and a rotation never leaves it without).
  if (credentials && rotated) {
    if (isSelfManaged(desired)) keystoreModified = await confirmSelfManagedKeystore(ctx, prior, desired, credentials);
    else await writeKeystoreSecret(ctx, desired, credentials.plain);
  }
  const priorValues = prior ? settingValuesOf(prior) : undefined;
  const desiredValues = settingValuesOf(desired);
  if (JSON.stringify(priorValues) !== JSON.stringify(desiredValues)) {
    await es.putPersistentSettings(settingsUpdate(desired.alias, priorValues, desiredValues));
    ctx.log.info(`${resourceType} "${desired.alias}": cluster.remote.${desired.alias}.* settings applied`, { resource: resourceType });
  }
  if (!credentials && (prior?.credentials !== undefined || prior?.credentials_key_id !== undefined)) await writeKeystoreSecret(ctx, desired, null);
  let probe = remoteInfoProbe(ctx, desired, credentials, await remoteInfoOf(ctx, desired.alias));
  if (credentials && probe.info && probe.info.cluster_credentials === undefined && isSelfManaged(desired)) {
    throw new KeystoreStepRequiredError(desired.alias, credentials.keyId, [`_remote/info shows no cluster_credentials for "${desired.alias}"`]);
  }
  // A rotation of a working connection always waits: the old key is retired right after this update.
  const rotationOfLiveConnection = rotated && prior?.connected === true;
  if (desired.wait_for_connected || rotationOfLiveConnection) {
    await waitForConnected(ctx, desired, probe, async () => (probe = remoteInfoProbe(ctx, desired, credentials, await remoteInfoOf(ctx, desired.alias))));
  }
  return stateOf(desired, credentials, probe.info, keystoreModified);
}

async function createConnection(ctx: EngineContext, desired: RemoteClusterConnectionInput): Promise<RemoteClusterConnectionState> {
  try {
    return await apply(ctx, undefined, desired);
  } catch (err) {
    if (err instanceof RemoteClusterNotConnectedError) {
      // A failed create leaves nothing behind: no settings, no keystore secret nobody tracks.
      await removeConnection(ctx, { ...stateOf(desired, openCredentials(ctx, desired), undefined) });
    }
    // The operator's keystore step is missing: the settings go too, and the keystore was never written.
    if (err instanceof KeystoreStepRequiredError) await removeConnection(ctx, stateOf(desired, undefined, undefined));
    throw err;
  }
}

async function readConnection(ctx: EngineContext, prior: RemoteClusterConnectionState): Promise<RemoteClusterConnectionState | undefined> {
  if (prior.remote_deployment && prior.cloud) {
    const list = await ctx.cloud().getRemoteClusters(prior.cloud.deployment_id, prior.cloud.ref_id, { shared: true });
    const entry = list.resources.find((r) => r.alias === prior.alias);
    if (!entry) return undefined;
    const { skip_unavailable: _s, connected: _c, ...rest } = prior;
    return {
      ...rest,
      remote_deployment: { deployment_id: entry.deployment_id, ref_id: entry.elasticsearch_ref_id },
      ...(entry.skip_unavailable !== undefined ? { skip_unavailable: entry.skip_unavailable } : {}),
      ...(entry.info ? { connected: entry.info.connected } : {}),
    };
  }
  const es = ctx.elasticsearch();
  const [settings, remote] = await Promise.all([es.getClusterSettings({ shared: true }), es.remoteInfo({ shared: true })]);
  const values = settingsFromFlat(prior.alias, settings.persistent);
  if (!values) return undefined;
  const info = remote[prior.alias];
  const kept = Object.fromEntries(Object.entries(prior).filter(([k]) => !(settingFields as string[]).includes(k)));
  const state: RemoteClusterConnectionState = { ...(kept as RemoteClusterConnectionState), ...values };
  if (info) {
    state.connected = info.connected;
    state.credentials_present = info.cluster_credentials !== undefined;
    // Credentials gone from the keystore: forget the fingerprint, so the plan sets them again.
    if (!state.credentials_present) {
      delete state.credentials;
      delete state.credentials_key_id;
      delete state.keystore_last_modified;
    }
  }
  return state;
}

async function removeConnection(ctx: EngineContext, prior: RemoteClusterConnectionState): Promise<void> {
  if (prior.remote_deployment && prior.cloud) {
    await putRemoteDeployment(ctx, undefined, prior.alias, prior.cloud);
    return;
  }
  await ctx.elasticsearch().putPersistentSettings(settingsReset(prior.alias, settingValuesOf(prior)));
  ctx.log.info(`${resourceType} "${prior.alias}": cluster.remote.${prior.alias}.* settings reset`, { resource: resourceType });
  if (prior.credentials !== undefined || prior.credentials_key_id !== undefined) await writeKeystoreSecret(ctx, prior, null);
}

/** `<alias>`, or `<deployment id>/<ref id>/<alias>` for a connection on an ECH/ECE deployment. */
async function importConnection(ctx: EngineContext, id: string): Promise<RemoteClusterConnectionState> {
  const parts = id.trim().split('/');
  const alias = parts[parts.length - 1];
  const problem = aliasProblem(alias);
  if ((parts.length !== 1 && parts.length !== 3) || problem) {
    throw new Error(`${resourceType}: import id: accepted: <alias> or <deployment id>/<ref id>/<alias>${problem ? ` (alias: ${problem})` : ''}`);
  }
  const cloud = parts.length === 3 ? { deployment_id: parts[0], ref_id: parts[1] } : undefined;
  const base: RemoteClusterConnectionState = { id: alias, alias, mode: 'sniff', wait_for_connected: false, wait_timeout: '60s', ...(cloud ? { cloud } : {}) };
  if (cloud) {
    const entry = (await ctx.cloud().getRemoteClusters(cloud.deployment_id, cloud.ref_id)).resources.find((r) => r.alias === alias);
    if (entry) {
      const state = await readConnection(ctx, { ...base, remote_deployment: { deployment_id: entry.deployment_id, ref_id: entry.elasticsearch_ref_id } });
      if (state) return state;
    }
  }
  const state = await readConnection(ctx, base);
  if (!state) throw new Error(`${resourceType}: import id: the cluster has no persistent cluster.remote.${alias}.* settings`);
  if (state.credentials_present) {
    ctx.log.warn(`${resourceType} "${alias}": imported; the keystore holds credentials, but which key cannot be read back, so the plan shows them as set when the configuration gives credentials`, {
      resource: resourceType,
    });
  }
  return state;
}

export const remoteClusterConnection: ResourceDefinition<RemoteClusterConnectionInput, RemoteClusterConnectionState> = {
  type: resourceType,
  tfName: 'remote_cluster_connection',
  description:
    'A remote cluster alias on the local cluster (cluster.remote.<alias>.* persistent settings, proxy or sniff mode) for cross-cluster search and replication, with the API-key model\'s credentials in the keystore setting cluster.remote.<alias>.credentials (written through the Cloud keystore API on ECH/ECE; on self-managed clusters the keystore cannot be written through an API, so the resource checks the credentials are present), or the certificate model within one Cloud environment through the Cloud remote-clusters API. Owns only its alias\'s settings and keystore secret; can wait until _remote/info reports the alias connected and say why not.',
  input: remoteClusterConnectionInput,
  output: remoteClusterConnectionOutput,
  importIdFormat: '<alias> or <deployment id>/<ref id>/<alias>',
  target: 'elasticsearch',
  uniqueBy: ['alias'],
  displayName: (input) => input.alias,
  diff: diffRemoteClusterConnection,
  create: createConnection,
  read: readConnection,
  update: apply,
  delete: removeConnection,
  import: importConnection,
};
