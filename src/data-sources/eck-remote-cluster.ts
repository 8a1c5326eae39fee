/**
 * `EckRemoteCluster` (seed 004): ECK as a target. Renders, from the aliases and their key access, the
 * `spec.remoteClusters` entries of the local Elasticsearch custom resource and the `spec.remoteClusterServer`
 * part of each remote one (API-key model), as JSON and YAML text a user feeds to `kubernetes_manifest`
 * (`jsondecode`/`yamldecode` give the object). The ECK operator then creates the cross-cluster API keys
 * and keystore entries itself. It also answers `expected_remote_access`, what a RemoteAccessRole on the
 * local cluster takes to check its grants against those keys. Pure: no request is made.
 */
import { stringify } from 'yaml';
import { z } from 'zod';
import { eckRemoteClusterFragments, eckRemoteClustersInput, renderEckFragmentsYaml, type EckRemoteClustersInput } from '../eck/remote-clusters';
import { access as keyAccess, allowRestrictedIndices, fieldSecurity, indexPattern, queryText, unknownAttributes } from '../resources/cross-cluster-api-key/schema';
import { attributePath, validateInput } from '../resources/definition';
import type { DataSourceDefinition } from './definition';

const names = z.array(indexPattern).min(1, { error: 'at least one index name or pattern is required (e.g. ["logs-*"])' }).meta({ description: 'Index names or patterns on the remote cluster.' });

const apiKeyAccess = z
  .strictObject(
    {
      search: z
        .strictObject({ names, query: queryText.optional(), field_security: fieldSecurity.optional(), allow_restricted_indices: allowRestrictedIndices }, unknownAttributes('names, query, field_security, allow_restricted_indices'))
        .optional()
        .meta({ description: 'What the remote cluster lets the local one search (ECK takes one search entry).' }),
      replication: z
        .strictObject({ names }, unknownAttributes('names (ECK\'s replication access takes index names only)'))
        .optional()
        .meta({ description: 'What the remote cluster lets the local one replicate (ECK takes one replication entry, names only).' }),
    },
    unknownAttributes('search, replication'),
  )
  .meta({ description: 'API-key model: the access of the cross-cluster API key ECK creates on the remote cluster. Omitted: the certificate model.' });

const k8sRef = z.strictObject(
  {
    name: z.string().meta({ description: 'Name of the Elasticsearch custom resource.' }),
    namespace: z.string().optional().meta({ description: 'Its namespace; omitted: the local cluster\'s.' }),
  },
  unknownAttributes('name, namespace'),
);

const rawInput = z.strictObject(
  {
    local: k8sRef.meta({ description: 'The local Elasticsearch custom resource (the one that searches or follows).' }),
    remote_clusters: z
      .array(
        z.strictObject(
          {
            alias: z.string().meta({ description: 'The remote cluster alias on the local cluster (spec.remoteClusters[].name).' }),
            elasticsearch_ref: k8sRef.meta({ description: 'The remote Elasticsearch custom resource, in the same Kubernetes cluster.' }),
            api_key_access: apiKeyAccess.optional(),
          },
          unknownAttributes('alias, elasticsearch_ref, api_key_access'),
        ),
      )
      .meta({ description: 'The remote clusters the local one connects to.' }),
  },
  unknownAttributes('local, remote_clusters'),
);

type RawInput = z.infer<typeof rawInput>;

