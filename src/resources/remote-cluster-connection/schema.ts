/**
 * RemoteClusterConnection inputs and outputs. Field rules come from rules.ts (Elasticsearch's own);
 * the cross-field rules (mode-specific settings, what each security model needs) are checked here so
 * a bad combination fails at plan time, naming the field.
 */
import { z } from 'zod';
import { defaultRefId } from '../../cloud/identifiers';
import { parseTimeValue, timeUnitsAccepted } from '../../elasticsearch/time-value';
import { isSealed } from '../../secrets/secret-box';
import { splitEncodedApiKey } from '../../secrets/redaction';
import type { ResourceState } from '../definition';
import { unknownAttributes } from '../cross-cluster-api-key/schema';
import { addressProblem, aliasProblem, modeMismatchMessage, modeOnlySettings, type ConnectionMode } from './rules';

const remoteAddress = z.string().superRefine((address, ctx) => {
  const problem = addressProblem(address);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

const positiveInt = (what: string) =>
  z.number().int({ error: `accepted: a whole number of ${what}, at least 1` }).min(1, { error: `accepted: a whole number of ${what}, at least 1` });

/** A remote cluster alias as Elasticsearch accepts it. */
export const remoteAlias = z.string().superRefine((alias, ctx) => {
  const problem = aliasProblem(alias);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An encoded cross-cluster API key (plain or sealed), as credentials and credentials_wo accept it. */
const encodedKey = z.string().superRefine((value, ctx) => {
  const problem = credentialsProblem(value);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/** An ECH/ECE deployment's Elasticsearch resource by deployment id and ref id (also the deployment data source's input). */
export const deploymentRef = (role: string) =>
  z.strictObject({
    deployment_id: z
      .string()
      .regex(/^[0-9a-f]{32}$/, { error: 'accepted: a deployment id, 32 lowercase hexadecimal characters' })
      .meta({ description: `The ${role} deployment's id.` }),
    ref_id: z
      .string()
      .regex(/^[A-Za-z0-9][-A-Za-z0-9_]*$/, { error: 'accepted: the Elasticsearch resource ref id, e.g. main-elasticsearch' })
      .default(defaultRefId)
      .meta({ description: `The ref id of the ${role} deployment's Elasticsearch resource.` }),
  }, unknownAttributes('deployment_id, ref_id'));

/** An encoded cross-cluster API key (base64 of id:api_key), or the sealed form CrossClusterApiKey outputs. */
export function credentialsProblem(value: string): string | undefined {
  if (isSealed(value) || splitEncodedApiKey(value)) return undefined;
  return 'accepted: an encoded cross-cluster API key (the base64 `encoded` value, or the sealed:v1:… output of a CrossClusterApiKey)';
}

/** A path in the nodes' config directory, as Elasticsearch's path settings take it. */
const configPath = (what: string, example: string) =>
  z.string().regex(/^[^\s,][^,]*$/, { error: `accepted: the path of the ${what} in the nodes' config directory, e.g. ${example}` });

/** A certificate_identity pattern: matched against the whole signing certificate DN. */
const identityPattern = z.string().min(1, { error: 'accepted: a regular expression for the DN, e.g. CN=.*\\.node\\.<cluster id>\\.cluster\\..*' }).superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'accepted: a valid regular expression for the signing certificate DN, e.g. CN=.*\\.node\\.<cluster id>\\.cluster\\..*' });
  }
});

const secureSigningStep =
  'Passphrases (cluster.remote.<alias>.signing.key.secure_passphrase, signing.keystore.secure_password, signing.keystore.secure_key_password) are keystore secure settings: add them with elasticsearch-keystore on every node (ECH/ECE: the deployment keystore), not here.';

export const remoteClusterConnectionInput = z
  .strictObject({
    alias: remoteAlias.meta({ description: 'The remote cluster alias (cluster.remote.<alias>.*), used in index expressions as <alias>:index. Changing it replaces the connection.', forceReplace: true }),
    mode: z
      .enum(['sniff', 'proxy'], { error: 'accepted: "proxy" (one address, e.g. a Cloud endpoint on port 9443) or "sniff" (seed nodes)' })
      .default('sniff')
      .meta({ description: 'Connection mode: proxy (all traffic through proxy_address) or sniff (discovers nodes from seeds). Elasticsearch\'s default is sniff.' }),
    proxy_address: remoteAddress.optional().meta({ description: 'proxy mode: host:port of the remote cluster (port 9443 for the API-key model, 9300 for the certificate model).' }),
    server_name: z
      .string()
      .regex(/^[A-Za-z0-9.-]+$/, { error: 'accepted: a DNS host name (TLS server name indication), e.g. my-deployment.es.us-east-1.aws.elastic.cloud' })
      .optional()
      .meta({ description: 'proxy mode: the TLS server name sent to the proxy (SNI).' }),
    proxy_socket_connections: positiveInt('sockets').optional().meta({ description: 'proxy mode: sockets to open to the remote cluster (Elasticsearch default 18).' }),
    seeds: z.array(remoteAddress).optional().meta({ description: 'sniff mode: host:port seed nodes of the remote cluster.' }),
    node_connections: positiveInt('nodes').optional().meta({ description: 'sniff mode: gateway nodes to connect to (Elasticsearch default 3).' }),
    skip_unavailable: z.boolean().optional().meta({ description: 'Skip this cluster in cross-cluster searches when it is unavailable (Elasticsearch default true since 8.15).' }),
    transport_ping_schedule: z
      .string()
      .refine((t) => t === '-1' || parseTimeValue(t) !== undefined, { error: `accepted: -1 (off) or ${timeUnitsAccepted}` })
      .optional()
      .meta({ description: 'cluster.remote.<alias>.transport.ping_schedule: keep-alive ping interval.' }),
    transport_compress: z
      .enum(['true', 'indexing_data', 'false'], { error: 'accepted: "true", "indexing_data" or "false"' })
      .optional()
      .meta({ description: 'cluster.remote.<alias>.transport.compress.' }),
    credentials: encodedKey.optional().meta({
      description:
        'API-key security model: the encoded cross-cluster API key (plain or sealed) for the keystore setting cluster.remote.<alias>.credentials. State keeps only the sealed value and the key id. With `cloud` it is written through the Cloud keystore API; on a self-managed cluster the keystore cannot be written through an API: an operator adds it (elasticsearch-keystore add, then reload), and the apply fails, naming that step, until every node\'s keystore is seen holding it (and, for a new key, changed since the previous one), so a key is never recorded as installed when it is not.',
      sensitive: true,
    }),
    credentials_wo: encodedKey.optional().meta({
      description:
        'Write-only form of credentials (OpenTofu/Terraform 1.11+): the encoded key is applied like credentials but never kept in plan or state, not even sealed (state keeps the key id). Needs credentials_wo_version; excludes credentials.',
      sensitive: true,
      writeOnly: true,
    }),
    credentials_wo_version: z
      .string()
      .min(1, { error: 'accepted: a non-empty version label, e.g. "1" or a secret store version id' })
      .optional()
      .meta({ description: 'Required with credentials_wo: change it to apply credentials_wo again (a rotation); a new key id in credentials_wo is a rotation too.', versionOf: 'credentials_wo' }),
    keystore_confirmed_key_id: z
      .string()
      .regex(/^[\w-]{1,128}$/, { error: 'accepted: a key id (letters, digits, - and _), e.g. VuaCfGcBCdbkQm-e5aOx' })
      .optional()
      .meta({
        description:
          "Self-managed clusters only: the id of the key an operator step put in every node's keystore, set by that step (e.g. a pipeline variable). Needed only where the tool cannot see the keystore change itself: clusters whose reload answer has no keystore details (before 9.x), or a connection imported or recorded by an older version.",
      }),
    signing_certificate: configPath('PEM certificate (or chain)', 'node.crt')
      .optional()
      .meta({
        description:
          'Strong identity verification (9.3): cluster.remote.<alias>.signing.certificate, the certificate the local cluster signs cross-cluster requests with (a dynamic cluster setting). ECH/ECE: node.crt is the transport certificate every deployment has; your own files must first be uploaded as a bundle (/app/config/<bundle>/...), an operator step. Needs signing_key.',
      }),
    signing_key: configPath('PEM private key', 'node.key')
      .optional()
      .meta({ description: `cluster.remote.<alias>.signing.key: the private key of signing_certificate (e.g. node.key on ECH/ECE). ${secureSigningStep}` }),
    signing_keystore_path: configPath('PKCS#12 or JKS keystore', 'signing.p12')
      .optional()
      .meta({ description: 'cluster.remote.<alias>.signing.keystore.path: a keystore holding the signing key and certificate, instead of signing_certificate / signing_key.' }),
    signing_keystore_type: z
      .enum(['jks', 'PKCS12'], { error: 'accepted: "PKCS12" or "jks"' })
      .optional()
      .meta({ description: 'cluster.remote.<alias>.signing.keystore.type (needs signing_keystore_path).' }),
    signing_keystore_alias: z
      .string()
      .min(1, { error: 'accepted: the alias of the signing key entry in the keystore' })
      .optional()
      .meta({ description: 'cluster.remote.<alias>.signing.keystore.alias: which key entry of signing_keystore_path signs (needs signing_keystore_path).' }),
    certificate_identity: identityPattern.optional().meta({
      description:
        "The certificate_identity of the cross-cluster API key in credentials (the CrossClusterApiKey's certificate_identity): the remote cluster accepts requests only signed by a certificate whose DN matches it, so it needs signing settings here; a link that does not connect is diagnosed against the signing certificate's DN.",
    }),
    cloud: deploymentRef('local')
      .optional()
      .meta({
        description: 'The ECH/ECE deployment this cluster belongs to: credentials go to its keystore through the Cloud API. Omitted: a self-managed (or ECK) cluster. Changing it replaces the connection.',
        forceReplace: true,
      }),
    remote_deployment: deploymentRef('remote')
      .optional()
      .meta({
        description:
          'Certificate security model within one Cloud environment: the remote deployment, connected through the Cloud remote-clusters API (which writes the cluster settings itself). Needs `cloud`; excludes credentials and addresses. Changing it replaces the connection.',
        forceReplace: true,
      }),
    remote_cloud: deploymentRef('remote')
      .optional()
      .meta({
        description:
          "API-key model: the remote cluster's ECH/ECE deployment, when the provider's Cloud API can read it (same organization or environment). Only read, to explain a link that does not connect: its traffic filter rule sets, and the rule that would let the local cluster in.",
      }),
    wait_for_connected: z.boolean().default(false).meta({ description: 'After apply, wait until _remote/info reports the alias connected; fail with a diagnosis otherwise.' }),
    wait_timeout: z
      .string()
      .refine((t) => (parseTimeValue(t) ?? 0) > 0, { error: `accepted: a positive duration, ${timeUnitsAccepted}` })
      .default('60s')
      .meta({ description: 'How long wait_for_connected waits.' }),
  }, unknownAttributes('alias, mode, proxy_address, server_name, proxy_socket_connections, seeds, node_connections, skip_unavailable, transport_ping_schedule, transport_compress, signing_certificate, signing_key, signing_keystore_path, signing_keystore_type, signing_keystore_alias, certificate_identity, credentials, credentials_wo, credentials_wo_version, keystore_confirmed_key_id, cloud, remote_deployment, remote_cloud, wait_for_connected, wait_timeout'))
  .superRefine((input, ctx) => {
    const alias = typeof input.alias === 'string' ? input.alias : '';
    const present = (key: string) => (input as Record<string, unknown>)[key] !== undefined;
    if (present('credentials') && present('credentials_wo')) {
      ctx.addIssue({ code: 'custom', path: ['credentials_wo'], message: 'not accepted with credentials: give the key once, as credentials (kept sealed in state) or credentials_wo (never kept)' });
    }
    if (present('credentials_wo') && !present('credentials_wo_version')) {
      ctx.addIssue({ code: 'custom', path: ['credentials_wo_version'], message: 'required with credentials_wo: a version label to change when the key changes, e.g. "1"' });
    }
    if (input.cloud && present('keystore_confirmed_key_id')) {
      ctx.addIssue({ code: 'custom', path: ['keystore_confirmed_key_id'], message: 'not accepted with cloud: the Cloud keystore API writes the key and the tool confirms it itself; it is for self-managed clusters only' });
    }
    signingProblems(input).forEach(([path, message]) => ctx.addIssue({ code: 'custom', path: [path], message }));
    if (input.remote_deployment) {
      if (present('remote_cloud')) {
        ctx.addIssue({ code: 'custom', path: ['remote_cloud'], message: 'not accepted with remote_deployment: remote_cloud explains API-key model links; remote_deployment already names the remote deployment' });
      }
      if (!input.cloud) ctx.addIssue({ code: 'custom', path: ['cloud'], message: 'required with remote_deployment: the certificate model is configured through the local deployment\'s Cloud remote-clusters API' });
      for (const key of ['credentials', 'credentials_wo', 'certificate_identity', 'signing_certificate', 'signing_key', 'signing_keystore_path', 'proxy_address', 'server_name', 'proxy_socket_connections', 'seeds', 'node_connections', 'transport_ping_schedule', 'transport_compress']) {
        if (present(key)) {
          ctx.addIssue({ code: 'custom', path: [key], message: 'not accepted with remote_deployment: the Cloud remote-clusters API configures the connection (certificate model, no credentials); remove it or remove remote_deployment' });
        }
      }
      return;
    }
    const mode: ConnectionMode = input.mode ?? 'sniff';
    const other: ConnectionMode = mode === 'sniff' ? 'proxy' : 'sniff';
    for (const key of modeOnlySettings[other]) {
      if (present(key)) ctx.addIssue({ code: 'custom', path: [key], message: modeMismatchMessage(alias, key, mode) });
    }
    if (mode === 'proxy' && !input.proxy_address) {
      ctx.addIssue({ code: 'custom', path: ['proxy_address'], message: 'required with mode = "proxy": the host:port of the remote cluster, e.g. remote.example.com:9443' });
    }
    if (mode === 'sniff' && !(input.seeds && input.seeds.length > 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['seeds'],
        message: 'required with mode = "sniff" (the default): at least one host:port seed, e.g. ["10.0.0.5:9300"]; or set mode = "proxy" with proxy_address',
      });
    }
  });

