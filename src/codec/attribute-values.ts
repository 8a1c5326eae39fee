/**
 * Front-end values ↔ engine values, once for every front end. A front end supplies a small dialect
 * (how it spells an attribute, how it marks a value it does not know yet or one the user left out, how
 * strict its types are); the rules are the engine's: an absent value is left out, an unknown string
 * stands in as a placeholder (a secret one as an opaque sealed placeholder, so a plan never shows it)
 * and every unknown's path is reported so validation skips it until apply, objects are renamed member
 * by member, map keys are user data and never renamed.
 */
import type { Attribute, AttributeType } from '../resources/definition';
import { unknownPlaceholder, unknownSecretPlaceholder } from '../resources/planning';

/** Attribute path in the engine's names (`['trust', 'accounts', 0, 'trust_allowlist']`). */
export type AttributePath = (string | number)[];

export interface ValueDialect {
  /** The front end's name of an engine attribute (`proxy_address` → `proxyAddress`), and back. */
  naming: { frontEnd(name: string): string; engine(key: string): string };
  /**
   * A key that matches no attribute: kept (renamed by the naming rule) by front ends whose objects are
   * untyped, so the engine's validation names it instead of it vanishing; dropped by typed ones.
   */
  keepsStrayKeys: boolean;
  /** A value a plan does not know yet (another resource's output). */
  isUnknown(value: unknown): boolean;
  /** A value the user left out (besides undefined): Terraform's null. */
  isUnset(value: unknown): boolean;
  /** Encoding: what an attribute the engine has no value for becomes (Terraform objects carry every attribute, null when unset); left out when undefined. */
  unset?: null;
  /** Encoding: an engine value in the front end's own type rules (Terraform's types are strict), before it is walked. */
  coerce?(value: unknown, type: AttributeType): unknown;
}

export interface DecodedInput {
  raw: Record<string, unknown>;
  /** Engine paths of the values a plan does not know yet. */
  unknownPaths: AttributePath[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the engine sees for an unknown value: strings a placeholder, anything else nothing. */
export function unknownStandIn(type: AttributeType, sensitive: boolean): string | undefined {
  if (type.kind !== 'string') return undefined;
  return sensitive ? unknownSecretPlaceholder : unknownPlaceholder;
}

interface Decoding {
  dialect: ValueDialect;
  unknownPaths: AttributePath[];
}

function decodeValue(value: unknown, type: AttributeType, sensitive: boolean, path: AttributePath, decoding: Decoding): unknown {
  const { dialect, unknownPaths } = decoding;
  if (value === undefined || dialect.isUnset(value)) return undefined;
  if (dialect.isUnknown(value)) {
    unknownPaths.push(path);
    return unknownStandIn(type, sensitive);
  }
  switch (type.kind) {
    case 'list':
      if (!Array.isArray(value)) return value;
      return value.map((v, i) => decodeValue(v, type.element, sensitive, [...path, i], decoding)).filter((v) => v !== undefined);
    case 'map':
      if (!isRecord(value)) return value;
      return Object.fromEntries(
        Object.entries(value)
          .map(([k, v]) => [k, decodeValue(v, type.element, sensitive, [...path, k], decoding)] as const)
          .filter(([, v]) => v !== undefined),
      );
    case 'object':
      return isRecord(value) ? decodeObject(value, type.attributes, path, decoding) : value;
    default:
      return value;
  }
}

function decodeObject(value: Record<string, unknown>, attributes: Attribute[], path: AttributePath, decoding: Decoding): Record<string, unknown> {
  const { dialect } = decoding;
  const byKey = new Map(attributes.map((a) => [dialect.naming.frontEnd(a.name), a]));
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const attribute = byKey.get(key);
    if (!attribute) {
      if (dialect.keepsStrayKeys && v !== undefined) result[dialect.naming.engine(key)] = v;
      continue;
    }
    const decoded = decodeValue(v, attribute.type, attribute.sensitive, [...path, attribute.name], decoding);
    if (decoded !== undefined) result[attribute.name] = decoded;
  }
  return result;
}

/** A front end's object (a configuration, program inputs, a stored state) as engine values. */
export function decodeInput(attributes: Attribute[], value: Record<string, unknown>, dialect: ValueDialect): DecodedInput {
  const decoding: Decoding = { dialect, unknownPaths: [] };
  return { raw: decodeObject(value, attributes, [], decoding), unknownPaths: decoding.unknownPaths };
}

/** An engine value of the given type in the front end's form; absent becomes the dialect's unset. */
export function encodeValue(value: unknown, type: AttributeType, dialect: ValueDialect): unknown {
  if (value === undefined || value === null) return dialect.unset;
  const coerced = dialect.coerce ? dialect.coerce(value, type) : value;
  switch (type.kind) {
    case 'list':
      return Array.isArray(coerced) ? coerced.map((v) => encodeValue(v, type.element, dialect)) : coerced;
    case 'map':
      return isRecord(coerced) ? Object.fromEntries(Object.entries(coerced).map(([k, v]) => [k, encodeValue(v, type.element, dialect)])) : coerced;
    case 'object':
      return isRecord(coerced) ? encodeState(type.attributes, coerced, dialect) : coerced;
    default:
      return coerced;
  }
}

/** Engine values (a state, an input) as the front end's object. */
export function encodeState(attributes: Attribute[], value: Record<string, unknown>, dialect: ValueDialect): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const attribute of attributes) {
    const encoded = encodeValue(value[attribute.name], attribute.type, dialect);
    if (encoded !== undefined) result[dialect.naming.frontEnd(attribute.name)] = encoded;
  }
  if (dialect.keepsStrayKeys) {
    const names = new Set(attributes.map((a) => a.name));
    for (const [name, v] of Object.entries(value)) if (!names.has(name) && v !== undefined) result[dialect.naming.frontEnd(name)] = v;
  }
  return result;
}

/**
 * What a plan records for a configured value: the user's value as written (unknowns kept), and where
 * the user left a value out, what the engine's desired input holds there (its defaults, nested ones
 * included), so a front end never applies defaults of its own.
 */
export function plannedValue(config: unknown, desired: unknown, type: AttributeType, dialect: ValueDialect): unknown {
  if (config === undefined || dialect.isUnset(config)) return encodeValue(desired, type, dialect);
  if (dialect.isUnknown(config)) return config;
  switch (type.kind) {
    case 'list': {
      if (!Array.isArray(config)) return config;
      const desiredElements = Array.isArray(desired) ? desired : [];
      // The engine's list lacks what decoding left out (unset elements, unknown non-strings): walk both in step.
      let next = 0;
      return config.map((element) => {
        const dropped = element === undefined || dialect.isUnset(element) || (dialect.isUnknown(element) && type.element.kind !== 'string');
        return dropped ? element : plannedValue(element, desiredElements[next++], type.element, dialect);
      });
    }
    case 'map':
      if (!isRecord(config)) return config;
      return Object.fromEntries(Object.entries(config).map(([k, v]) => [k, plannedValue(v, isRecord(desired) ? desired[k] : undefined, type.element, dialect)]));
    case 'object': {
      if (!isRecord(config)) return config;
      const desiredMembers = isRecord(desired) ? desired : {};
      const result: Record<string, unknown> = { ...config };
      for (const attribute of type.attributes) {
        const key = dialect.naming.frontEnd(attribute.name);
        const planned = plannedValue(config[key], desiredMembers[attribute.name], attribute.type, dialect);
        if (planned !== undefined) result[key] = planned;
      }
      return result;
    }
    default:
      return config;
  }
}
