/**
 * Process-wide redaction. Every credential the engine handles (API keys, passwords, encoded
 * cross-cluster keys, unsealed secrets) is registered here the moment it is read, and every log line
 * and error message passes through `redact` before it leaves the process.
 */

export const redactedMarker = '[REDACTED]';

/**
 * Values shorter than this are not registered: replacing them everywhere would mangle ordinary text.
 * Longer ones are, even if that over-redacts a common word: a leak is worse than a garbled line.
 */
const minimumSecretLength = 4;

const registeredSecrets = new Set<string>();
/** Longest first, so a secret that contains another is replaced whole. */
let orderedSecrets: string[] = [];

/**
 * `Authorization`-style credentials whether or not they were registered: `ApiKey xxx`, `Basic xxx`,
 * `Bearer xxx`, and header lines such as `authorization: <anything>`.
 */
const credentialPatterns: [RegExp, string][] = [
  [/\b(ApiKey|Basic|Bearer)(\s+)[A-Za-z0-9+/=._~-]{6,}/g, `$1$2${redactedMarker}`],
  [/\b(authorization|x-api-key)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi, `$1$2${redactedMarker}`],
];

/**
 * Registers a secret so that `redact` replaces it. An encoded API key (base64 of `id:secret`) also
 * registers its decoded form and its secret half; the id stays visible because it is the
 * non-secret fingerprint plans show.
 */
export function registerSecret(value: string | undefined): void {
  if (!value) return;
  const decoded = decodedApiKeyVariants(value);
  // Also as they appear in URLs and query strings (`+`, `/` and `=` escaped).
  const variants = [...new Set([value, ...decoded, ...[value, ...decoded].map(encodeURIComponent)])];
  let changed = false;
  for (const variant of variants) {
    if (variant.length >= minimumSecretLength && !registeredSecrets.has(variant)) {
      registeredSecrets.add(variant);
      changed = true;
    }
  }
  if (changed) orderedSecrets = [...registeredSecrets].sort((a, b) => b.length - a.length);
}

/** Replaces every registered secret and every Authorization-style credential with `[REDACTED]`. */
export function redact(text: string): string {
  let result = text;
  for (const secret of orderedSecrets) {
    if (result.includes(secret)) result = result.split(secret).join(redactedMarker);
  }
  for (const [pattern, replacement] of credentialPatterns) result = result.replace(pattern, replacement);
  return result;
}

/** Nesting deeper than this is cut (also stops cycles). */
const maxRedactionDepth = 8;

/** `redact` applied to every string inside a JSON-like value (log fields, error bodies); a copy. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redact(value);
  if (value instanceof Error) return redact(`${value.name}: ${value.message}`);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= maxRedactionDepth) return '[…]';
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, depth + 1)]));
}

/**
 * Fields through which the Elastic APIs hand out credentials (`api_key` and `encoded` when a key is
 * created, `password` in user APIs). Registering them from every response means a credential is
 * redacted even if the code that received it forgets to.
 */
const credentialFieldNames: ReadonlySet<string> = new Set(['api_key', 'encoded', 'password']);

export function registerCredentialFields(value: unknown, depth = 0): void {
  if (depth > 8 || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) registerCredentialFields(item, depth + 1);
    return;
  }
  for (const [key, field] of Object.entries(value)) {
    if (typeof field === 'string' && credentialFieldNames.has(key)) registerSecret(field);
    else registerCredentialFields(field, depth + 1);
  }
}

/** For an encoded key (base64 of `id:secret`): the decoded `id:secret` and the bare secret. */
function decodedApiKeyVariants(value: string): string[] {
  const parts = splitEncodedApiKey(value);
  return parts ? [`${parts.id}:${parts.secret}`, parts.secret] : [];
}

/** Splits an encoded API key (standard or URL-safe base64 of `id:secret`), or undefined if it is not one. */
export function splitEncodedApiKey(encoded: string): { id: string; secret: string } | undefined {
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(encoded)) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0 || colon === decoded.length - 1) return undefined;
  const id = decoded.slice(0, colon);
  const secret = decoded.slice(colon + 1);
  // Both halves are printable tokens; anything else means the input was not base64 of id:secret.
  if (!/^[\x21-\x7e]+$/.test(id) || !/^[\x21-\x7e]+$/.test(secret)) return undefined;
  return { id, secret };
}