export type RemoteClusterConnectionInput = z.infer<typeof remoteClusterConnectionInput>;

type SigningFields = Partial<Record<'signing_certificate' | 'signing_key' | 'signing_keystore_path' | 'signing_keystore_type' | 'signing_keystore_alias' | 'certificate_identity' | 'credentials' | 'credentials_wo', unknown>>;

/** Elasticsearch's rules for the signing settings (certificate requires key; PEM files or a keystore), and what certificate_identity needs. */
function signingProblems(input: SigningFields): [string, string][] {
  const problems: [string, string][] = [];
  const pem = input.signing_certificate !== undefined || input.signing_key !== undefined;
  if (input.signing_certificate !== undefined && input.signing_key === undefined) problems.push(['signing_key', 'required with signing_certificate: the private key of the signing certificate, e.g. node.key']);
  if (input.signing_key !== undefined && input.signing_certificate === undefined) problems.push(['signing_certificate', 'required with signing_key: the signing certificate, e.g. node.crt']);
  if (pem && input.signing_keystore_path !== undefined) problems.push(['signing_keystore_path', 'not accepted with signing_certificate / signing_key: sign with PEM files or with a keystore, not both']);
  for (const key of ['signing_keystore_type', 'signing_keystore_alias'] as const) {
    if (input[key] !== undefined && input.signing_keystore_path === undefined) problems.push([key, 'required: signing_keystore_path (this setting describes that keystore)']);
  }
  if (input.certificate_identity !== undefined) {
    if (input.credentials === undefined && input.credentials_wo === undefined) problems.push(['certificate_identity', 'needs credentials: it is the certificate identity of the cross-cluster API key in credentials']);
    if (!pem && input.signing_keystore_path === undefined) {
      problems.push(['certificate_identity', 'needs signing settings: a key with a certificate identity accepts only signed requests; set signing_certificate and signing_key (on ECH/ECE: "node.crt" and "node.key") or signing_keystore_path']);
    }
  }
  return problems;
}

