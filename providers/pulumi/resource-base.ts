/**
 * What every Pulumi resource class shares (the classes themselves are generated into
 * resources.generated.ts from the engine's definitions): secrets (the encoded key, credentials) are
 * Pulumi secrets in inputs and outputs, and one thin provider object per type.
 */
import * as path from 'node:path';
import * as pulumi from '@pulumi/pulumi';
import type { AnyResourceDefinition } from '../../src/resources/definition';
import { resourceDefinitions } from '../../src/resources';
import { camelCase } from '../../src/resources/attribute-names';
import { attributesOf, secretProperties } from './attributes';
import { adoptArgument, clusterArgument, takesClusterProfile, tokenModule } from './catalog';
import { thinProvider, type ThinProvider } from './provider';
/** Resource properties as Pulumi outputs. */
export type OutputProperties<T> = { readonly [K in keyof T]-?: pulumi.Output<T[K]> };

/** One provider object per type, so Pulumi serializes each once per program. */
const providers = new Map<string, ThinProvider>();

function providerFor(type: string): ThinProvider {
  let provider = providers.get(type);
  if (!provider) {
    provider = thinProvider(type, path.join(__dirname, 'host'));
    providers.set(type, provider);
  }
  return provider;
}

function definitionOf(type: string): AnyResourceDefinition {
  const definition = resourceDefinitions.find((d) => d.type === type);
  if (!definition) throw new Error(`engine definition ${type} is missing`);
  return definition;
}

export type DynamicResourceArgs = [ThinProvider, string, pulumi.Inputs, pulumi.CustomResourceOptions, string, string];

/**
 * Constructor arguments of a dynamic resource: sensitive inputs wrapped as secrets, every output
 * declared (Pulumi creates output properties only for keys it is given), secret outputs listed.
 */
export function dynamicResourceArgs(type: string, name: string, args: object, opts: pulumi.CustomResourceOptions = {}): DynamicResourceArgs {
  const definition = definitionOf(type);
  const attributes = attributesOf(definition);
  const secrets = secretProperties(attributes);
  const props: pulumi.Inputs = {};
  for (const attribute of attributes) {
    if (attribute.name === 'id') continue;
    const key = camelCase(attribute.name);
    const value = (args as Record<string, pulumi.Input<unknown> | undefined>)[key];
    props[key] = value !== undefined && secrets.includes(key) ? pulumi.secret(value) : value;
  }
  const frontEnd = args as { cluster?: pulumi.Input<string>; adopt?: pulumi.Input<string> };
  if (takesClusterProfile(definition)) props[clusterArgument] = frontEnd.cluster;
  if (frontEnd.adopt !== undefined) props[adoptArgument] = frontEnd.adopt;
  const withSecrets = pulumi.mergeOptions(opts, { additionalSecretOutputs: secrets });
  return [providerFor(type), name, props, withSecrets, tokenModule, type];
}

