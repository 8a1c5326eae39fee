/**
 * CrossClusterApiKey: a cross-cluster API key on the REMOTE cluster, the credential the local
 * cluster's RemoteClusterConnection presents (API-key security model).
 *
 * Creates are not idempotent in Elasticsearch (two POSTs make two keys), so every create carries a
 * unique request token in the key's metadata; after an uncertain outcome the key is looked up by name
 * and token before trying again. A key found that way is invalidated, because its secret was lost with
 * the response: nothing is duplicated and no live key is left unmanaged.
 *
 * A create is also two-phase, for a front end killed mid-apply: the key is made marked pending, and the
 * mark is removed once its secret is sealed and the state is about to be returned. The next create of
 * the same name invalidates pending keys nobody finished (their secret died with the process).
 */
import { randomUUID } from 'node:crypto';
import { ApiError, UncertainOutcomeError } from '../../http/errors';
import { retryableStatuses } from '../../http/retry-policy';
import { splitEncodedApiKey } from '../../secrets/redaction';
import type { ApiKeyInfo, CreateCrossClusterApiKeyResponse, CrossClusterAccess } from '../../elasticsearch/client';
import type { EngineContext } from '../context';
import type { ResourceDefinition } from '../definition';
import { diffCrossClusterApiKey, expiryWarning, resourceType } from './diff';
import {
  crossClusterApiKeyInput,
  crossClusterApiKeyOutput,
  type AccessInput,
  type CrossClusterApiKeyInput,
  type CrossClusterApiKeyState,
  planningOnlyFields,
} from './schema';

export { diffCrossClusterApiKey } from './diff';
export type { CrossClusterApiKeyInput, CrossClusterApiKeyState } from './schema';

/** Metadata key holding the create request's token; not part of the user's metadata. */
export const createTokenMetadataKey = 'elastic_remote_clusters_create_token';

/** Metadata key present while a create is unfinished; not part of the user's metadata. */
export const pendingMetadataKey = 'elastic_remote_clusters_create_pending';

const managedMetadataKeys: readonly string[] = [createTokenMetadataKey, pendingMetadataKey];

/** Tokens of creates running in this process: their pending keys are not orphans. */
const createsInFlight = new Set<string>();

/** Attempts for one create when outcomes are uncertain or the cluster answers 429/5xx. */
const createAttempts = 10;

function toApiAccess(access: AccessInput): CrossClusterAccess {
  return {
    ...(access.search
      ? {
          search: access.search.map((e) => ({
            names: e.names,
            ...(e.query !== undefined ? { query: e.query } : {}),
            ...(e.field_security ? { field_security: e.field_security } : {}),
            ...(e.allow_restricted_indices !== undefined ? { allow_restricted_indices: e.allow_restricted_indices } : {}),
          })),
        }
      : {}),
    ...(access.replication
      ? {
          replication: access.replication.map((e) => ({
            names: e.names,
            ...(e.allow_restricted_indices !== undefined ? { allow_restricted_indices: e.allow_restricted_indices } : {}),
          })),
        }
      : {}),
  };
}

const asList = (names: string[] | string): string[] => (Array.isArray(names) ? names : [names]);

/** Elasticsearch's view of the access, in the input's shape (queries as JSON text). */
function accessFromApi(access: CrossClusterAccess | undefined): AccessInput {
  const result: AccessInput = {};
  if (access?.search?.length) {
    result.search = access.search.map((e) => ({
      names: asList(e.names),
      ...(e.query !== undefined ? { query: typeof e.query === 'string' ? e.query : JSON.stringify(e.query) } : {}),
      ...(e.field_security && (e.field_security.grant || e.field_security.except) ? { field_security: e.field_security } : {}),
      ...(e.allow_restricted_indices ? { allow_restricted_indices: true } : {}),
    }));
  }
  if (access?.replication?.length) {
    result.replication = access.replication.map((e) => ({
      names: asList(e.names),
      ...(e.allow_restricted_indices ? { allow_restricted_indices: true } : {}),
    }));
  }
  return result;
}

