/**
 * The shapes of Elastic Cloud (ECH) and ECE identifiers, as the APIs and the seed procedures use them.
 * One place, so every resource and helper accepts and explains the same thing.
 */

/** Deployment ids, account (organization / environment) ids and Elasticsearch cluster ids: 32 lowercase hex. */
export const hex32Pattern = /^[0-9a-f]{32}$/;

/**
 * A direct trust `scope_id` ("a lowercase alphanumerical string of max 32 characters", e.g. an ECH
 * organization id or an ECE environment id such as 1053523734). An ECE installation id is the scope id of
 * that environment's node certificates, so it follows the same rule.
 */
export const scopeIdPattern = /^[a-z0-9]{1,32}$/;

/** The ref id of a deployment's first Elasticsearch resource: what a resource addresses when the user names none. */
export const defaultRefId = 'main-elasticsearch';

/** Elasticsearch resource ref ids (`main-elasticsearch`, `_main`, ...). */
export const refIdPattern = /^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}$/;

/** ECE region names used in `/api/v1/regions/{region}/...` (e.g. `ece-region`). */
export const regionPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** ECE trust relationship ids (32 hex in the seeds; any lowercase id-like token is accepted). */
export const trustRelationshipIdPattern = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** Why `value` is not a 32-hex id, in words a user can act on; undefined when it is one. */
export function hex32Problem(value: string, what: string): string | undefined {
  if (hex32Pattern.test(value)) return undefined;
  if (/^[0-9A-Fa-f]{32}$/.test(value)) return `${what} ids are lowercase: use ${value.toLowerCase()}`;
  if (/^[0-9a-f-]{36}$/i.test(value)) return `accepted: ${what} ids are 32 hex characters without dashes (got a UUID-like value)`;
  const article = /^[aeiou]/i.test(what) ? 'an' : 'a';
  return `accepted: ${article} ${what} id of exactly 32 lowercase hex characters (0-9, a-f), got ${value.length} characters`;
}
