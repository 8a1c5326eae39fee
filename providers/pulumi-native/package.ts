/**
 * Packages pulumi-resource-elasticremote as a Pulumi plugin tarball for offline installs
 * (`npm run package:pulumi-plugin`):
 *
 *   <out>/pulumi-resource-elasticremote-v<version>.tar.gz
 *     pulumi-resource-elasticremote       the provider (engine, gRPC, stubs, schema) bundled with esbuild
 *                                         into a single executable (../single-executable.ts): no Node needed
 *
 * installed with `pulumi plugin install resource elasticremote <version> --file <tarball>`. The
 * executable is built for this machine's platform, as the Terraform provider's package is.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { buildSingleExecutable } from '../single-executable';
import { packageVersion, repositoryRoot } from '../terraform/install-mirror';
import { packageName } from './config';

export const pluginExecutable = `pulumi-resource-${packageName}`;

/** The plugin's executable, written to `output` (`work` holds the bundle and the SEA's blob). */
export async function buildPlugin(root: string, output: string, work: string): Promise<void> {
  const bundle = join(work, 'main.js');
  await build({
    entryPoints: [join(root, 'providers', 'pulumi-native', 'main.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outfile: bundle,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
  await buildSingleExecutable({ root, name: pluginExecutable, version: packageVersion(root), files: { 'main.js': bundle }, output, work: join(work, 'sea') });
}

/** Builds the tarball into `outDir` and returns its path. */
export async function packagePlugin(root: string, outDir: string): Promise<{ version: string; tarball: string }> {
  const version = packageVersion(root);
  const staging = mkdtempSync(join(tmpdir(), 'pulumi-plugin-'));
  try {
    const contents = join(staging, 'plugin');
    mkdirSync(contents);
    await buildPlugin(root, join(contents, pluginExecutable), join(staging, 'build'));
    mkdirSync(outDir, { recursive: true });
    const tarball = join(outDir, `${pluginExecutable}-v${version}.tar.gz`);
    execFileSync('tar', ['-czf', tarball, '-C', contents, pluginExecutable]);
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
