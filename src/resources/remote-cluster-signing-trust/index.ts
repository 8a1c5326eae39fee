/**
 * RemoteClusterSigningTrust: strong identity verification (Elasticsearch 9.3) on the REMOTE cluster,
 * the `cluster.remote.signing.*` settings with which its remote cluster server verifies the signature
 * of cross-cluster requests (the CAs of the local clusters' signing certificates). They are dynamic
 * cluster settings of the whole cluster, shared by every alias and key that connects to it, so they
 * belong to a resource of their own, one per cluster, not to a cross-cluster API key. The truststore
 * password is a keystore secure setting: an operator step, which the description names.
 */
import { z } from 'zod';
import { listChanges, valueChange, type Change, type ChangeSet } from '../../plan/change-set';
import { unknownAttributes } from '../cross-cluster-api-key/schema';
import type { EngineContext } from '../context';
import type { ResourceDefinition, ResourceState } from '../definition';
import { asBoolean, asList, asString, ownedRawValues, ownedSettingsUpdate, withoutUnset, type OwnedSettings } from '../remote-cluster-connection/settings';

export const resourceType = 'RemoteClusterSigningTrust';
/** One per cluster: the settings have no alias. */
const singletonId = 'cluster.remote.signing';

const configPath = (what: string, example: string) =>
  z.string().regex(/^[^\s,][^,]*$/, { error: `accepted: the path of the ${what} in the nodes' config directory, e.g. ${example}` });

export const remoteClusterSigningTrustInput = z
  .strictObject(
    {
      certificate_authorities: z
        .array(configPath('PEM CA certificate', 'internal_tls_ca.crt'))
        .min(1, { error: 'accepted: at least one CA certificate path, e.g. ["internal_tls_ca.crt"]' })
        .optional()
        .meta({
          description:
            "cluster.remote.signing.certificate_authorities: CA certificates (PEM paths in the nodes' config directory) that issued the local clusters' signing certificates. On ECH, internal_tls_ca.crt is the regional CA of every deployment (local clusters of the same provider and region); another region's CA or your own must first be uploaded as a bundle, an operator step.",
        }),
      truststore_path: configPath('truststore (PKCS#12 or JKS)', 'signing-truststore.p12')
        .optional()
        .meta({
          description:
            'cluster.remote.signing.truststore.path: a truststore of those CAs instead of certificate_authorities. Its password, cluster.remote.signing.truststore.secure_password, is a keystore secure setting: add it with elasticsearch-keystore on every node (ECH/ECE: the deployment keystore).',
        }),
      truststore_type: z.enum(['jks', 'PKCS12'], { error: 'accepted: "PKCS12" or "jks"' }).optional().meta({ description: 'cluster.remote.signing.truststore.type (needs truststore_path).' }),
      truststore_algorithm: z.string().min(1).optional().meta({ description: 'cluster.remote.signing.truststore.algorithm (needs truststore_path).' }),
      diagnose_trust: z.boolean().optional().meta({ description: 'cluster.remote.signing.diagnose.trust: log why a signature is not trusted (Elasticsearch default true).' }),
    },
    unknownAttributes('certificate_authorities, truststore_path, truststore_type, truststore_algorithm, diagnose_trust'),
  )
  .superRefine((input, ctx) => {
    if (input.certificate_authorities !== undefined && input.truststore_path !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['truststore_path'], message: 'not accepted with certificate_authorities: verify with CA files or with a truststore, not both' });
    }
    if (input.certificate_authorities === undefined && input.truststore_path === undefined) {
      ctx.addIssue({ code: 'custom', path: ['certificate_authorities'], message: 'required (or truststore_path): the CAs that verify signed cross-cluster requests, e.g. ["internal_tls_ca.crt"]' });
    }
    for (const key of ['truststore_type', 'truststore_algorithm'] as const) {
      if (input[key] !== undefined && input.truststore_path === undefined) ctx.addIssue({ code: 'custom', path: [key], message: 'required: truststore_path (this setting describes that truststore)' });
    }
  });

export type RemoteClusterSigningTrustInput = z.infer<typeof remoteClusterSigningTrustInput>;
export type RemoteClusterSigningTrustState = ResourceState & RemoteClusterSigningTrustInput;

export const remoteClusterSigningTrustOutput = z.object({ id: z.string().meta({ description: 'Always cluster.remote.signing (one per cluster).', changedBy: [] }) });

