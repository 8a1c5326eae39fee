/**
 * Packages pulumi-resource-elasticremote as a Pulumi plugin tarball for offline installs
 * (`npm run package:pulumi-plugin`):
 *
 *   <out>/pulumi-resource-elasticremote-v<version>.tar.gz
 *     pulumi-resource-elasticremote       launcher script (runs the bundle with the `node` on PATH)
 *     pulumi-resource-elasticremote.js    the provider, bundled with esbuild (engine, gRPC, stubs, schema)
 *
 * installed with `pulumi plugin install resource elasticremote <version> --file <tarball>`.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { packageVersion, repositoryRoot } from '../terraform/install-mirror';
import { packageName } from './config';

export const pluginExecutable = `pulumi-resource-${packageName}`;

const launcher = `#!/bin/sh
# ${pluginExecutable}: the Pulumi engine starts this; it runs the bundled provider next to it.
exec node "$(dirname "$0")/${pluginExecutable}.js" "$@"
`;

/** Writes the plugin's two files into `directory`. */
export async function bundlePlugin(root: string, directory: string): Promise<void> {
  mkdirSync(directory, { recursive: true });
  await build({
    entryPoints: [join(root, 'providers', 'pulumi-native', 'main.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: join(directory, `${pluginExecutable}.js`),
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  writeFileSync(join(directory, pluginExecutable), launcher);
  chmodSync(join(directory, pluginExecutable), 0o755);
}

/** Builds the tarball into `outDir` and returns its path. */
export async function packagePlugin(root: string, outDir: string): Promise<{ version: string; tarball: string }> {
  const version = packageVersion(root);
  const staging = mkdtempSync(join(tmpdir(), 'pulumi-plugin-'));
  try {
    await bundlePlugin(root, staging);
    mkdirSync(outDir, { recursive: true });
    const tarball = join(outDir, `${pluginExecutable}-v${version}.tar.gz`);
    execFileSync('tar', ['-czf', tarball, '-C', staging, pluginExecutable, `${pluginExecutable}.js`]);
    return { version, tarball };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const root = repositoryRoot();
  packagePlugin(root, resolve(process.argv[2] ?? join(root, 'dist', 'pulumi-plugin'))).then(
    ({ version, tarball }) => process.stdout.write(`${tarball}\ninstall it with: pulumi plugin install resource ${packageName} ${version} --file ${tarball}\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
