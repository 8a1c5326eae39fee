/**
 * DeploymentTrust inputs and outputs: the trust scopes (accounts, external trust relationships, direct
 * trust) one Elasticsearch resource of a deployment declares, with the Cloud API's rules so that bad
 * input fails at plan time, before any request.
 */
import { z } from 'zod';
import { certificateProblem } from '../../cloud/certificates';
import { defaultRefId, hex32Problem, refIdPattern, scopeIdPattern, trustRelationshipIdPattern } from '../../cloud/identifiers';
import { unknownAttributes } from '../cross-cluster-api-key/schema';
import type { ResourceState } from '../definition';

export const resourceType = 'DeploymentTrust';

function hex32(what: string, description: string) {
  return z
    .string()
    .superRefine((value, ctx) => {
      const problem = hex32Problem(value, what);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .meta({ description });
}

const allowlistEntry = z.string().superRefine((value, ctx) => {
  const problem = hex32Problem(value, 'Elasticsearch cluster');
  if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; an allowlist holds Elasticsearch cluster ids (Copy cluster ID in the Cloud UI), not deployment ids` });
});

const trustAll = z
  .boolean()
  .default(false)
  .meta({ description: 'Trust every cluster of the scope, now and future. Must not be combined with a non-empty trust_allowlist. Default false.' });

const trustAllowlist = z
  .array(allowlistEntry)
  .default([])
  .meta({
    description:
      'Elasticsearch cluster ids (32 hex, the cluster id, not the deployment id) trusted when trust_all is false. Empty with trust_all false: no cluster of the scope is trusted.',
    unordered: true,
  });

/** trust_all with an allowlist is ambiguous (the API silently ignores the list); duplicates hide typos. */
function checkAllowlist(scope: { trust_all: boolean; trust_allowlist: string[] }, ctx: z.RefinementCtx): void {
  if (scope.trust_all && scope.trust_allowlist.length > 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['trust_allowlist'],
      message: 'must be empty when trust_all is true (trust_all trusts every cluster of the scope; the API would ignore the list)',
    });
  }
  const seen = new Set<string>();
  scope.trust_allowlist.forEach((id, index) => {
    if (seen.has(id)) ctx.addIssue({ code: 'custom', path: ['trust_allowlist', index], message: `${id} is listed twice` });
    seen.add(id);
  });
}

export const accountScope = z
  .strictObject(
    {
      account_id: hex32('account', 'The account id: the ECH organization id or the ECE environment account id (32 hex).'),
      trust_all: trustAll,
      trust_allowlist: trustAllowlist,
    },
    unknownAttributes('account_id, trust_all, trust_allowlist'),
  )
  .superRefine(checkAllowlist)
  .meta({ description: 'Trust with the clusters of one account (the same ECH organization or ECE environment).' });

export const externalScope = z
  .strictObject(
    {
      trust_relationship_id: z
        .string()
        .regex(trustRelationshipIdPattern, { error: 'accepted: an ECE trust relationship id (lowercase letters, digits, - and _, e.g. 83a7b03f2a4343fe99f09bd27ca3d9ec)' })
        .meta({ description: 'The id of the ECE platform trust relationship with the remote environment (see TrustRelationship).' }),
      trust_all: trustAll,
      trust_allowlist: trustAllowlist,
    },
    unknownAttributes('trust_relationship_id, trust_all, trust_allowlist'),
  )
  .superRefine(checkAllowlist)
  .meta({ description: 'Trust with the clusters of an environment trusted at ECE platform level (a trust relationship).' });

const directTypes = ['ECE', 'ESS', 'generic', 'proxy'] as const;

const pemCertificate = z.string().superRefine((pem, ctx) => {
  const problem = certificateProblem(pem);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
  else if ((pem.match(/-----BEGIN /g) ?? []).length > 1) {
    ctx.addIssue({ code: 'custom', message: 'accepted: one certificate per entry; list several entries to trust several CAs (e.g. during a rotation)' });
  }
});

const nodeName = z
  .string()
  .min(1, { error: 'a node name must not be empty' })
  .refine((name) => !name.includes('*'), { error: 'wildcards are not allowed in additional node names' })
  .refine((name) => !/\s/.test(name), { error: 'a node name must not contain whitespace' });

export const directScope = z
  .strictObject(
    {
      name: z
        .string()
        .min(1, { error: 'a name is required: it identifies the direct trust in the deployment\'s Security page' })
        .refine((name) => name === name.trim(), { error: 'must not begin or end with whitespace' })
        .meta({ description: 'Human-readable name of the direct trust; this resource owns the direct trust with this name.' }),
      type: z
        .enum(directTypes, { error: `accepted: one of ${directTypes.join(', ')}` })
        .default('generic')
        .meta({ description: 'ECE, ESS, generic or proxy. Default generic. A proxy trust has no scope id, allowlist or trust_all.' }),
      scope_id: z
        .string()
        .regex(scopeIdPattern, { error: 'accepted: lowercase letters and digits only, at most 32 characters (an ECH organization id or an ECE environment id such as 1053523734)' })
        .optional()
        .meta({ description: 'Scope of the trusted certificates: the ECH organization id or the ECE environment id. Required with trust_all or an allowlist.' }),
      certificates: z
        .array(pemCertificate)
        .min(1, { error: 'at least one CA certificate (PEM) is required' })
        .meta({ description: 'The trusted CA certificates (PEM), one per entry; several entries allow a CA rotation.' }),
      additional_node_names: z
        .array(nodeName)
        .optional()
        .meta({ description: 'Node names trusted in addition to those deduced from scope id and allowlist; required without scope_id. No wildcards.' }),
      trust_all: trustAll,
      trust_allowlist: trustAllowlist,
    },
    unknownAttributes('name, type, scope_id, certificates, additional_node_names, trust_all, trust_allowlist'),
  )
  .superRefine((scope, ctx) => {
    checkAllowlist(scope, ctx);
    if (scope.type === 'proxy') {
      if (scope.trust_all) ctx.addIssue({ code: 'custom', path: ['trust_all'], message: 'must be false for a proxy-type direct trust' });
      if (scope.trust_allowlist.length > 0) ctx.addIssue({ code: 'custom', path: ['trust_allowlist'], message: 'must be omitted for a proxy-type direct trust' });
      if (scope.scope_id !== undefined) ctx.addIssue({ code: 'custom', path: ['scope_id'], message: 'must be omitted for a proxy-type direct trust' });
      if (scope.additional_node_names !== undefined) {
        ctx.addIssue({ code: 'custom', path: ['additional_node_names'], message: 'must be omitted for a proxy-type direct trust' });
      }
      return;
    }
    if (scope.scope_id === undefined && (scope.trust_all || scope.trust_allowlist.length > 0)) {
      ctx.addIssue({ code: 'custom', path: ['scope_id'], message: 'is required with trust_all or a trust_allowlist (the ECH organization id or ECE environment id of the trusted clusters)' });
    }
    if (scope.scope_id === undefined && (scope.additional_node_names ?? []).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['additional_node_names'], message: 'is required when scope_id is not given (list the trusted node names)' });
    }
    const seen = new Set<string>();
    (scope.additional_node_names ?? []).forEach((name, index) => {
      if (seen.has(name)) ctx.addIssue({ code: 'custom', path: ['additional_node_names', index], message: `${name} is listed twice` });
      seen.add(name);
    });
  })
  .meta({ description: 'Trust with clusters whose CA certificate is bundled with the trust setting (e.g. an ECE environment trusted from ECH).' });

export type AccountScope = z.infer<typeof accountScope>;
export type ExternalScope = z.infer<typeof externalScope>;
export type DirectScope = z.infer<typeof directScope>;

export type ScopeKind = 'account' | 'external' | 'direct';

/** The attribute (list) each scope kind is declared in. */
export const scopeLists = { account: 'accounts', external: 'external', direct: 'direct' } as const;

function checkUnique<T>(list: T[], key: (item: T) => string, listName: string, keyName: string, ctx: z.RefinementCtx): void {
  const seen = new Set<string>();
  list.forEach((item, index) => {
    const k = key(item);
    if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [listName, index, keyName], message: `${k} is declared twice; declare each trust scope once` });
    seen.add(k);
  });
}

export const deploymentTrustInput = z
  .strictObject(
    {
      deployment_id: hex32('deployment', 'The deployment whose Elasticsearch resource trusts the scopes (32 hex). Changing it replaces the resource.').meta({
        forceReplace: true,
      }),
      ref_id: z
        .string()
        .regex(refIdPattern, { error: 'accepted: an Elasticsearch resource ref id (letters, digits, - and _, e.g. main-elasticsearch)' })
        .default(defaultRefId)
        .meta({ description: 'The ref id of the Elasticsearch resource in the deployment. Default main-elasticsearch. Changing it replaces the resource.', forceReplace: true }),
      accounts: z.array(accountScope).default([]).meta({ description: 'Account trust scopes this resource owns.' }),
      external: z.array(externalScope).default([]).meta({ description: 'External (ECE trust relationship) scopes this resource owns.' }),
      direct: z.array(directScope).default([]).meta({ description: 'Direct trust scopes (by name) this resource owns.' }),
      resolve_deployment_ids: z
        .boolean()
        .default(false)
        .meta({
          description:
            'When an allowlist entry under an account is a deployment id of this Cloud environment, use that deployment\'s Elasticsearch cluster id instead of failing. Default false.',
        }),
    },
    unknownAttributes('deployment_id, ref_id, accounts, external, direct, resolve_deployment_ids'),
  )
  .superRefine((input, ctx) => {
    if (input.accounts.length + input.external.length + input.direct.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['accounts'], message: 'declare at least one trust scope in accounts, external or direct (this resource owns only the scopes it declares)' });
    }
    checkUnique(input.accounts, (s) => s.account_id, 'accounts', 'account_id', ctx);
    checkUnique(input.external, (s) => s.trust_relationship_id, 'external', 'trust_relationship_id', ctx);
    checkUnique(input.direct, (s) => s.name, 'direct', 'name', ctx);
    // The one deployment id known without a request: this deployment's own.
    for (const list of ['accounts', 'external', 'direct'] as const) {
      input[list].forEach((scope, scopeIndex) =>
        scope.trust_allowlist.forEach((id, index) => {
          if (id === input.deployment_id) {
            ctx.addIssue({
              code: 'custom',
              path: [list, scopeIndex, 'trust_allowlist', index],
              message: `${id} is this deployment's id, not an Elasticsearch cluster id; use the cluster id (Copy cluster ID in the Cloud UI)`,
            });
          }
        }),
      );
    }
  });

export type DeploymentTrustInput = z.infer<typeof deploymentTrustInput>;

export const deploymentTrustOutput = z.object({
  id: z.string().meta({ description: 'deployment id/ref id/scopes (<kind>:<id>, comma separated): what import accepts.' }),
  cluster_id: z.string().meta({ description: 'The Elasticsearch cluster id of this resource: what the other side puts in its allowlist.', changedBy: [] }),
  resolved_cluster_ids: z
    .record(z.string(), z.string())
    .meta({ description: 'Deployment ids given in allowlists, with the cluster id each was resolved to (resolve_deployment_ids).' }),
});

export type DeploymentTrustState = ResourceState &
  DeploymentTrustInput & {
    cluster_id: string;
    resolved_cluster_ids: Record<string, string>;
  };
