/**
 * "A new optional field is one schema edit": one field added to a real definition's zod input appears,
 * with its type, description, optionality and secrecy, in everything `npm run generate` derives from
 * the definitions (through the same functions): the Terraform schema, the native Pulumi schema and
 * SDK, the dynamic providers' args, the construct props and the reference docs.
 */
import { z } from 'zod';
import { renderGeneratedModules } from '../../constructs/codegen/render';
import { renderResourceTypes } from '../../providers/pulumi/codegen';
import { packageSchema, resourceToken } from '../../providers/pulumi-native/schema';
import { sdkFiles } from '../../providers/pulumi-native/sdk-gen';
import { schemaOf } from '../../providers/terraform/generate-schema';
import { remoteClusterConnection } from '../resources';
import type { AnyResourceDefinition } from '../resources/definition';
import { renderReference } from '../reference/render';

const description = 'Tie-breaker label for the connection (test field).';
const secretDescription = 'Shared token for the connection (test field).';

// The one edit: two optional fields, one of them a secret, on the real RemoteClusterConnection input.
const withNewFields: AnyResourceDefinition = {
  ...remoteClusterConnection,
  input: (remoteClusterConnection.input as unknown as z.ZodObject).safeExtend({
    tie_breaker: z.string().optional().meta({ description }),
    shared_token: z.string().optional().meta({ description: secretDescription, sensitive: true }),
  }),
};

interface TfAttribute {
  name: string;
  type?: string;
  description: string;
  optional: boolean;
  required: boolean;
  sensitive: boolean;
}

describe('a new optional field is one schema edit', () => {
  it('Terraform: an optional string attribute, the secret one sensitive', () => {
    const answer = schemaOf([withNewFields], []) as unknown as { resource_schemas: Record<string, { block: { attributes: TfAttribute[] } }> };
    const attributes = answer.resource_schemas.elasticremote_remote_cluster_connection.block.attributes;
    const field = (name: string) => attributes.find((a) => a.name === name);
    expect(field('tie_breaker')).toMatchObject({ description, optional: true, required: false, sensitive: false });
    expect(Buffer.from(field('tie_breaker')!.type!).toString()).toBe('"string"');
    expect(field('shared_token')).toMatchObject({ description: secretDescription, optional: true, required: false, sensitive: true });
  });

  it('native Pulumi: an optional string input and output, the secret one secret, in the schema and the SDK', () => {
    const schema = packageSchema([withNewFields], '0.0.0');
    const resource = schema.resources[resourceToken('RemoteClusterConnection')];
    expect(resource.inputProperties.tieBreaker).toEqual({ type: 'string', description });
    expect(resource.inputProperties.sharedToken).toEqual({ type: 'string', description: secretDescription, secret: true });
    expect(resource.properties.tieBreaker).toEqual({ type: 'string', description });
    expect(resource.requiredInputs).not.toContain('tieBreaker');
    const sdk = sdkFiles(schema)['RemoteClusterConnection.ts'];
    expect(sdk).toMatch(/tieBreaker\?: pulumi\.Input<string>/);
    expect(sdk).toMatch(/sharedToken\?: pulumi\.Input<string>/);
  });

  it('dynamic Pulumi providers: optional typed args and outputs, the secret one documented as secret', () => {
    const text = renderResourceTypes(withNewFields);
    expect(text).toContain(`/** ${description} */\n  tieBreaker?: pulumi.Input<string | undefined>;`);
    expect(text).toContain(`/** ${secretDescription} Secret. */\n  sharedToken?: pulumi.Input<string | undefined>;`);
    expect(text).toContain('readonly tieBreaker?: string;');
  });

  it('CDKTF constructs: an optional prop, in the synth shape, the secret one listed as sensitive', () => {
    const module = renderGeneratedModules([withNewFields]).get('remote-cluster-connection.ts')!;
    expect(module).toMatch(new RegExp(`\\* ${description.replace(/[().]/g, '\\$&')}\\n\\s+\\*/\\n\\s+readonly tieBreaker\\?: string;`));
    expect(module).toContain('readonly sharedToken?: string;');
    expect(module).toMatch(/"tie_breaker": \{ "kind": "scalar" \}/);
    const sensitive = /"sensitiveAttributes": \[([^\]]*)\]/.exec(module)![1];
    expect(sensitive).toContain('"shared_token"');
    expect(sensitive).not.toContain('"tie_breaker"');
  });

  it('reference docs: a row with both names, optional, the secret one marked', () => {
    const reference = renderReference([withNewFields], []);
    expect(reference).toContain(`| \`tie_breaker\` | \`tieBreaker\` | string | optional |  | ${description} |`);
    expect(reference).toContain(`| \`shared_token\` | \`sharedToken\` | string | optional | secret | ${secretDescription} |`);
  });
});
