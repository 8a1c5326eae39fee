/**
 * Bundles the Terraform provider into dist/providers/terraform/bundle/ (npm run build runs it):
 * main.js serves the handshake and the schema calls; the engine, loaded by the first RPC that needs
 * it, is a separate chunk that a process started only for the schema never parses; launch.js starts
 * main.js with V8's code cache. esbuild splits chunks only in ESM output and vm.Script (the code
 * cache on Node 20) compiles only classic scripts, so each ESM chunk is then turned into CommonJS.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, transform } from 'esbuild';
import { providerBundle, repositoryRoot } from './install-mirror';

const target = 'node20';

export async function bundleProvider(root: string): Promise<void> {
  const sources = join(root, 'providers', 'terraform');
  const { directory } = providerBundle(root);
  const chunks = await build({
    entryPoints: { main: join(sources, 'main.ts') },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target,
    outdir: directory,
    chunkNames: '[name]-[hash]',
    minifyWhitespace: true,
    minifySyntax: true,
    write: false,
    logLevel: 'warning',
  });
  // Emptied first: a code cache left from older code would be accepted if only the length matches.
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  for (const chunk of chunks.outputFiles) {
    // Minified again after the conversion: less source for V8 to hash and parse at every start.
    const { code } = await transform(chunk.text, { format: 'cjs', platform: 'node', target, supported: { 'dynamic-import': false }, minifyWhitespace: true, minifySyntax: true, logLevel: 'warning' });
    writeFileSync(chunk.path, code);
  }
  // The launcher carries the code-cache module and requires main.js as it is, next to it.
  await build({ entryPoints: { launch: join(sources, 'launch.ts') }, bundle: true, external: ['./main.js'], format: 'cjs', platform: 'node', target, outdir: directory, logLevel: 'warning' });
}

if (require.main === module) {
  bundleProvider(repositoryRoot()).then(
    () => process.stdout.write(`bundled the Terraform provider into ${providerBundle(repositoryRoot()).directory}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
