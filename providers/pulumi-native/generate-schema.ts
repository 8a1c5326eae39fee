/**
 * Writes providers/pulumi-native/schema.json from the engine's definitions (`npm run generate`), the
 * document GetSchema answers and `pulumi package gen-sdk` reads, and regenerates the TypeScript SDK from it.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resourceDefinitions } from '../../src/resources';
import { packageVersion, repositoryRoot } from '../terraform/install-mirror';
import { packageSchema } from './schema';
import { writeSdk } from './sdk-gen';

export function schemaDocument(root: string): string {
  return `${JSON.stringify(packageSchema(resourceDefinitions, packageVersion(root)), null, 2)}\n`;
}

if (require.main === module) {
  const root = repositoryRoot();
  const document = schemaDocument(root);
  writeFileSync(join(root, 'providers', 'pulumi-native', 'schema.json'), document);
  writeSdk(JSON.parse(document), join(root, 'providers', 'pulumi-native', 'sdk'));
  process.stdout.write('wrote providers/pulumi-native/schema.json and providers/pulumi-native/sdk/\n');
}
