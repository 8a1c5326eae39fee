/**
 * TrustRelationship: one remote environment trusted at ECE platform level
 * (`/api/v1/platform/configuration/trust-relationships`, or under `/api/v1/regions/{region}/...`).
 * Deployments then trust that environment's clusters through external trust scopes (DeploymentTrust).
 */
import { certificateFingerprints } from '../../cloud/certificates';
import { regionPattern, trustRelationshipIdPattern } from '../../cloud/identifiers';
import type { CloudClient } from '../../cloud/client';
import type { PlatformScope, TrustRelationship } from '../../cloud/types';
import { UncertainOutcomeError } from '../../http/errors';
import { listChanges, type Change, type ChangeSet, type FieldChange } from '../../plan/change-set';
import type { ResourceDefinition } from '../definition';
import { resourceType, trustRelationshipInput, trustRelationshipOutput, type TrustRelationshipInput, type TrustRelationshipState } from './schema';

export * from './schema';
export { trustPairFromLocalParameters, readTrustPair, type TrustEnvironment, type TrustPair } from './pair';

export const importIdFormat = '<trust relationship id> or <region>/<trust relationship id>';

function scopeOf(input: { region?: string }): PlatformScope {
  return input.region ? { region: input.region } : {};
}

/** A certificate is compared by fingerprint: the same CA in another PEM layout is no change. */
function certificateIdentity(pem: string | undefined): string | undefined {
  if (pem === undefined) return undefined;
  const prints = certificateFingerprints(pem);
  return prints.length > 0 ? prints.join(',') : pem.trim();
}

function field(op: FieldChange['op'], path: string, subject: string, from: string | undefined, to: string | undefined): FieldChange {
  return { kind: 'field', op, path: [path], subject, ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) };
}

export function diffTrustRelationship(prior: TrustRelationshipState | undefined, desired: TrustRelationshipInput): ChangeSet {
  const changes: Change[] = [];
  if (!prior) {
    changes.push({ kind: 'lifecycle', op: '+', path: [], action: 'create' });
    changes.push(field('+', 'installation_id', 'installation_id', undefined, desired.installation_id));
    if (desired.trust_by_default) changes.push(field('+', 'trust_by_default', 'trust_by_default', undefined, 'true'));
  } else {
    if ((prior.region ?? '') !== (desired.region ?? '')) changes.push(field('!', 'region', 'region', prior.region ?? '(default)', desired.region ?? '(default)'));
    for (const key of ['name', 'installation_id'] as const) {
      if (prior[key] !== desired[key]) changes.push(field('~', key, key, prior[key], desired[key]));
    }
    if (certificateIdentity(prior.public_ca_cert) !== certificateIdentity(desired.public_ca_cert)) {
      const print = (pem: string) => `SHA-256 ${certificateFingerprints(pem)[0] ?? '?'}`;
      changes.push(field('~', 'public_ca_cert', 'public_ca_cert', print(prior.public_ca_cert), print(desired.public_ca_cert)));
    }
    if (prior.trust_by_default !== desired.trust_by_default) {
      changes.push(field('~', 'trust_by_default', 'trust_by_default', String(prior.trust_by_default), String(desired.trust_by_default)));
    }
  }
  changes.push(...listChanges(['account_ids'], 'trusted account', prior?.account_ids ?? [], desired.account_ids));
  return { resourceType, resourceName: desired.name, changes };
}

function requestBody(desired: TrustRelationshipInput) {
  return {
    name: desired.name,
    installation_id: desired.installation_id,
    public_ca_cert: desired.public_ca_cert,
    trust_by_default: desired.trust_by_default,
    account_ids: desired.account_ids,
  };
}

/** State from what the platform has, in the prior's terms where they mean the same (PEM text, order). */
function observedState(found: TrustRelationship, region: string | undefined, prior?: TrustRelationshipState): TrustRelationshipState {
  const pem = found.public_ca_cert ?? '';
  const samePem = prior && certificateIdentity(prior.public_ca_cert) === certificateIdentity(pem);
  const accounts = found.account_ids ?? [];
  const priorAccounts = prior?.account_ids ?? [];
  const sameAccounts = accounts.length === priorAccounts.length && accounts.every((a) => priorAccounts.includes(a));
  return {
    id: found.id,
    name: found.name,
    installation_id: found.installation_id ?? '',
    public_ca_cert: samePem && prior ? prior.public_ca_cert : pem,
    trust_by_default: found.trust_by_default,
    account_ids: sameAccounts ? priorAccounts : accounts,
    ...(region ? { region } : {}),
    ...(found.last_modified ? { last_modified: found.last_modified } : {}),
  };
}

