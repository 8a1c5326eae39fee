/**
 * The pure diff of a RemoteClusterConnection: one line per setting, per seed, and one `secret` change
 * for the keystore credentials (set / rotated key abc → def / removed), never a value.
 */
import { defaultRefId } from '../../cloud/identifiers';
import { fieldChange as field, listChanges, valueChange, type Change, type ChangeSet, type FieldChange, type SecretChange } from '../../plan/change-set';
import { splitEncodedApiKey } from '../../secrets/redaction';
import { isSealed, keyIdOfEncodedKey } from '../../secrets/secret-box';
import type { RemoteClusterConnectionInput, RemoteClusterConnectionState } from './schema';
import { credentialsSetting, settingFields, settingKey, type ConnectionSettingValues } from './settings';

export const resourceType = 'RemoteClusterConnection';

const display = (v: unknown): string | undefined => (v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v));

function displayedChange(path: string[], subject: string, from: unknown, to: unknown): FieldChange[] {
  return valueChange(path, subject, display(from), display(to));
}

function settingChanges(alias: string, prior: ConnectionSettingValues | undefined, desired: ConnectionSettingValues): Change[] {
  const changes: Change[] = [];
  for (const f of settingFields) {
    const subject = settingKey(alias, f);
    if (f === 'seeds') {
      changes.push(...listChanges(['seeds'], subject, prior?.seeds ?? [], desired.seeds ?? []));
    } else {
      changes.push(...displayedChange([f], subject, prior?.[f], desired[f]));
    }
  }
  return changes;
}

/**
 * The key id of desired credentials, when it can be known without unsealing. A value that is not an
 * encoded key here is one a plan does not know yet (the front ends' placeholder, validated at apply).
 */
function desiredKeyId(credentials: string): string | undefined {
  return isSealed(credentials) || !splitEncodedApiKey(credentials) ? undefined : keyIdOfEncodedKey(credentials);
}

/** A new key for a self-managed keystore: the operator's step, which the plan names (the tool cannot do it). */
const selfManagedStep = (alias: string) => `operator step on every node: bin/elasticsearch-keystore add ${credentialsSetting(alias)}, then POST _nodes/reload_secure_settings`;

/**
 * The keystore secret's change. `writeOnly`: the key came as credentials_wo, which state never holds, so
 * a key whose id cannot be read yet is the same key unless credentials_wo_version changed.
 */
export function credentialsChanges(
  alias: string,
  prior: RemoteClusterConnectionState | undefined,
  desired: string | undefined,
  selfManaged = false,
  writeOnly?: { versionChanged: boolean },
): SecretChange[] {
  const setting = credentialsSetting(alias);
  const base = { kind: 'secret' as const, path: [writeOnly ? 'credentials_wo' : 'credentials'], setting, ...(selfManaged && desired !== undefined ? { operatorStep: selfManagedStep(alias) } : {}) };
  const priorKeyId = prior?.credentials_key_id;
  const priorHas = prior?.credentials !== undefined || priorKeyId !== undefined;
  if (desired === undefined) {
    return priorHas ? [{ ...base, op: '-', action: 'removed', ...(priorKeyId ? { fromFingerprint: priorKeyId } : {}) }] : [];
  }
  const keyId = desiredKeyId(desired);
  if (!priorHas) return [{ ...base, op: '+', action: 'set', ...(keyId ? { toFingerprint: keyId } : {}) }];
  // A sealed value is random per seal, so it is the same key only when it is the same text.
  const same = keyId !== undefined ? keyId === priorKeyId && !writeOnly?.versionChanged : writeOnly ? !writeOnly.versionChanged : desired === prior?.credentials;
  if (same) return [];
  return [{ ...base, op: '~', action: 'rotated', ...(priorKeyId ? { fromFingerprint: priorKeyId } : {}), ...(keyId ? { toFingerprint: keyId } : {}) }];
}

