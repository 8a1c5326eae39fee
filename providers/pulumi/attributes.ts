/**
 * Pulumi's dialect of the engine's attribute values (src/codec/attribute-values): camelCase properties
 * for the engine's snake_case attributes, and the sentinel Pulumi sends for a value a preview does not
 * know yet. Shared by the dynamic providers and the native provider.
 */
import { decodeInput, encodeState, type DecodedInput, type ValueDialect } from '../../src/codec/attribute-values';
import { camelCase, snakeCase } from '../../src/resources/attribute-names';
import { describeAttributes, type AnyResourceDefinition, type Attribute, type AttributeType } from '../../src/resources/definition';

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

/** Pulumi's properties: camelCase names, untyped objects (a misspelt key is kept so validation names it), the unknown sentinel. */
const pulumiDialect: ValueDialect = {
  naming: { frontEnd: camelCase, engine: snakeCase },
  keepsStrayKeys: true,
  isUnknown: (value) => value === unknownValue,
  isUnset: () => false,
};

/** Engine values as Pulumi properties (camelCase). */
export function toPulumi(attributes: Attribute[], value: Record<string, unknown>): Record<string, unknown> {
  return encodeState(attributes, value, pulumiDialect);
}

/**
 * Program inputs (camelCase, possibly holding Pulumi's unknown sentinel during preview) as engine
 * input, with the engine paths of every unknown so validation skips them until apply.
 */
export function engineInputOf(attributes: Attribute[], inputs: Record<string, unknown>): DecodedInput {
  return decodeInput(attributes, inputs, pulumiDialect);
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
