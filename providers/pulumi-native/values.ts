/**
 * Pulumi's property values as the engine sends them to a provider that accepts secrets: a secret is an
 * object tagged with Pulumi's secret signature, a value a preview does not know is a sentinel string.
 * The provider works on plain values and wraps again, top-level property by property, what must stay secret.
 */
import { unknownValue } from '../pulumi/attributes';

export { unknownValue };

/** Pulumi's special-value signature key and the secret's signature. */
const signatureKey = '4dabf18193072939515e22adb298388d';
const secretSignature = '1b47061264138c4ac30d75fd1eb44270';

export type PropertyBag = Record<string, unknown>;

function isSecret(value: unknown): value is { value?: unknown } {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[signatureKey] === secretSignature;
}

/** The value with every secret wrapper removed, and whether there was one. */
function reveal(value: unknown): { value: unknown; secret: boolean } {
  if (isSecret(value)) return { value: reveal(value.value).value, secret: true };
  if (Array.isArray(value)) {
    const items = value.map(reveal);
    return { value: items.map((i) => i.value), secret: items.some((i) => i.secret) };
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).map(([k, v]) => [k, reveal(v)] as const);
    return { value: Object.fromEntries(entries.map(([k, v]) => [k, v.value])), secret: entries.some(([, v]) => v.secret) };
  }
  return { value, secret: false };
}

/** Plain properties, plus the top-level names that held a secret anywhere inside. */
export function revealProperties(props: PropertyBag): { plain: PropertyBag; secretNames: Set<string> } {
  const plain: PropertyBag = {};
  const secretNames = new Set<string>();
  for (const [name, value] of Object.entries(props)) {
    const revealed = reveal(value);
    plain[name] = revealed.value;
    if (revealed.secret) secretNames.add(name);
  }
  return { plain, secretNames };
}

export function secret(value: unknown): PropertyBag {
  return { [signatureKey]: secretSignature, value };
}

/** The properties with the named top-level ones wrapped as secrets (absent ones stay absent). */
export function concealProperties(props: PropertyBag, secretNames: Iterable<string>): PropertyBag {
  const names = new Set(secretNames);
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, names.has(k) && v !== undefined && v !== null ? secret(v) : v]));
}

/** True when the value is, or holds, a value a preview does not know yet. */
export function holdsUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(holdsUnknown);
  if (typeof value === 'object' && value !== null) return Object.values(value).some(holdsUnknown);
  return false;
}
