/**
 * Renders one TypeScript module per engine resource definition: the props types (camelCase), the
 * attribute shape used at synth, and a thin TerraformResource subclass with typed getters for the
 * computed outputs. Pure: definitions in, file texts out (main.ts writes them; a test compares).
 */
import { foldAttributeType, type AttributeTypeFold } from '../../src/codec/attribute-type-fold';
import { camelCase } from '../../src/resources/attribute-names';
import { describeAttributes, type AnyResourceDefinition, type Attribute, type AttributeType } from '../../src/resources/definition';
import type { AttributeShape, ObjectShape } from '../attribute-shape';
import { ElasticRemoteResource, providerName } from '../resource';

export const generatedHeader =
  '// Generated from the engine\'s resource definitions (src/resources, describeAttributes) by constructs/codegen.\n' +
  '// Do not edit: after changing a definition run `npm run build && node dist/constructs/codegen/main.js`.\n';

/** cdktf meta-arguments and construct members: a top-level engine attribute with one of these names cannot be a prop or getter. */
const reservedNames = new Set(['dependsOn', 'count', 'provider', 'lifecycle', 'forEach', 'provisioners', 'connection', 'node', 'terraformAttributes', 'sensitiveAttributeNames']);
for (let proto: object | null = ElasticRemoteResource.prototype; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
  for (const name of Object.getOwnPropertyNames(proto)) reservedNames.add(name);
}