/** The user's metadata as Elasticsearch holds it: the create token left out, non-string values as JSON text. */
function metadataFromApi(metadata: Record<string, unknown> | undefined): Record<string, string> | undefined {
  const entries = Object.entries(metadata ?? {})
    .filter(([k]) => !managedMetadataKeys.includes(k))
    .map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)] as const);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

const isoTime = (millis: number | undefined): string | undefined => (millis === undefined ? undefined : new Date(millis).toISOString());

/** State from Elasticsearch's view of the key; what Elasticsearch cannot tell (encoded, durations) comes from `known`. */
function stateFromApi(key: ApiKeyInfo, known: Partial<CrossClusterApiKeyState>): CrossClusterApiKeyState {
  const metadata = metadataFromApi(key.metadata);
  const creationTime = isoTime(key.creation) ?? known.creation_time;
  const expirationTime = isoTime(key.expiration);
  return {
    id: key.id,
    name: key.name,
    access: accessFromApi(key.access),
    ...(known.expiration !== undefined ? { expiration: known.expiration } : {}),
    ...(known.rotate_after !== undefined ? { rotate_after: known.rotate_after } : {}),
    ...(known.expiry_warning !== undefined ? { expiry_warning: known.expiry_warning } : {}),
    ...(metadata ? { metadata } : {}),
    ...(key.certificate_identity ? { certificate_identity: key.certificate_identity } : {}),
    ...(known.encoded !== undefined ? { encoded: known.encoded } : {}),
    ...(creationTime ? { creation_time: creationTime } : {}),
    ...(expirationTime ? { expiration_time: expirationTime } : {}),
  };
}

/** Failures after which the key may or may not exist, or that the cluster asks us to retry. */
function isRetryableCreateFailure(err: unknown): boolean {
  if (err instanceof UncertainOutcomeError) return true;
  return err instanceof ApiError && retryableStatuses.has(err.status);
}

/**
 * POSTs the key with a fresh create token per attempt. After a failure whose outcome is unknown it
 * waits (a timed-out request may still be in flight), then looks the attempt up by name and token:
 * a key found that way has lost its secret with the answer, so it is invalidated before trying again.
 */
async function postKey(ctx: EngineContext, desired: CrossClusterApiKeyInput): Promise<CreateCrossClusterApiKeyResponse & { token: string }> {
  const es = ctx.elasticsearch();
  const failedTokens: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const token = randomUUID();
    createsInFlight.add(token);
    let created: CreateCrossClusterApiKeyResponse;
    try {
      created = await es.createCrossClusterApiKey({
        name: desired.name,
        access: toApiAccess(desired.access),
        ...(desired.expiration ? { expiration: desired.expiration } : {}),
        metadata: { ...desired.metadata, [createTokenMetadataKey]: token, [pendingMetadataKey]: true },
        ...(desired.certificate_identity ? { certificate_identity: desired.certificate_identity } : {}),
      });
    } catch (err) {
      createsInFlight.delete(token);
      if (!isRetryableCreateFailure(err)) throw err;
      failedTokens.push(token);
      ctx.log.info(`${resourceType} "${desired.name}": create attempt ${attempt} failed (${(err as Error).message}); looking it up before going on`, { resource: resourceType });
      await ctx.sleep(Math.min(250 * 2 ** (attempt - 1), 4000));
      // Also when giving up: a key this attempt made would otherwise be live and held by nobody.
      await invalidateAttempts(ctx, desired.name, [token]);
      if (attempt >= createAttempts) throw err;
      continue;
    }
    if (failedTokens.length > 0) {
      // A late-landing earlier attempt would be a live key nobody holds: sweep once more. The new key
      // is good whatever happens here, so a failed sweep is reported, not thrown.
      await invalidateAttempts(ctx, desired.name, failedTokens).catch((err: unknown) =>
        ctx.log.warn(`${resourceType} "${desired.name}": could not re-check earlier create attempts (${(err as Error).message})`, { resource: resourceType }),
      );
    }
    return { ...created, token };
  }
}