/** Input field → setting key. */
const settingKeys = {
  certificate_authorities: 'cluster.remote.signing.certificate_authorities',
  truststore_path: 'cluster.remote.signing.truststore.path',
  truststore_type: 'cluster.remote.signing.truststore.type',
  truststore_algorithm: 'cluster.remote.signing.truststore.algorithm',
  diagnose_trust: 'cluster.remote.signing.diagnose.trust',
} as const;
type SigningField = keyof typeof settingKeys;
const fields = Object.keys(settingKeys) as SigningField[];
const signingSettings: OwnedSettings<SigningField> = { fields, keyOf: (field) => settingKeys[field] };

/** The PUT body that moves the settings from `prior` to `desired`: null resets what is no longer wanted. */
export function signingSettingsUpdate(prior: Partial<RemoteClusterSigningTrustInput> | undefined, desired: Partial<RemoteClusterSigningTrustInput>): Record<string, unknown> {
  return ownedSettingsUpdate(signingSettings, prior, desired);
}

function settingsFromFlat(persistent: Record<string, unknown>): RemoteClusterSigningTrustInput | undefined {
  const raw = ownedRawValues(signingSettings, persistent);
  if (!raw) return undefined;
  const values: RemoteClusterSigningTrustInput = {
    certificate_authorities: asList(raw('certificate_authorities')),
    truststore_path: asString(raw('truststore_path')),
    truststore_type: asString(raw('truststore_type')) as RemoteClusterSigningTrustInput['truststore_type'],
    truststore_algorithm: asString(raw('truststore_algorithm')),
    diagnose_trust: asBoolean(raw('diagnose_trust')),
  };
  return withoutUnset(values);
}

export function diffRemoteClusterSigningTrust(prior: RemoteClusterSigningTrustState | undefined, desired: RemoteClusterSigningTrustInput): ChangeSet {
  const changes: Change[] = prior ? [] : [{ kind: 'lifecycle', op: '+', path: [], action: 'create' }];
  for (const f of fields) {
    if (f === 'certificate_authorities') {
      changes.push(...listChanges([f], settingKeys[f], prior?.certificate_authorities ?? [], desired.certificate_authorities ?? []));
    } else {
      const show = (v: unknown) => (v === undefined ? undefined : String(v));
      changes.push(...valueChange([f], settingKeys[f], show(prior?.[f]), show(desired[f])));
    }
  }
  return { resourceType, resourceName: singletonId, changes };
}

async function apply(ctx: EngineContext, prior: RemoteClusterSigningTrustState | undefined, desired: RemoteClusterSigningTrustInput): Promise<RemoteClusterSigningTrustState> {
  await ctx.elasticsearch().putPersistentSettings(signingSettingsUpdate(prior, desired));
  ctx.log.info(`${resourceType}: cluster.remote.signing.* settings applied`, { resource: resourceType });
  return { ...desired, id: singletonId };
}

async function read(ctx: EngineContext): Promise<RemoteClusterSigningTrustState | undefined> {
  const values = settingsFromFlat((await ctx.elasticsearch().getClusterSettings({ shared: true })).persistent);
  return values ? { ...values, id: singletonId } : undefined;
}

export const remoteClusterSigningTrust: ResourceDefinition<RemoteClusterSigningTrustInput, RemoteClusterSigningTrustState> = {
  type: resourceType,
  tfName: 'remote_cluster_signing_trust',
  description:
    "Strong identity verification (Elasticsearch 9.3) on the remote cluster: the cluster.remote.signing.* settings (dynamic cluster settings, one set per cluster) with which it verifies the signatures of cross-cluster requests, i.e. the CAs of the local clusters' signing certificates. Pair it with a CrossClusterApiKey's certificate_identity and the local RemoteClusterConnection's signing_* attributes. The truststore password is a keystore secure setting: an operator step.",
  input: remoteClusterSigningTrustInput,
  output: remoteClusterSigningTrustOutput,
  importIdFormat: singletonId,
  target: 'elasticsearch',
  // One per cluster, and nothing forces its replacement.
  uniqueBy: [],
  displayName: () => singletonId,
  diff: diffRemoteClusterSigningTrust,
  create: (ctx, desired) => apply(ctx, undefined, desired),
  read: (ctx) => read(ctx),
  update: apply,
  delete: async (ctx, prior) => {
    await ctx.elasticsearch().putPersistentSettings(signingSettingsUpdate(prior, {}));
  },
  import: async (ctx, id) => {
    if (id.trim() !== singletonId) throw new Error(`${resourceType}: import id: accepted: ${singletonId}`);
    const state = await read(ctx);
    if (!state) throw new Error(`${resourceType}: import id: the cluster has no persistent cluster.remote.signing.* settings`);
    return state;
  },
};
