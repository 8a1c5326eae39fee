import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceDefinitions } from '../../src/resources';
import { schemaDocument } from './generate-schema';
import { resourceToken, type PackageSchema } from './schema';
import { sdkFiles } from './sdk-gen';

const root = join(__dirname, '..', '..');
const published = readFileSync(join(__dirname, 'schema.json'), 'utf8');
const schema = JSON.parse(published) as PackageSchema;

test('the checked-in schema.json is what the definitions give (regenerate with npm run generate)', () => {
  expect(published).toBe(schemaDocument(root));
});

test('the checked-in SDK is what the schema gives, file for file', () => {
  const files = sdkFiles(schema);
  const sdkDir = join(__dirname, 'sdk');
  expect(readdirSync(sdkDir).sort()).toEqual(Object.keys(files).sort());
  for (const [name, text] of Object.entries(files)) expect(readFileSync(join(sdkDir, name), 'utf8')).toBe(text);
});

test('every engine resource is in the schema, with its profile arguments', () => {
  for (const definition of resourceDefinitions) {
    const resource = schema.resources[resourceToken(definition.type)];
    expect(resource).toBeDefined();
    expect(resource.inputProperties.environment).toMatchObject({ type: 'string', willReplaceOnChanges: true });
  }
  expect(schema.resources[resourceToken('CrossClusterApiKey')].inputProperties.cluster).toBeDefined();
  expect(schema.resources[resourceToken('TrustRelationship')].inputProperties.cluster).toBeUndefined();
});

test('secrets are marked secret: outputs, inputs, and the profiles\' credentials', () => {
  expect(schema.resources[resourceToken('CrossClusterApiKey')].properties.encoded.secret).toBe(true);
  expect(schema.resources[resourceToken('RemoteClusterConnection')].inputProperties.credentials.secret).toBe(true);
  expect(schema.provider.inputProperties.secretsKey.secret).toBe(true);
  const clusterProfile = schema.types['elasticremote:index:ClusterProfile'].properties;
  expect([clusterProfile.apiKey.secret, clusterProfile.password.secret, clusterProfile.endpoint.secret]).toEqual([true, true, undefined]);
  expect(schema.types['elasticremote:index:EnvironmentProfile'].properties.apiKey.secret).toBe(true);
  // Write-only attributes are Terraform's: Pulumi has none.
  expect(schema.resources[resourceToken('RemoteClusterConnection')].inputProperties.credentialsWo).toBeUndefined();
});

test('the SDK wraps secret arguments and asks the engine to keep secret outputs secret', () => {
  const files = sdkFiles(schema);
  expect(files['CrossClusterApiKey.ts']).toContain('additionalSecretOutputs: ["encoded"]');
  expect(files['RemoteClusterConnection.ts']).toContain("resourceInputs['credentials'] = args.credentials === undefined ? undefined : pulumi.secret(args.credentials);");
  expect(files['provider.ts']).toContain("resourceInputs['clusters'] = args.clusters === undefined ? undefined : pulumi.secret(args.clusters);");
  expect(files['provider.ts']).toContain('export class Provider extends pulumi.ProviderResource');
});
