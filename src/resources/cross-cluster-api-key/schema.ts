/**
 * CrossClusterApiKey inputs and outputs, with Elasticsearch's own rules for names, access entries,
 * expirations and certificate identities, so bad input fails at plan time.
 */
import { z } from 'zod';
import { parseTimeValue, timeUnitsAccepted } from '../../elasticsearch/time-value';
import type { ResourceState } from '../definition';

/** Characters Elasticsearch never accepts in an index name or pattern (outside a `/regex/`). */
const forbiddenIndexChars = /[\s\\?"<>|,#]/;

export const indexPattern = z
  .string()
  .refine((name) => name.length > 0, { error: 'an index name or pattern must not be empty (e.g. logs-* or /logs-.*/)' })
  .refine((name) => (name.startsWith('/') && name.endsWith('/') && name.length > 2) || (!forbiddenIndexChars.test(name) && !name.includes('/')), {
    error: 'accepted: an index name, a wildcard pattern such as logs-*, or a Lucene regular expression enclosed in slashes; no spaces or any of \\ / ? " < > | , #',
  });

const indexNames = z
  .array(indexPattern)
  .min(1, { error: 'at least one index name or pattern is required (e.g. ["logs-*"])' })
  .meta({ description: 'Index names or patterns (wildcards, or /regular expressions/) the entry grants access to.' });

export const allowRestrictedIndices = z
  .boolean()
  .optional()
  .meta({ description: 'Set to true when the patterns must also cover restricted (system) indices. Default false.' });

const fieldNames = z.array(z.string().min(1, { error: 'a field name must not be empty' }));

/** Field level security: granted and excepted field names (wildcards allowed). */
export const fieldSecurity = z
  .strictObject({
    grant: fieldNames.optional().meta({ description: 'Fields visible (wildcards allowed).' }),
    except: fieldNames.optional().meta({ description: 'Fields hidden even when granted.' }),
  })
  .refine((fs) => fs.grant !== undefined || fs.except !== undefined, { error: 'give grant and/or except (lists of field names)' });

/** A JSON object given as text, as Terraform and Pulumi users pass queries. */
export const queryText = z
  .string()
  .refine(
    (text) => {
      try {
        const parsed: unknown = JSON.parse(text);
        return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed);
      } catch {
        return false;
      }
    },
    { error: 'accepted: a JSON object as text, e.g. {"term":{"team":"a"}} (a query DSL document or a role template query)' },
  )
  .meta({ description: 'Document level security: a query (JSON text) the documents must match to be visible.' });

/** Unknown attributes are named with the list of what the object accepts. */
export function unknownAttributes(accepted: string) {
  return {
    error: (issue: { code?: string; keys?: string[] }) =>
      issue.code === 'unrecognized_keys' ? `unknown attribute ${(issue.keys ?? []).join(', ')}; accepted: ${accepted}` : undefined,
  };
}

const searchAccessEntry = z.strictObject(
  {
    names: indexNames,
    query: queryText.optional(),
    field_security: fieldSecurity.optional().meta({ description: 'Field level security: which fields are visible.' }),
    allow_restricted_indices: allowRestrictedIndices,
  },
  unknownAttributes('names, query, field_security, allow_restricted_indices'),
);

const replicationAccessEntry = z.strictObject(
  { names: indexNames, allow_restricted_indices: allowRestrictedIndices },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys'
        ? `${issue.keys.join(', ')} not accepted: replication copies whole documents, so a replication access entry accepts only names and allow_restricted_indices`
        : undefined,
  },
);

export const access = z
  .strictObject({
    search: z.array(searchAccessEntry).optional().meta({ description: 'Cross-cluster search access entries.' }),
    replication: z.array(replicationAccessEntry).optional().meta({ description: 'Cross-cluster replication access entries.' }),
  }, unknownAttributes('search, replication'))
  .refine((a) => (a.search?.length ?? 0) + (a.replication?.length ?? 0) > 0, {
    error: 'at least one search or replication entry is required (a cross-cluster key without access grants nothing)',
  })
  .superRefine((a, ctx) => {
    if (!a.replication?.length) return;
    (a.search ?? []).forEach((entry, i) => {
      for (const key of ['query', 'field_security'] as const) {
        if (entry[key] !== undefined) {
          ctx.addIssue({
            code: 'custom',
            path: ['search', i, key],
            message: 'search does not support document or field level security if replication is assigned: remove it, or put replication in a separate key',
          });
        }
      }
    });
  })
  .meta({ description: 'What the remote cluster may do with this key: search and/or replication access, each a list of index entries. Updated in place.' });

/** Elasticsearch's API key name rules (CreateApiKeyRequest.validate). */
const keyName = z
  .string()
  .min(1, { error: 'a key name is required' })
  .max(256, { error: 'accepted: at most 256 characters' })
  .refine((name) => name === name.trim(), { error: 'must not begin or end with whitespace' })
  .refine((name) => !name.startsWith('_'), { error: 'must not begin with an underscore (reserved by Elasticsearch)' })
  .meta({ description: 'Name of the API key. Changing it replaces the key.', forceReplace: true });