/**
 * Invalidates live keys of this name that a create left pending and that no create of this process is
 * still running: an apply killed between the create and its state being recorded left them, and their
 * secret is gone with it. Finished keys (another stack's, or the old key of a rotation) are never touched.
 */
async function invalidateAbandonedCreates(ctx: EngineContext, name: string): Promise<void> {
  const es = ctx.elasticsearch();
  const abandoned = (await es.getApiKeys({ name, activeOnly: true })).filter(
    (k) => k.name === name && k.metadata?.[pendingMetadataKey] === true && !createsInFlight.has(String(k.metadata?.[createTokenMetadataKey])),
  );
  if (abandoned.length === 0) return;
  await es.invalidateApiKeys(abandoned.map((k) => k.id));
  ctx.log.warn(`${resourceType} "${name}": invalidated ${abandoned.length} key(s) an interrupted apply had created but never recorded (their secret was lost with it)`, {
    resource: resourceType,
    key_ids: abandoned.map((k) => k.id),
  });
}

/** Invalidates live keys created by the given (failed) attempts. */
async function invalidateAttempts(ctx: EngineContext, name: string, tokens: string[]): Promise<void> {
  const es = ctx.elasticsearch();
  const orphans = (await es.getApiKeys({ name, activeOnly: true })).filter((k) => k.name === name && tokens.includes(String(k.metadata?.[createTokenMetadataKey])));
  if (orphans.length === 0) return;
  await es.invalidateApiKeys(orphans.map((k) => k.id));
  ctx.log.warn(`${resourceType} "${name}": a create answer was lost; invalidated the key it made (its secret is unrecoverable)`, {
    resource: resourceType,
    key_ids: orphans.map((k) => k.id),
  });
}

async function createKey(ctx: EngineContext, desired: CrossClusterApiKeyInput): Promise<CrossClusterApiKeyState> {
  await invalidateAbandonedCreates(ctx, desired.name);
  const created = await postKey(ctx, desired);
  let encoded: string;
  try {
    encoded = ctx.secrets.seal(created.encoded);
    // The key is complete: its secret is in hand and the state is returned next.
    await ctx.elasticsearch().updateCrossClusterApiKey(created.id, { access: toApiAccess(desired.access), metadata: { ...desired.metadata, [createTokenMetadataKey]: created.token } });
  } catch (err) {
    // Without a secrets key (or the finishing write) the key cannot be kept: retire it rather than orphan it.
    await ctx.elasticsearch().invalidateApiKeys([created.id]);
    throw err;
  } finally {
    createsInFlight.delete(created.token);
  }
  ctx.log.info(`${resourceType} "${desired.name}": created key ${created.id}`, { resource: resourceType, key_id: created.id });
  const fromRequest: CrossClusterApiKeyState = {
    id: created.id,
    ...desired,
    encoded,
    ...(created.expiration ? { expiration_time: new Date(created.expiration).toISOString() } : {}),
  };
  try {
    // One read for what only Elasticsearch knows (creation time, normalised access).
    const [key] = await ctx.elasticsearch().getApiKeys({ id: created.id });
    return key ? stateFromApi(key, fromRequest) : fromRequest;
  } catch (err) {
    // The key exists and its secret is in hand: losing the state now would orphan it.
    ctx.log.warn(`${resourceType} "${desired.name}": created key ${created.id} but could not read it back (${(err as Error).message})`, { resource: resourceType });
    return fromRequest;
  }
}

/** Elasticsearch decides what is live (its clock judges expiry): an invalidated or expired key is gone. */
async function readKey(ctx: EngineContext, prior: CrossClusterApiKeyState): Promise<CrossClusterApiKeyState | undefined> {
  const key = await ctx.elasticsearch().activeApiKey(prior.id, { shared: true });
  if (!key || key.invalidated) {
    ctx.log.info(`${resourceType} "${prior.name}": key ${prior.id} is gone (invalidated, expired or deleted)`, { resource: resourceType, key_id: prior.id });
    return undefined;
  }
  return stateFromApi(key, prior);
}

