/**
 * The one mapping between Pulumi's camelCase properties and the engine's snake_case attributes,
 * derived from `describeAttributes`. Object attributes (and lists of objects) are renamed member by
 * member; map keys are user data (label names, setting names) and are never renamed.
 */
import { camelCase, snakeCase } from '../../src/resources/attribute-names';
import { describeAttributes, type AnyResourceDefinition, type Attribute, type AttributeType } from '../../src/resources/definition';
import { unknownPlaceholder } from '../../src/resources/planning';

/** The sentinel the Pulumi engine sends for a value a preview does not know yet. */
export const unknownValue = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';

const attributeCache = new Map<AnyResourceDefinition, Attribute[]>();

/** A definition's attribute tree, described once per process (read by every call and every resource object). */
export function attributesOf(definition: AnyResourceDefinition): Attribute[] {
  let attributes = attributeCache.get(definition);
  if (!attributes) {
    // Pulumi has no write-only inputs: such attributes (and their version labels) are Terraform's alone.
    attributes = describeAttributes(definition).filter((a) => !a.writeOnly && a.versionOf === undefined);
    attributeCache.set(definition, attributes);
  }
  return attributes;
}

type Direction = 'toEngine' | 'toPulumi';
type EnginePath = (string | number)[];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a conversion to engine values records the paths of values a preview does not know yet. */
interface Unknowns {
  paths: EnginePath[];
}

function convertValue(type: AttributeType, value: unknown, direction: Direction, path: EnginePath, unknowns?: Unknowns): unknown {
  if (unknowns && value === unknownValue) {
    // The engine never sees the sentinel: a string reads as a placeholder, anything else is left out.
    unknowns.paths.push(path);
    return type.kind === 'string' ? unknownPlaceholder : undefined;
  }
  switch (type.kind) {
    case 'object':
      return isRecord(value) ? convertObject(type.attributes, value, direction, path, unknowns) : value;
    case 'list':
      return Array.isArray(value) ? value.map((v, i) => convertValue(type.element, v, direction, [...path, i], unknowns)).filter((v) => v !== undefined) : value;
    case 'map':
      return isRecord(value)
        ? Object.fromEntries(
            Object.entries(value)
              .map(([k, v]) => [k, convertValue(type.element, v, direction, [...path, k], unknowns)] as const)
              .filter(([, v]) => v !== undefined),
          )
        : value;
    default:
      return value;
  }
}

/**
 * Renames the keys of one object level. A key that matches no attribute is renamed by the naming rule
 * alone and kept, so the engine's validation names it instead of it vanishing silently.
 */
export function convertObject(
  attributes: Attribute[],
  value: Record<string, unknown>,
  direction: Direction,
  path: EnginePath = [],
  unknowns?: Unknowns,
): Record<string, unknown> {
  const byKey = new Map(attributes.map((a) => [direction === 'toEngine' ? camelCase(a.name) : a.name, a]));
  const rename = direction === 'toEngine' ? snakeCase : camelCase;
  const result: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    const attribute = byKey.get(key);
    const name = attribute ? (direction === 'toEngine' ? attribute.name : camelCase(attribute.name)) : rename(key);
    const converted = attribute ? convertValue(attribute.type, v, direction, [...path, attribute.name], unknowns) : v;
    if (converted !== undefined) result[name] = converted;
  }
  return result;
}

/**
 * Program inputs (camelCase, possibly holding Pulumi's unknown sentinel during preview) as engine
 * input, with the engine paths of every unknown so validation skips them until apply.
 */
export function engineInputOf(attributes: Attribute[], inputs: Record<string, unknown>): { raw: Record<string, unknown>; unknownPaths: EnginePath[] } {
  const unknowns: Unknowns = { paths: [] };
  const raw = convertObject(attributes, inputs, 'toEngine', [], unknowns);
  return { raw, unknownPaths: unknowns.paths };
}

/** Pulumi property path (`trust.accounts[0].trustAllowlist`) of an engine attribute path. */
export function pulumiPath(attributes: Attribute[], enginePath: (string | number)[]): string {
  let members: Attribute[] | undefined = attributes;
  let type: AttributeType | undefined;
  let out = '';
  for (const segment of enginePath) {
    if (typeof segment === 'number' || (type && type.kind === 'map')) {
      out += typeof segment === 'number' ? `[${segment}]` : `[${JSON.stringify(segment)}]`;
      type = type && (type.kind === 'list' || type.kind === 'map') ? type.element : undefined;
    } else {
      out += `${out ? '.' : ''}${camelCase(segment)}`;
      type = members?.find((a) => a.name === segment)?.type;
    }
    members = type?.kind === 'object' ? type.attributes : undefined;
  }
  return out;
}

/** Top-level camelCase names of the attributes marked sensitive: Pulumi secrets in inputs and outputs. */
export function secretProperties(attributes: Attribute[]): string[] {
  return attributes.filter((a) => a.sensitive).map((a) => camelCase(a.name));
}
