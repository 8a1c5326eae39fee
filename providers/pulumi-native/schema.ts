/**
 * The Pulumi package schema of `elasticremote`, derived from the engine's attribute model (so a new
 * resource or attribute appears after `npm run generate`). Published as schema.json for
 * `pulumi package gen-sdk`, answered by GetSchema, and read by the TypeScript SDK generator.
 */
import { foldAttributeType, type AttributeTypeFold } from '../../src/codec/attribute-type-fold';
import { camelCase } from '../../src/resources/attribute-names';
import type { AnyResourceDefinition, Attribute } from '../../src/resources/definition';
import { attributesOf } from '../pulumi/attributes';
import { takesClusterProfile } from '../pulumi/catalog';
import { clusterArgument, environmentArgument, packageName } from './config';

export interface PropertySpec {
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  items?: PropertySpec;
  additionalProperties?: PropertySpec;
  $ref?: string;
  description?: string;
  secret?: boolean;
  willReplaceOnChanges?: boolean;
}

export interface ObjectTypeSpec {
  type: 'object';
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface ResourceSpec extends ObjectTypeSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
}

export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  license: string;
  meta: { moduleFormat: string };
  config: { variables: Record<string, PropertySpec> };
  provider: Omit<ResourceSpec, 'properties'> & { properties?: Record<string, PropertySpec> };
  types: Record<string, ObjectTypeSpec>;
  resources: Record<string, ResourceSpec>;
  language: Record<string, unknown>;
}

export const resourceToken = (type: string) => `${packageName}:index:${type}`;
const typeToken = (name: string) => `${packageName}:index:${name}`;
const pascal = (snake: string) => camelCase(snake).replace(/^./, (c) => c.toUpperCase());

type Types = Record<string, ObjectTypeSpec>;

interface PropertyContext {
  /** The name a nested object's type gets (`<Resource><Attribute>...`). */
  typeName: string;
  types: Types;
}

const propertyTypeFold: AttributeTypeFold<PropertySpec, PropertyContext> = {
  string: () => ({ type: 'string' }),
  number: (type) => ({ type: type.integer ? 'integer' : 'number' }),
  bool: () => ({ type: 'boolean' }),
  list: (items) => ({ type: 'array', items }),
  map: (additionalProperties) => ({ type: 'object', additionalProperties }),
  object: (attributes, { typeName, types }) => {
    types[typeToken(typeName)] = objectType(attributes, typeName, types);
    return { $ref: `#/types/${typeToken(typeName)}` };
  },
};

function property(a: Attribute, ownerName: string, types: Types): PropertySpec {
  return {
    ...foldAttributeType(a.type, propertyTypeFold, { typeName: `${ownerName}${pascal(a.name)}`, types }),
    ...(a.description ? { description: a.description } : {}),
    ...(a.sensitive ? { secret: true } : {}),
    ...(a.forceReplace ? { willReplaceOnChanges: true } : {}),
  };
}

function objectType(attributes: Attribute[], name: string, types: Types): ObjectTypeSpec {
  const required = attributes.filter((a) => a.required).map((a) => camelCase(a.name));
  return {
    type: 'object',
    properties: Object.fromEntries(attributes.map((a) => [camelCase(a.name), property(a, name, types)])),
    ...(required.length ? { required } : {}),
  };
}

const profileDocs = {
  cluster: `Name of the Elasticsearch cluster profile (the provider's \`clusters\`) this resource targets; default the provider's \`defaultCluster\`, else its only cluster profile, else the ELASTICSEARCH_* environment variables. Changing it replaces the resource.`,
  environment: `Name of the Elastic Cloud / ECE environment profile (the provider's \`environments\`) this resource uses; default the provider's \`defaultEnvironment\`, else its only environment profile, else EC_API_KEY/EC_ENDPOINT. Changing it replaces the resource.`,
};

function resourceSpec(definition: AnyResourceDefinition, types: Types): ResourceSpec {
  const attributes = attributesOf(definition);
  const inputs = attributes.filter((a) => !a.computed);
  const profiles: Record<string, PropertySpec> = {
    ...(takesClusterProfile(definition) ? { [clusterArgument]: { type: 'string', description: profileDocs.cluster, willReplaceOnChanges: true } } : {}),
    [environmentArgument]: { type: 'string', description: profileDocs.environment, willReplaceOnChanges: true },
  };
  const inputProperties = { ...Object.fromEntries(inputs.map((a) => [camelCase(a.name), property(a, definition.type, types)])), ...profiles };
  const properties = {
    ...Object.fromEntries(attributes.filter((a) => a.name !== 'id').map((a) => [camelCase(a.name), property(a, definition.type, types)])),
    ...profiles,
  };
  // Required and defaulted inputs are always in the state; an output may be absent (an imported key's secret).
  const required = attributes.filter((a) => a.required || a.default !== undefined).map((a) => camelCase(a.name));
  const requiredInputs = inputs.filter((a) => a.required).map((a) => camelCase(a.name));
  return {
    type: 'object',
    description: `${definition.description}\n\nImport id: \`${definition.importIdFormat}\` (prefixed with \`<profile>/\` to pick a configured profile).`,
    properties,
    required,
    inputProperties,
    ...(requiredInputs.length ? { requiredInputs } : {}),
  };
}