/** What the link's state (connected, through which key) can change with; skip_unavailable and the waits cannot. */
const linkInputs = ['alias', 'mode', 'proxy_address', 'server_name', 'proxy_socket_connections', 'seeds', 'node_connections', 'transport_ping_schedule', 'transport_compress', 'signing_certificate', 'signing_key', 'signing_keystore_path', 'signing_keystore_type', 'signing_keystore_alias', 'credentials', 'credentials_wo', 'credentials_wo_version', 'keystore_confirmed_key_id', 'cloud', 'remote_deployment'];

export const remoteClusterConnectionOutput = z.object({
  id: z.string().meta({ description: 'The alias.', changedBy: [] }),
  credentials_key_id: z.string().optional().meta({ description: 'Id of the cross-cluster API key in the keystore (a fingerprint, not a secret): a new key shows as a rotation.', changedBy: ['credentials', 'credentials_wo', 'credentials_wo_version'] }),
  credentials_present: z.boolean().optional().meta({ description: '_remote/info reports credentials for this alias (cluster_credentials): the API-key model is in use.', changedBy: ['credentials', 'credentials_wo', 'remote_deployment'] }),
  connected: z.boolean().optional().meta({ description: '_remote/info connected, when last applied or read.', changedBy: linkInputs }),
  keystore_last_modified: z.string().optional().meta({
    description:
      "Self-managed clusters: the latest modification time of the nodes' keystores when the current key was confirmed (ISO 8601). A rotation is confirmed once every node's keystore changed after it.",
    changedBy: ['credentials', 'credentials_wo', 'credentials_wo_version', 'keystore_confirmed_key_id'],
  }),
});

export type RemoteClusterConnectionState = ResourceState &
  Omit<RemoteClusterConnectionInput, 'credentials' | 'credentials_wo'> & {
    /** Sealed (never plain); absent when no secrets key is configured, leaving only the key id. */
    credentials?: string;
    credentials_key_id?: string;
    credentials_present?: boolean;
    connected?: boolean;
    keystore_last_modified?: string;
  };