export function pascalName(snakeName: string): string {
  const camel = camelCase(snakeName);
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

export function moduleFileName(definition: AnyResourceDefinition): string {
  return `${definition.tfName.replace(/_/g, '-')}.ts`;
}

function docComment(lines: string[], indent: string): string {
  const text = lines.filter((l) => l.length > 0).map((l) => l.replace(/\*\//g, '*\\/'));
  if (text.length === 0) return '';
  return `${indent}/**\n${text.map((l) => `${indent} * ${l}`).join('\n')}\n${indent} */\n`;
}

function attributeDoc(attribute: Attribute): string[] {
  return [
    attribute.description,
    attribute.sensitive ? 'Sensitive: pass it from a `TerraformVariable` with `sensitive: true` or another resource\'s output, never a literal in code.' : '',
    attribute.forceReplace && !/replace/i.test(attribute.description) ? 'Changing it replaces the resource.' : '',
    attribute.default !== undefined ? `@default ${JSON.stringify(attribute.default)}` : '',
  ];
}

function checkName(where: string, name: string): string {
  const prop = camelCase(name);
  if (reservedNames.has(prop)) throw new Error(`${where}: attribute "${name}" would shadow the construct member "${prop}"; rename it in the engine`);
  return prop;
}

/** Collects the interfaces of nested objects while rendering prop types. */
class TypeRenderer {
  readonly interfaces: string[] = [];

  constructor(private readonly resourceType: string) {}

  /** `typeName` names the interface of a nested object. */
  propType(type: AttributeType, typeName: string): string {
    return foldAttributeType(type, this.propTypeFold, typeName);
  }

  private readonly propTypeFold: AttributeTypeFold<string, string> = {
    string: (type) => (type.enum ? type.enum.map((v) => JSON.stringify(v)).join(' | ') : 'string'),
    number: () => 'number',
    bool: () => 'boolean | IResolvable',
    list: (element, type) => (type.element.kind === 'object' ? `${element}[] | IResolvable` : `${parenthesized(element)}[]`),
    map: (element) => `Record<string, ${element}>`,
    object: (attributes, typeName) => {
      this.interfaces.push(this.objectInterface(typeName, attributes, ''));
      return typeName;
    },
  };

  /**
   * `nestedPrefix` names the interfaces of nested objects: `<Resource><Attribute>...`. Only the props
   * interface (it has an `extendsClause`) shares its namespace with the construct's members.
   */
  objectInterface(typeName: string, attributes: Attribute[], extendsClause: string, nestedPrefix = typeName): string {
    const members = attributes.map((a) => {
      const prop = extendsClause ? checkName(`${this.resourceType}.${typeName}`, a.name) : camelCase(a.name);
      const type = this.propType(a.type, `${nestedPrefix}${pascalName(a.name)}`);
      return `${docComment(attributeDoc(a), '  ')}  readonly ${prop}${a.required ? '' : '?'}: ${type};\n`;
    });
    return `export interface ${typeName}${extendsClause} {\n${members.join('')}}\n`;
  }
}

function parenthesized(type: string): string {
  return type.includes('|') ? `(${type})` : type;
}

const shapeFold: AttributeTypeFold<AttributeShape> = {
  string: () => ({ kind: 'scalar' }),
  number: () => ({ kind: 'scalar' }),
  bool: () => ({ kind: 'scalar' }),
  list: (element) => ({ kind: 'list', element }),
  map: (element) => ({ kind: 'map', element }),
  object: (attributes) => objectShape(attributes),
};

function objectShape(attributes: Attribute[]): ObjectShape {
  return { kind: 'object', attributes: Object.fromEntries(attributes.map((a) => [a.name, foldAttributeType(a.type, shapeFold, undefined)])) };
}

const holdsSensitiveFold: AttributeTypeFold<boolean> = {
  string: () => false,
  number: () => false,
  bool: () => false,
  list: (element) => element,
  map: (element) => element,
  object: (attributes) => attributes.some(containsSensitive),
};

function containsSensitive(attribute: Attribute): boolean {
  return attribute.sensitive || foldAttributeType(attribute.type, holdsSensitiveFold, undefined);
}

/** The getter of a computed output: the cdktf accessor that returns a typed token. */
function outputGetter(type: AttributeType): { returnType: string; accessor: string } {
  if (type.kind === 'string') return { returnType: 'string', accessor: 'getStringAttribute' };
  if (type.kind === 'number') return { returnType: 'number', accessor: 'getNumberAttribute' };
  if (type.kind === 'bool') return { returnType: 'IResolvable', accessor: 'getBooleanAttribute' };
  if (type.kind === 'list' && type.element.kind === 'string') return { returnType: 'string[]', accessor: 'getListAttribute' };
  if (type.kind === 'list' && type.element.kind === 'number') return { returnType: 'number[]', accessor: 'getNumberListAttribute' };
  if (type.kind === 'map' && type.element.kind === 'string') return { returnType: 'Record<string, string>', accessor: 'getStringMapAttribute' };
  return { returnType: 'IResolvable', accessor: 'interpolationForAttribute' };
}

export function renderResourceModule(definition: AnyResourceDefinition): string {
  const attributes = describeAttributes(definition);
  const inputs = attributes.filter((a) => !a.computed);
  const outputs = attributes.filter((a) => a.computed);
  const className = definition.type;
  const types = new TypeRenderer(className);
  const propsInterface = types.objectInterface(`${className}Props`, inputs, ' extends TerraformMetaArguments', className);
  const schema = {
    terraformResourceType: `${providerName}_${definition.tfName}`,
    inputs: objectShape(inputs),
    sensitiveAttributes: attributes.filter(containsSensitive).map((a) => a.name),
  };
  const getters = outputs.map((a) => {
    const { returnType, accessor } = outputGetter(a.type);
    const doc = [a.description, a.sensitive ? 'Sensitive: a token only; an output that reads it is marked sensitive.' : ''];
    return `${docComment(doc, '  ')}  get ${checkName(className, a.name)}(): ${returnType} {\n    return this.${accessor}('${a.name}');\n  }\n`;
  });
  return [
    generatedHeader,
    "import type { IResolvable, TerraformMetaArguments } from 'cdktf';",
    "import type { Construct } from 'constructs';",
    "import { ElasticRemoteResource, type ResourceSchema } from '../resource';",
    '',
    ...types.interfaces.reverse(),
    propsInterface,
    `const schema: ResourceSchema = ${JSON.stringify(schema, null, 2).replace(/\{\s*"kind": "scalar"\s*\}/g, '{ "kind": "scalar" }')};`,
    '',
    docComment([definition.description, `Terraform type \`${schema.terraformResourceType}\`; import id: \`${definition.importIdFormat}\`.`], '').trimEnd(),
    `export class ${className} extends ElasticRemoteResource {`,
    `  static readonly tfResourceType = '${schema.terraformResourceType}';`,
    '  /** Snake_case input attributes and sensitive attributes, derived from the engine definition. */',
    '  static readonly schema = schema;',
    '',
    `  constructor(scope: Construct, id: string, props: ${className}Props) {`,
    '    super(scope, id, schema, props);',
    '  }',
    ...getters.map((g) => `\n${g.replace(/\n$/, '')}`),
    '}',
    '',
  ].join('\n');
}

export function renderIndexModule(definitions: AnyResourceDefinition[]): string {
  const reexports = definitions.map((d) => `export * from './${moduleFileName(d).replace(/\.ts$/, '')}';`);
  return `${generatedHeader}${reexports.join('\n')}\n`;
}

/** Every generated file, by path relative to `constructs/generated/`. */
export function renderGeneratedModules(definitions: AnyResourceDefinition[]): Map<string, string> {
  const files = new Map(definitions.map((d) => [moduleFileName(d), renderResourceModule(d)]));
  files.set('index.ts', renderIndexModule(definitions));
  return files;
}