const clusterProfileType: ObjectTypeSpec = {
  type: 'object',
  description: 'How to reach one Elasticsearch cluster.',
  properties: {
    endpoint: { type: 'string', description: 'Elasticsearch URL, e.g. https://my-deployment.es.us-east-1.aws.elastic.cloud:443.' },
    apiKey: { type: 'string', secret: true, description: 'Elasticsearch API key (base64 encoded form).' },
    username: { type: 'string', description: 'User for basic authentication, when no API key is given.' },
    password: { type: 'string', secret: true, description: 'Password for basic authentication.' },
    caCertPem: { type: 'string', description: 'PEM bundle of extra certificate authorities to trust (ECE and self-managed clusters often use a private CA).' },
    insecureSkipVerify: { type: 'boolean', description: 'Turns TLS certificate verification off for this cluster. Off only when set to true.' },
  },
  required: ['endpoint'],
};

const environmentProfileType: ObjectTypeSpec = {
  type: 'object',
  description: 'How to reach one Elastic Cloud (ECH) organization or ECE environment API.',
  properties: {
    endpoint: { type: 'string', description: 'Elastic Cloud API (default https://api.elastic-cloud.com) or an ECE coordinator, e.g. https://ece.example.com:12443.' },
    apiKey: { type: 'string', secret: true, description: 'Elastic Cloud / ECE API key.' },
    caCertPem: { type: 'string', description: 'PEM bundle of extra certificate authorities to trust (an ECE private CA).' },
    insecureSkipVerify: { type: 'boolean', description: 'Turns TLS certificate verification off for this API. Off only when set to true.' },
  },
  required: ['apiKey'],
};

function configProperties(): Record<string, PropertySpec> {
  return {
    clusters: { type: 'object', additionalProperties: { $ref: `#/types/${typeToken('ClusterProfile')}` }, description: 'Elasticsearch cluster profiles by name; resources pick one with `cluster`.' },
    environments: {
      type: 'object',
      additionalProperties: { $ref: `#/types/${typeToken('EnvironmentProfile')}` },
      description: 'Elastic Cloud / ECE environment profiles by name; resources pick one with `environment`.',
    },
    defaultCluster: { type: 'string', description: 'The cluster profile of resources that name none.' },
    defaultEnvironment: { type: 'string', description: 'The environment profile of resources that name none.' },
    secretsKey: { type: 'string', secret: true, description: 'Passphrase that seals secrets kept in state (encoded cross-cluster API keys). Fall-back: ELASTIC_REMOTE_SECRETS_KEY.' },
    insecure: { type: 'boolean', description: 'Turns TLS verification off for every profile that does not say otherwise (explicit only).' },
    requestTimeoutMs: { type: 'integer', description: 'Timeout of each request phase in milliseconds (default 60000).' },
    maxRetries: { type: 'integer', description: 'Retries after the first attempt where retrying is safe (default 3).' },
  };
}

export function packageSchema(definitions: readonly AnyResourceDefinition[], version: string): PackageSchema {
  const types: Types = { [typeToken('ClusterProfile')]: clusterProfileType, [typeToken('EnvironmentProfile')]: environmentProfileType };
  const resources = Object.fromEntries(definitions.map((d) => [resourceToken(d.type), resourceSpec(d, types)]));
  const config = configProperties();
  return {
    name: packageName,
    displayName: 'Elastic remote clusters',
    version,
    description: 'Elastic remote clusters (cross-cluster search and replication) as code: API keys, connections, ECE trust relationships and deployment trust.',
    license: 'Apache-2.0',
    meta: { moduleFormat: '(.*)' },
    config: { variables: config },
    provider: { type: 'object', description: 'Connection profiles: Elasticsearch clusters and Elastic Cloud / ECE environments.', inputProperties: config },
    types: Object.fromEntries(Object.entries(types).sort(([a], [b]) => a.localeCompare(b))),
    resources,
    language: { nodejs: { packageName: '@elastic-remote/pulumi-elasticremote', dependencies: { '@pulumi/pulumi': '^3.0.0' } } },
  };
}