async function findByInstallation(cloud: CloudClient, desired: TrustRelationshipInput): Promise<TrustRelationship[]> {
  return (await cloud.listTrustRelationships(scopeOf(desired))).filter((r) => !r.local && r.installation_id === desired.installation_id);
}

export const trustRelationship: ResourceDefinition<TrustRelationshipInput, TrustRelationshipState> = {
  type: resourceType,
  tfName: 'trust_relationship',
  description:
    'An ECE platform trust relationship: the remote environment (installation id and CA certificate) whose clusters deployments of this environment may trust. Trust must be declared in both environments.',
  input: trustRelationshipInput,
  output: trustRelationshipOutput,
  importIdFormat,
  target: 'cloud',
  uniqueBy: ['name', 'region'],
  displayName: (input) => input.name,
  diff: diffTrustRelationship,

  async create(ctx, desired) {
    const cloud = ctx.cloud();
    const scope = scopeOf(desired);
    // One list catches both mistakes the POST would not: trusting oneself, and a duplicate relationship.
    const existing = await cloud.listTrustRelationships(scope);
    const own = existing.find((r) => r.local);
    if (own && own.installation_id === desired.installation_id) {
      throw new Error(
        `${resourceType} "${desired.name}": installation_id ${desired.installation_id} is this environment's own id; create the relationship in the other environment (trustPairFromLocalParameters declares both sides)`,
      );
    }
    const duplicate = existing.find((r) => !r.local && r.installation_id === desired.installation_id);
    if (duplicate) {
      throw new Error(
        `${resourceType} "${desired.name}": this environment already trusts installation ${desired.installation_id} (relationship ${duplicate.id} "${duplicate.name}"); import it with id ${desired.region ? `${desired.region}/` : ''}${duplicate.id}`,
      );
    }
    let id: string;
    try {
      id = (await cloud.createTrustRelationship(requestBody(desired), scope)).id;
    } catch (err) {
      if (!(err instanceof UncertainOutcomeError)) throw err;
      // The POST may have landed: adopt it if it did, otherwise report the failure.
      const landed = (await findByInstallation(cloud, desired)).find((r) => r.name === desired.name);
      if (!landed) throw err;
      ctx.log.info('trust relationship create had an uncertain outcome; it was created', { id: landed.id });
      id = landed.id;
    }
    const created = await cloud.getTrustRelationship(id, scope);
    if (!created) throw new Error(`${resourceType} "${desired.name}": created as ${id} but not found when read back`);
    return observedState(created, desired.region, { ...desired, id });
  },

  async read(ctx, prior) {
    const found = await ctx.cloud().getTrustRelationship(prior.id, scopeOf(prior));
    return found ? observedState(found, prior.region, prior) : undefined;
  },

  async update(ctx, prior, desired) {
    const cloud = ctx.cloud();
    await cloud.updateTrustRelationship(prior.id, requestBody(desired), scopeOf(desired));
    const updated = await cloud.getTrustRelationship(prior.id, scopeOf(desired));
    if (!updated) throw new Error(`${resourceType} "${desired.name}": relationship ${prior.id} disappeared during the update`);
    return observedState(updated, desired.region, { ...desired, id: prior.id });
  },

  async delete(ctx, prior) {
    await ctx.cloud().deleteTrustRelationship(prior.id, scopeOf(prior));
  },

  async import(ctx, id) {
    const parts = id.split('/');
    if (parts.length > 2 || parts.some((p) => p.length === 0)) throw new Error(`${resourceType} import: ${JSON.stringify(id)} is not ${importIdFormat}`);
    const [region, relationshipId] = parts.length === 2 ? parts : [undefined, parts[0]];
    if (!trustRelationshipIdPattern.test(relationshipId) || (region !== undefined && !regionPattern.test(region))) {
      throw new Error(`${resourceType} import: ${JSON.stringify(id)} is not ${importIdFormat} (ids and regions are lowercase letters, digits, - and _)`);
    }
    const found = await ctx.cloud().getTrustRelationship(relationshipId, region ? { region } : {});
    if (!found) throw new Error(`${resourceType} import: no trust relationship ${relationshipId}${region ? ` in region ${region}` : ''}`);
    if (found.local) {
      throw new Error(`${resourceType} import: ${relationshipId} is this environment's own trust parameters (local), not a trusted environment`);
    }
    return observedState(found, region);
  },
};