const positiveDuration = z.string().refine((text) => (parseTimeValue(text) ?? 0) > 0, { error: `accepted: a positive duration, ${timeUnitsAccepted}` });

const expiration = positiveDuration.meta({
    description: 'How long the key is valid from its creation, in Elasticsearch time units (e.g. 90d). Omitted: never expires. Changing it replaces the key.',
    forceReplace: true,
  });

export const metadata = z
  .record(z.string(), z.string())
  .refine((m) => Object.keys(m).every((k) => k.length > 0 && !k.startsWith('_')), {
    error: 'keys must be non-empty and must not begin with an underscore (reserved by Elasticsearch)',
  })
  .meta({ description: 'String metadata stored with the key. Updated in place.' });

/** Compiles as a regular expression (Elasticsearch matches the certificate DN against it). */
export function certificateIdentityProblem(pattern: string): string | undefined {
  if (pattern.trim().length === 0) return 'must not be empty';
  try {
    new RegExp(pattern);
    return undefined;
  } catch (err) {
    return `not a valid regular expression (${(err as Error).message.replace(/^Invalid regular expression: /, '')})`;
  }
}

const certificateIdentity = z
  .string()
  .superRefine((pattern, ctx) => {
    const problem = certificateIdentityProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: `${problem}; accepted: a regular expression for the certificate's distinguished name, e.g. CN=remote-.*,O=example` });
  })
  .meta({
    description:
      'Elasticsearch 9.3+: a regular expression the distinguished name of the remote cluster\'s signing certificate must match (strong identity verification). Updated in place.',
  });

const rotateAfter = positiveDuration.meta({
  description:
    'Declarative rotation: once the key is this old (Elasticsearch time units, e.g. 30d), the plan replaces it and says why. The age is judged by the cluster\'s clock (its HTTP Date header) where it sends one. Order the replacement create-before-destroy, so connections get the new key before the old one is invalidated. Changing it changes nothing in Elasticsearch.',
});

const expiryWarning = positiveDuration.meta({
  description:
    'How long before the key\'s expiration_time a plan warns, so a scheduled plan catches an expiry before the outage (default 14d). Changing it changes nothing in Elasticsearch.',
});

/** The default warning window before a key expires. */
export const defaultExpiryWarning = '14d';

export const crossClusterApiKeyInput = z
  .strictObject({
    name: keyName,
    access,
    expiration: expiration.optional(),
    metadata: metadata.optional(),
    certificate_identity: certificateIdentity.optional(),
    rotate_after: rotateAfter.optional(),
    expiry_warning: expiryWarning.optional(),
  }, unknownAttributes('name, access, expiration, metadata, certificate_identity, rotate_after, expiry_warning'))
  .superRefine((input, ctx) => {
    const rotate = typeof input.rotate_after === 'string' ? parseTimeValue(input.rotate_after) : undefined;
    const expires = typeof input.expiration === 'string' ? parseTimeValue(input.expiration) : undefined;
    if (rotate !== undefined && expires !== undefined && rotate >= expires) {
      ctx.addIssue({
        code: 'custom',
        path: ['rotate_after'],
        message: `must be shorter than expiration (${input.expiration}): the key would expire before it is rotated, and connections using it would go down`,
      });
    }
  });

/** Inputs that only steer plans: a change to them alone sends nothing to Elasticsearch. */
export const planningOnlyFields = ['rotate_after', 'expiry_warning'] as const;

export type CrossClusterApiKeyInput = z.infer<typeof crossClusterApiKeyInput>;
export type SearchAccessInput = z.infer<typeof searchAccessEntry>;
export type ReplicationAccessInput = z.infer<typeof replicationAccessEntry>;
export type AccessInput = z.infer<typeof access>;

export const crossClusterApiKeyOutput = z.object({
  id: z.string().meta({ description: 'The API key id (not secret): the key\'s identity and the fingerprint connections show.', changedBy: [] }),
  encoded: z.string().optional().meta({
    description:
      'The encoded key (base64 of id:api_key) to put in cluster.remote.<alias>.credentials, sealed with the secrets key (sealed:v1:…) so state never holds it in plain text. Not available after import: Elasticsearch returns a key\'s secret only when it is created.',
    sensitive: true,
    changedBy: [],
  }),
  creation_time: z.string().optional().meta({ description: 'When the key was created (ISO 8601).', changedBy: [] }),
  expiration_time: z.string().optional().meta({ description: 'When the key expires (ISO 8601); absent when it never expires.', changedBy: [] }),
});

export type CrossClusterApiKeyState = ResourceState &
  CrossClusterApiKeyInput & {
    encoded?: string;
    creation_time?: string;
    expiration_time?: string;
  };
