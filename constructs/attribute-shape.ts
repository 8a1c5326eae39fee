/**
 * The part of the engine's attribute model (`describeAttributes`) a construct needs at synth time:
 * the snake_case names and which values are objects (keys renamed) or maps (keys kept as the user
 * wrote them). The generator embeds one shape per resource, so synth does not load the engine's
 * resource definitions (only its naming rule, attribute-names.ts).
 */
import { Token, Tokenization } from 'cdktf';
import { camelCase } from '../src/resources/attribute-names';

export type AttributeShape =
  | { kind: 'scalar' }
  | { kind: 'list'; element: AttributeShape }
  | { kind: 'map'; element: AttributeShape }
  | ObjectShape;

export interface ObjectShape {
  kind: 'object';
  /** Keyed by the engine's snake_case name. */
  attributes: Record<string, AttributeShape>;
}

/** A value Terraform will compute (a reference, a variable, a function call): passed through as is. */
function isToken(value: unknown): boolean {
  return Tokenization.isResolvable(value) || Token.isUnresolved(value);
}

/**
 * Renames camelCase props to the provider's snake_case attributes, recursively, following the shape.
 * Unknown props fail here, at synth, with the construct path and the accepted names, because plain
 * JavaScript callers get no compile-time check.
 */
export function toTerraformAttributes(shape: ObjectShape, props: Record<string, unknown>, where: string): Record<string, unknown> {
  const byProp = new Map(Object.keys(shape.attributes).map((name) => [camelCase(name), name]));
  const attributes: Record<string, unknown> = {};
  for (const [prop, value] of Object.entries(props)) {
    if (value === undefined) continue;
    const name = byProp.get(prop);
    if (name === undefined) {
      throw new Error(`${where}: unknown property "${prop}"; accepted: ${[...byProp.keys()].join(', ')}`);
    }
    attributes[name] = toTerraformValue(shape.attributes[name], value, `${where}.${prop}`);
  }
  return attributes;
}

function toTerraformValue(shape: AttributeShape, value: unknown, where: string): unknown {
  if (isToken(value) || value === null) return value;
  switch (shape.kind) {
    case 'scalar':
      return value;
    case 'list':
      if (!Array.isArray(value)) throw new Error(`${where}: expected a list`);
      return value.map((element, i) => toTerraformValue(shape.element, element, `${where}[${i}]`));
    case 'map':
      if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected a map`);
      return Object.fromEntries(
        Object.entries(value).map(([key, element]) => [key, toTerraformValue(shape.element, element, `${where}.${key}`)]),
      );
    case 'object':
      if (typeof value !== 'object' || Array.isArray(value)) throw new Error(`${where}: expected an object`);
      return toTerraformAttributes(shape, value as Record<string, unknown>, where);
  }
}
