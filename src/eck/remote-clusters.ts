/**
 * ECK (seed 004): the `spec.remoteClusters` fragment of the local Elasticsearch resource and the
 * `spec.remoteClusterServer` fragment of each remote one, for users to put in their Kubernetes
 * manifests. The ECK operator then creates the cross-cluster API keys and keystore entries itself.
 * Validated with the same rules as RemoteClusterConnection (alias) and CrossClusterApiKey (access).
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { crossClusterApiKeyInput, unknownAttributes } from '../resources/cross-cluster-api-key/schema';
import { attributePath, ValidationError, type ValidationIssue } from '../resources/definition';
import { aliasProblem } from '../resources/remote-cluster-connection/rules';

export const fragmentType = 'EckRemoteClusters';

/** Kubernetes object names (DNS-1123 subdomain) and namespaces (DNS-1123 label). */
const k8sName = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const k8sLabel = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** The cross-cluster key access rules, applied to ECK's one-entry-per-kind shape. */
const keyAccess = crossClusterApiKeyInput.shape.access;

const eckSearchAccess = z.strictObject(
  {
    names: z.array(z.string()),
    field_security: z.strictObject({ grant: z.array(z.string()).optional(), except: z.array(z.string()).optional() }).optional(),
    query: z.record(z.string(), z.unknown()).optional(),
    allow_restricted_indices: z.boolean().optional(),
  },
  unknownAttributes('names, field_security, query, allow_restricted_indices'),
);

// The CRD's replication entry has names only: anything else would be pruned by Kubernetes without a word.
const eckReplicationAccess = z.strictObject({ names: z.array(z.string()) }, unknownAttributes('names (ECK\'s replication access takes index names only)'));

const eckAccessShape = z.strictObject({ search: eckSearchAccess.optional(), replication: eckReplicationAccess.optional() }, unknownAttributes('search, replication'));

export type EckAccess = z.infer<typeof eckAccessShape>;

/**
 * ECK's access (one search and one replication entry) as the access of a cross-cluster API key (lists of
 * entries, the query as JSON text): what the operator creates on the remote cluster.
 */
export function crossClusterAccessOf(access: EckAccess): z.input<typeof keyAccess> {
  const { query, ...search } = access.search ?? { names: [] };
  return {
    ...(access.search ? { search: [{ ...search, ...(query ? { query: JSON.stringify(query) } : {}) }] } : {}),
    ...(access.replication ? { replication: [access.replication] } : {}),
  };
}

const eckAccess = eckAccessShape
  .superRefine((access, ctx) => {
    const checked = keyAccess.safeParse(crossClusterAccessOf(access));
    if (checked.success) return;
    for (const issue of checked.error.issues) {
      // [search, 0, names, 1] in the key's list shape is [search, names, 1] in ECK's.
      const path = attributePath(issue.path.filter((p, i) => !(i === 1 && p === 0)));
      ctx.addIssue({ code: 'custom', path, message: issue.message });
    }
  });

const eckRemoteCluster = z.strictObject(
  {
    name: z.string().superRefine((alias, ctx) => {
      const problem = aliasProblem(alias);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
    elasticsearchRef: z.strictObject(
      {
        name: z
          .string()
          .max(253, { error: 'accepted: at most 253 characters' })
          .regex(k8sName, { error: 'accepted: a Kubernetes object name (lowercase letters, digits, - and ., starting and ending with a letter or digit)' }),
        namespace: z
          .string()
          .max(63, { error: 'accepted: at most 63 characters' })
          .regex(k8sLabel, { error: 'accepted: a Kubernetes namespace (lowercase letters, digits and -, starting and ending with a letter or digit)' })
          .optional(),
      },
      unknownAttributes('name, namespace'),
    ),
    apiKey: z.strictObject({ access: eckAccess }, unknownAttributes('access')).optional(),
  },
  unknownAttributes('name, elasticsearchRef, apiKey'),
);

export const eckRemoteClustersInput = z
  .strictObject(
    {
      /** The local cluster, for the namespace default of references without one. */
      namespace: z.string().regex(k8sLabel, { error: 'accepted: a Kubernetes namespace' }).optional(),
      remoteClusters: z.array(eckRemoteCluster).min(1, { error: 'declare at least one remote cluster' }),
    },
    unknownAttributes('namespace, remoteClusters'),
  )
  .superRefine((input, ctx) => {
    input.remoteClusters.forEach((remote, index) => {
      if (input.remoteClusters.findIndex((r) => r.name === remote.name) !== index) {
        ctx.addIssue({ code: 'custom', path: ['remoteClusters', index, 'name'], message: `${remote.name} is declared twice; each alias names one remote cluster` });
      }
    });
  });

export type EckRemoteClustersInput = z.input<typeof eckRemoteClustersInput>;
export type EckRemoteCluster = z.infer<typeof eckRemoteCluster>;

export interface EckFragments {
  /** Goes under the local Elasticsearch resource: `spec.remoteClusters`. */
  local: { spec: { remoteClusters: EckRemoteCluster[] } };
  /**
   * Goes under each remote Elasticsearch resource the API-key model reaches (port 9443):
   * `spec.remoteClusterServer.enabled: true`. Keyed by `<namespace>/<name>`, or `<name>` when no namespace is known.
   */
  remotes: Record<string, { spec: { remoteClusterServer: { enabled: true } } }>;
}

/** Validates and produces the fragments. Throws ValidationError (`EckRemoteClusters: <field>: ...`). */
export function eckRemoteClusterFragments(raw: EckRemoteClustersInput): EckFragments {
  const parsed = eckRemoteClustersInput.safeParse(raw);
  if (!parsed.success) {
    const issues: ValidationIssue[] = parsed.error.issues.map((i) => ({ path: attributePath(i.path), message: i.message }));
    throw new ValidationError(fragmentType, issues);
  }
  const input = parsed.data;
  const remotes: EckFragments['remotes'] = {};
  for (const remote of input.remoteClusters) {
    if (!remote.apiKey) continue;
    // ECK resolves a reference without namespace in the local cluster's namespace.
    const namespace = remote.elasticsearchRef.namespace ?? input.namespace;
    remotes[namespace ? `${namespace}/${remote.elasticsearchRef.name}` : remote.elasticsearchRef.name] = { spec: { remoteClusterServer: { enabled: true } } };
  }
  return { local: { spec: { remoteClusters: input.remoteClusters.map(withCompleteFieldSecurity) } }, remotes };
}

/**
 * The CRD requires both `grant` and `except` in field_security; what one leaves out is what Elasticsearch
 * assumes (every field granted, none excepted).
 */
function withCompleteFieldSecurity(remote: EckRemoteCluster): EckRemoteCluster {
  const search = remote.apiKey?.access.search;
  if (!remote.apiKey || !search?.field_security) return remote;
  const { grant = ['*'], except = [] } = search.field_security;
  return { ...remote, apiKey: { access: { ...remote.apiKey.access, search: { ...search, field_security: { grant, except } } } } };
}

/** The fragments as YAML, one document per Elasticsearch resource, each headed by where it goes. */
export function renderEckFragmentsYaml(fragments: EckFragments, localName = '<local-cluster-name>'): string {
  const documents = [`# Elasticsearch ${localName}: merge into its manifest\n${stringify(fragments.local)}`];
  for (const [ref, fragment] of Object.entries(fragments.remotes)) {
    documents.push(`# Elasticsearch ${ref}: merge into its manifest (enabling the remote cluster server restarts the cluster)\n${stringify(fragment)}`);
  }
  return documents.join('---\n');
}
