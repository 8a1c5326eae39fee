/**
 * The one walk over the engine's attribute model (`describeAttributes`): every schema renderer (the
 * Terraform cty types, the Pulumi schema and dynamic args, the construct props, the reference docs)
 * says what each kind becomes and nothing else, so a new kind is a compile error in each of them
 * instead of a silent gap in one.
 */
import type { Attribute, AttributeType } from '../resources/definition';

export type StringType = Extract<AttributeType, { kind: 'string' }>;
export type NumberType = Extract<AttributeType, { kind: 'number' }>;
export type ListType = Extract<AttributeType, { kind: 'list' }>;
export type MapType = Extract<AttributeType, { kind: 'map' }>;
export type ObjectType = Extract<AttributeType, { kind: 'object' }>;

/**
 * One callback per kind. Lists and maps get their element already folded (same context); an object
 * gets its members and decides itself how to fold them, since a member's context usually differs
 * (its own type name, a deeper indent).
 */
export interface AttributeTypeFold<R, C = undefined> {
  string(type: StringType, context: C): R;
  number(type: NumberType, context: C): R;
  bool(context: C): R;
  list(element: R, type: ListType, context: C): R;
  map(element: R, type: MapType, context: C): R;
  object(attributes: Attribute[], context: C): R;
}

export function foldAttributeType<R, C>(type: AttributeType, fold: AttributeTypeFold<R, C>, context: C): R {
  switch (type.kind) {
    case 'string':
      return fold.string(type, context);
    case 'number':
      return fold.number(type, context);
    case 'bool':
      return fold.bool(context);
    case 'list':
      return fold.list(foldAttributeType(type.element, fold, context), type, context);
    case 'map':
      return fold.map(foldAttributeType(type.element, fold, context), type, context);
    case 'object':
      return fold.object(type.attributes, context);
  }
}

/** The attributes of an object, or of the objects a list or map holds; undefined for anything else. */
export function memberAttributes(type: AttributeType): Attribute[] | undefined {
  if (type.kind === 'object') return type.attributes;
  if ((type.kind === 'list' || type.kind === 'map') && type.element.kind === 'object') return type.element.attributes;
  return undefined;
}