function eckSearch({ query, ...search }: NonNullable<z.infer<typeof apiKeyAccess>['search']>) {
  // A query that is not JSON is the input's own validation problem; here it is left out rather than thrown.
  const parsed = query === undefined ? undefined : safeJson(query);
  return { ...search, ...(parsed ? { query: parsed } : {}) };
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** The input in ECK's own shape (camelCase, the query as an object). */
export function toEckInput(input: RawInput): EckRemoteClustersInput {
  return {
    ...(input.local.namespace ? { namespace: input.local.namespace } : {}),
    remoteClusters: input.remote_clusters.map((remote) => {
      const search = remote.api_key_access?.search;
      const replication = remote.api_key_access?.replication;
      return {
        name: remote.alias,
        elasticsearchRef: { name: remote.elasticsearch_ref.name, ...(remote.elasticsearch_ref.namespace ? { namespace: remote.elasticsearch_ref.namespace } : {}) },
        ...(remote.api_key_access
          ? {
              apiKey: {
                access: {
                  ...(search ? { search: eckSearch(search) } : {}),
                  ...(replication ? { replication } : {}),
                },
              },
            }
          : {}),
      };
    }),
  };
}

/** An ECK path (`remoteClusters[0].apiKey.access.search.names`) in this input's names, so a problem points at what the user wrote. */
function inputPath(path: (string | number)[]): (string | number)[] {
  const [first, index, field, ...rest] = path;
  if (first !== 'remoteClusters') return first === 'namespace' ? ['local', 'namespace'] : path;
  if (field === 'name') return ['remote_clusters', index, 'alias'];
  if (field === 'elasticsearchRef') return ['remote_clusters', index, 'elasticsearch_ref', ...rest];
  if (field === 'apiKey') return ['remote_clusters', index, 'api_key_access', ...rest.slice(1)];
  return ['remote_clusters', ...path.slice(1)];
}

// The ECK rules (aliases, Kubernetes names, the key's access rules), reported under this input's names.
const input = rawInput.superRefine((raw, ctx) => {
  const checked = eckRemoteClustersInput.safeParse(toEckInput(raw));
  if (checked.success) return;
  for (const issue of checked.error.issues) ctx.addIssue({ code: 'custom', path: inputPath(attributePath(issue.path)), message: issue.message });
});

const remoteServer = z.object({
  name: z.string().meta({ description: 'The remote Elasticsearch custom resource.' }),
  namespace: z.string().optional().meta({ description: 'Its namespace, when known.' }),
  manifest_json: z.string().meta({ description: 'JSON of the part to merge into its manifest: spec.remoteClusterServer.enabled = true (enabling it restarts the cluster).' }),
  manifest_yaml: z.string().meta({ description: 'The same as YAML.' }),
});

const output = z.object({
  local_manifest_json: z.string().meta({ description: 'JSON of the part to merge into the local Elasticsearch manifest: spec.remoteClusters (with apiKey.access). jsondecode() gives the object for kubernetes_manifest.' }),
  local_manifest_yaml: z.string().meta({ description: 'The same as YAML.' }),
  remote_servers: z.array(remoteServer).meta({ description: 'For each remote Elasticsearch resource the API-key model reaches (port 9443): the part that enables its remote cluster server.' }),
  yaml: z.string().meta({ description: 'Every part as one YAML stream, each document headed by the resource it goes into.' }),
  expected_remote_access: z
    .array(z.object({ alias: z.string(), access: keyAccess }))
    .meta({ description: 'For a RemoteAccessRole on the local cluster: each API-key alias with the access of the key ECK creates for it.' }),
});

export type EckRemoteClusterInput = z.input<typeof input>;
export type EckRemoteClusterOutput = z.infer<typeof output>;

/** Pure: the manifests' parts from the input. */
export function renderEckRemoteCluster(raw: EckRemoteClusterInput): EckRemoteClusterOutput {
  const eck = toEckInput(raw);
  const fragments = eckRemoteClusterFragments(eck);
  const localRef = raw.local.namespace ? `${raw.local.namespace}/${raw.local.name}` : raw.local.name;
  const remoteServers = Object.entries(fragments.remotes).map(([ref, fragment]) => {
    const [namespace, name] = ref.includes('/') ? ref.split('/') : [undefined, ref];
    return { name, ...(namespace ? { namespace } : {}), manifest_json: JSON.stringify(fragment), manifest_yaml: stringify(fragment) };
  });
  return {
    local_manifest_json: JSON.stringify(fragments.local),
    local_manifest_yaml: stringify(fragments.local),
    remote_servers: remoteServers,
    yaml: renderEckFragmentsYaml(fragments, localRef),
    expected_remote_access: raw.remote_clusters
      .filter((r) => r.api_key_access)
      .map((r) => ({
        alias: r.alias,
        access: {
          ...(r.api_key_access?.search ? { search: [r.api_key_access.search] } : {}),
          ...(r.api_key_access?.replication ? { replication: [r.api_key_access.replication] } : {}),
        },
      })),
  };
}

export const eckRemoteCluster: DataSourceDefinition<EckRemoteClusterInput, EckRemoteClusterOutput> = {
  type: 'EckRemoteCluster',
  tfName: 'eck_remote_cluster',
  description:
    'ECK (seed 004): the spec.remoteClusters entries (with apiKey.access) of the local Elasticsearch custom resource and the spec.remoteClusterServer part of each remote one, as JSON and YAML for kubernetes_manifest; the ECK operator creates the keys and keystore entries. Also answers expected_remote_access for a RemoteAccessRole. Makes no request.',
  input,
  output,
  read: async (_ctx, raw) => renderEckRemoteCluster(raw),
};

/** For programs that render at synth time (CDKTF) or in a function (Pulumi): validate, then render. */
export function eckRemoteClusterParts(raw: EckRemoteClusterInput): EckRemoteClusterOutput {
  return renderEckRemoteCluster(validateInput(eckRemoteCluster, raw));
}
