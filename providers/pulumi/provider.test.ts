import * as path from 'node:path';
import { serializeFunction } from '@pulumi/pulumi/runtime/closure/serializeClosure';
import { hostSpecifier, thinProvider } from './provider';

describe('thinProvider', () => {
  const hostPath = path.join(__dirname, 'host');

  it('serializes to a small closure that captures only the type and where the host lives', async () => {
    const provider = thinProvider('RemoteClusterConnection', hostPath);
    // What Pulumi stores in every resource's __provider input.
    const { text } = await serializeFunction(() => provider, { allowSecrets: true });
    expect(text.length).toBeLessThan(8_000);
    expect(text).toContain(JSON.stringify(hostSpecifier));
    expect(text).toContain(JSON.stringify('RemoteClusterConnection'));
    // No engine code, schema library or connection settings travel with the state.
    for (const heavy of ['zod', 'undici', 'createEngineContext', 'resourceDefinitions', 'apiKey', 'secretsKey']) expect(text).not.toContain(heavy);
  });

  it('stays the same text across calls, so unchanged programs do not churn the state', async () => {
    const a = await serializeFunction(() => thinProvider('CrossClusterApiKey', hostPath), { allowSecrets: true });
    const b = await serializeFunction(() => thinProvider('CrossClusterApiKey', hostPath), { allowSecrets: true });
    expect(a.text).toBe(b.text);
  });
});
