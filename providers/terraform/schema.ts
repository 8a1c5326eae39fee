/**
 * Terraform schemas derived from the engine's attribute model (describeAttributes): one resource type
 * per definition, snake_case names, descriptions, sensitive markers, objects and lists of objects as
 * nested attributes. Also the Terraform type of every attribute, which drives the wire codec.
 */
import { describeAttributes, type AnyResourceDefinition, type Attribute, type AttributeType } from '../../src/resources/definition';
import type { AnyDataSourceDefinition } from '../../src/data-sources';
import { foldAttributeType, memberAttributes, type AttributeTypeFold } from '../../src/codec/attribute-type-fold';
import type { TfType } from './codec';
import { providerTypeName } from './names';

export { providerTypeName } from './names';

/** Schema version of every resource type; UpgradeResourceState accepts state written at or below it. */
export const resourceSchemaVersion = 0;

/** Protocol message shapes (proto-loader, keepCase) for what the provider sends. */
export interface SchemaAttributeMessage {
  name: string;
  type?: Buffer;
  nested_type?: SchemaObjectMessage;
  description: string;
  description_kind: 'PLAIN';
  required: boolean;
  optional: boolean;
  computed: boolean;
  sensitive: boolean;
  /** Only where true (provider settings never are). */
  write_only?: boolean;
}

export interface SchemaObjectMessage {
  attributes: SchemaAttributeMessage[];
  nesting: 'SINGLE' | 'LIST' | 'SET' | 'MAP';
}

export interface SchemaBlockMessage {
  version: number;
  attributes: SchemaAttributeMessage[];
  block_types: NestedBlockMessage[];
  description: string;
  description_kind: 'PLAIN';
}

export interface NestedBlockMessage {
  type_name: string;
  block: SchemaBlockMessage;
  nesting: 'SINGLE';
  min_items: number;
  max_items: number;
}

export interface SchemaMessage {
  version: number;
  block: SchemaBlockMessage;
}

/** How an attribute is set: by the user (required/optional), by the provider (computed), or both. */
export interface AttributeRole {
  required: boolean;
  optional: boolean;
  computed: boolean;
}

export function attributeRole(attribute: Attribute, parentComputed = false): AttributeRole {
  if (parentComputed || attribute.computed) return { required: false, optional: false, computed: true };
  if (attribute.required) return { required: true, optional: false, computed: false };
  // An engine default fills the value when the user leaves it out: the provider plans it (optional+computed).
  return { required: false, optional: true, computed: attribute.default !== undefined };
}

const tfTypeFold: AttributeTypeFold<TfType> = {
  string: () => 'string',
  number: () => 'number',
  bool: () => 'bool',
  list: (element, type) => [type.unordered ? 'set' : 'list', element],
  map: (element) => ['map', element],
  object: (attributes) => objectType(attributes),
};

export function tfTypeOf(type: AttributeType): TfType {
  return foldAttributeType(type, tfTypeFold, undefined);
}

export function objectType(attributes: Attribute[]): TfType {
  return ['object', Object.fromEntries(attributes.map((a) => [a.name, tfTypeOf(a.type)]))];
}

function describe(attribute: Attribute): string {
  const accepted = attribute.type.kind === 'string' && attribute.type.enum ? ` One of: ${attribute.type.enum.join(', ')}.` : '';
  const replaces = attribute.forceReplace && !/replace/i.test(attribute.description) ? ' Changing it replaces the resource.' : '';
  return `${attribute.description}${accepted}${replaces}`.trim();
}

/** Objects, and lists or maps of objects, become nested attributes; everything else a typed attribute. */
function nestedObject(type: AttributeType): { attributes: Attribute[]; nesting: SchemaObjectMessage['nesting'] } | undefined {
  const attributes = memberAttributes(type);
  if (!attributes) return undefined;
  return { attributes, nesting: type.kind === 'map' ? 'MAP' : type.kind === 'list' ? (type.unordered ? 'SET' : 'LIST') : 'SINGLE' };
}

export function schemaAttribute(attribute: Attribute, parentComputed = false): SchemaAttributeMessage {
  const role = attributeRole(attribute, parentComputed);
  const nested = nestedObject(attribute.type);
  return {
    name: attribute.name,
    ...(nested
      ? { nested_type: { attributes: nested.attributes.map((a) => schemaAttribute(a, role.computed && !role.optional)), nesting: nested.nesting } }
      : { type: Buffer.from(JSON.stringify(tfTypeOf(attribute.type))) }),
    description: describe(attribute),
    description_kind: 'PLAIN',
    ...role,
    sensitive: attribute.sensitive,
    write_only: attribute.writeOnly === true,
  };
}

/** A managed resource type as Terraform sees it. */
export interface ResourceType {
  /** `elasticremote_<tfName>` */
  typeName: string;
  definition: AnyResourceDefinition;
  attributes: Attribute[];
  /** The Terraform object type of the whole resource (every attribute). */
  objectType: TfType;
  schema: SchemaMessage;
}

const idAttribute: Attribute = {
  name: 'id',
  type: { kind: 'string' },
  description: 'Identifier of the object in Elastic.',
  required: false,
  computed: true,
  sensitive: false,
  forceReplace: false,
};

function typeSchema(description: string, attributes: Attribute[]): SchemaMessage {
  return {
    version: resourceSchemaVersion,
    block: { version: resourceSchemaVersion, attributes: attributes.map((a) => schemaAttribute(a)), block_types: [], description, description_kind: 'PLAIN' },
  };
}

export function resourceType(definition: AnyResourceDefinition): ResourceType {
  const described = describeAttributes(definition);
  const attributes = described.some((a) => a.name === 'id') ? described : [...described, idAttribute];
  return { typeName: `${providerTypeName}_${definition.tfName}`, definition, attributes, objectType: objectType(attributes), schema: typeSchema(definition.description, attributes) };
}

/** A data source as Terraform sees it: the inputs, then what the lookup answers (computed). */
export interface DataSourceType {
  typeName: string;
  definition: AnyDataSourceDefinition;
  attributes: Attribute[];
  objectType: TfType;
  schema: SchemaMessage;
}

export function dataSourceType(definition: AnyDataSourceDefinition): DataSourceType {
  const attributes = describeAttributes(definition);
  return { typeName: `${providerTypeName}_${definition.tfName}`, definition, attributes, objectType: objectType(attributes), schema: typeSchema(definition.description, attributes) };
}