/** True when only planning inputs (rotate_after, expiry_warning) differ: Elasticsearch holds nothing to change. */
function onlyPlanningChanges(prior: CrossClusterApiKeyState, desired: CrossClusterApiKeyInput): boolean {
  return diffCrossClusterApiKey(prior, desired).changes.every((c) => (planningOnlyFields as readonly string[]).includes(c.path[0]));
}

async function updateKey(ctx: EngineContext, prior: CrossClusterApiKeyState, desired: CrossClusterApiKeyInput): Promise<CrossClusterApiKeyState> {
  const { metadata: _metadata, certificate_identity: _identity, rotate_after: _rotate, expiry_warning: _warning, ...kept } = prior;
  if (onlyPlanningChanges(prior, desired)) return { ...kept, ...desired };
  await ctx.elasticsearch().updateCrossClusterApiKey(prior.id, {
    access: toApiAccess(desired.access),
    // Metadata and certificate identity are replaced whole: an empty object / null clears them.
    metadata: desired.metadata ?? {},
    certificate_identity: desired.certificate_identity ?? null,
  });
  ctx.log.info(`${resourceType} "${desired.name}": updated key ${prior.id}`, { resource: resourceType, key_id: prior.id });
  return { ...kept, ...desired };
}

async function deleteKey(ctx: EngineContext, prior: CrossClusterApiKeyState): Promise<void> {
  await ctx.elasticsearch().invalidateApiKeys([prior.id]);
  ctx.log.info(`${resourceType} "${prior.name}": invalidated key ${prior.id}`, { resource: resourceType, key_id: prior.id });
}

async function importKey(ctx: EngineContext, id: string): Promise<CrossClusterApiKeyState> {
  const keyId = id.trim();
  // Never echo what looks like a secret: a user may paste the encoded key where its id belongs.
  if (splitEncodedApiKey(keyId)) throw new Error(`${resourceType}: import id: this is an encoded API key (a secret), not a key id; accepted: <key id>, e.g. VuaCfGcBCdbkQm-e5aOx`);
  if (!/^[\w-]{1,128}$/.test(keyId)) throw new Error(`${resourceType}: import id: accepted: <key id> (letters, digits, - and _), e.g. VuaCfGcBCdbkQm-e5aOx`);
  const key = await ctx.elasticsearch().activeApiKey(keyId);
  if (!key || key.invalidated) throw new Error(`${resourceType}: import id: no active API key with id ${keyId} on this cluster (unknown, invalidated or expired)`);
  if (key.type !== undefined && key.type !== 'cross_cluster') throw new Error(`${resourceType}: import id: key ${keyId} is a ${key.type} API key, not a cross-cluster API key`);
  ctx.log.warn(
    `${resourceType} "${key.name}": imported key ${keyId}; its encoded value cannot be recovered (Elasticsearch returns a key's secret only at creation), so the encoded output stays empty`,
    { resource: resourceType, key_id: keyId },
  );
  return stateFromApi(key, {});
}

export const crossClusterApiKey: ResourceDefinition<CrossClusterApiKeyInput, CrossClusterApiKeyState> = {
  type: resourceType,
  tfName: 'cross_cluster_api_key',
  description:
    'A cross-cluster API key on the remote cluster (POST /_security/cross_cluster/api_key) granting search and/or replication access; its encoded value is the credential a RemoteClusterConnection on the local cluster stores in its keystore. Access, metadata and certificate identity update in place; name and expiration replace the key. An imported key has no encoded output: Elasticsearch returns the secret only when a key is created.',
  input: crossClusterApiKeyInput,
  output: crossClusterApiKeyOutput,
  importIdFormat: '<key id>',
  target: 'elasticsearch',
  // Key names are not unique in Elasticsearch: the new key is made before the old one is invalidated.
  uniqueBy: [],
  displayName: (input) => input.name,
  diff: diffCrossClusterApiKey,
  planWarnings: (prior, desired, facts) => [expiryWarning(prior, desired, facts.now)].filter((w): w is string => w !== undefined),
  targetTime: (ctx) => ctx.elasticsearch().clusterTime(),
  create: createKey,
  read: readKey,
  update: updateKey,
  delete: deleteKey,
  import: importKey,
};