/**
 * Whether a write-only key (credentials_wo) is to be written again: state never holds it, so a new
 * credentials_wo_version is what says so. A new connection writes its key anyway.
 */
export function writeOnlyVersionChanged(
  prior: Pick<RemoteClusterConnectionState, 'credentials_wo_version'> | undefined,
  desired: Pick<RemoteClusterConnectionInput, 'credentials_wo' | 'credentials_wo_version'>,
): boolean {
  return desired.credentials_wo !== undefined && prior !== undefined && prior.credentials_wo_version !== desired.credentials_wo_version;
}

const refText = (ref: { deployment_id: string; ref_id?: string } | undefined): string | undefined =>
  ref ? `${ref.deployment_id}/${ref.ref_id ?? defaultRefId}` : undefined;

export function diffRemoteClusterConnection(prior: RemoteClusterConnectionState | undefined, desired: RemoteClusterConnectionInput): ChangeSet {
  const alias = desired.alias;
  const changes: Change[] = [];
  if (!prior) {
    changes.push({ kind: 'lifecycle', op: '+', path: [], action: 'create' });
  } else {
    if (prior.alias !== desired.alias) changes.push(field('!', ['alias'], 'alias', prior.alias, desired.alias));
    const cloudBefore = refText(prior.cloud);
    const cloudAfter = refText(desired.cloud);
    if (cloudBefore !== cloudAfter) changes.push(field('!', ['cloud'], 'cloud deployment', cloudBefore ?? '(self-managed)', cloudAfter ?? '(self-managed)'));
  }
  if (desired.remote_deployment || prior?.remote_deployment) {
    const before = refText(prior?.remote_deployment);
    const after = refText(desired.remote_deployment);
    if (prior && before !== after) changes.push(field('!', ['remote_deployment'], `remote cluster ${alias} (certificate model) deployment`, before ?? '(none)', after ?? '(none)'));
    if (!prior) changes.push(field('+', ['remote_deployment'], `remote cluster ${alias} (certificate model) deployment`, undefined, after));
    // The remote-clusters API always reports skip_unavailable; left unset it is the API's to choose, not drift.
    if (desired.skip_unavailable !== undefined) {
      changes.push(...displayedChange(['skip_unavailable'], `remote cluster ${alias} skip_unavailable`, prior?.skip_unavailable, desired.skip_unavailable));
    }
  } else {
    // Settings of an alias that was renamed are all new: compare against nothing.
    changes.push(...settingChanges(alias, prior && prior.alias === alias ? prior : undefined, desired));
  }
  const writeOnly = desired.credentials_wo !== undefined ? { versionChanged: writeOnlyVersionChanged(prior, desired) } : undefined;
  changes.push(...credentialsChanges(alias, prior, desired.credentials ?? desired.credentials_wo, desired.cloud === undefined, writeOnly));
  if (prior) {
    changes.push(...displayedChange(['credentials_wo_version'], 'credentials_wo_version', prior.credentials_wo_version, desired.credentials_wo_version));
    changes.push(...displayedChange(['keystore_confirmed_key_id'], 'keystore_confirmed_key_id', prior.keystore_confirmed_key_id, desired.keystore_confirmed_key_id));
    // Inputs of the diagnosis only: nothing in Elasticsearch changes with them.
    changes.push(...displayedChange(['certificate_identity'], 'certificate_identity (of the key in credentials)', prior.certificate_identity, desired.certificate_identity));
    changes.push(...displayedChange(['remote_cloud'], 'remote_cloud deployment', refText(prior.remote_cloud), refText(desired.remote_cloud)));
    changes.push(...displayedChange(['wait_for_connected'], 'wait_for_connected', prior.wait_for_connected, desired.wait_for_connected));
    changes.push(...displayedChange(['wait_timeout'], 'wait_timeout', prior.wait_timeout, desired.wait_timeout));
  }
  return { resourceType, resourceName: alias, changes };
}
