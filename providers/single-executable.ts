/**
 * Builds a Node single executable application (SEA) from a bundle: this Node binary with a blob
 * injected by postject, the blob holding sea-main.ts as its main script and every bundle file as an
 * asset (node:sea getAsset, Node >= 20.12), main.js the one started. So it is built for this machine's
 * platform only (Node's binary for another platform would be needed for another). The Terraform
 * provider's package and the Pulumi plugin's tarball both carry one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { inject } from 'postject';

/** The fuse Node's binary checks to know it carries a blob (Node's SEA documentation). */
const seaFuse = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

export interface SingleExecutable {
  /** The repository root (sea-main.ts is bundled from its sources). */
  root: string;
  /** The executable's name: it names the folder of its code cache too. */
  name: string;
  version: string;
  /** Bundle files: asset name → path. main.js is started. */
  files: Record<string, string>;
  /** The executable to write. */
  output: string;
  /** A scratch directory for the blob and its configuration. */
  work: string;
}

export async function buildSingleExecutable({ root, name, version, files, output, work }: SingleExecutable): Promise<void> {
  if (!files['main.js']) throw new Error(`${name}: the bundle has no main.js`);
  mkdirSync(work, { recursive: true });
  const main = join(work, 'sea-main.js');
  await build({ entryPoints: [join(root, 'providers', 'sea-main.ts')], bundle: true, format: 'cjs', platform: 'node', target: 'node20', outfile: main, logLevel: 'warning' });
  // Names the code cache's folder (sea-main.ts): a new build or Node never reads an older one's cache.
  const buildHash = createHash('sha256').update(process.version);
  for (const asset of Object.keys(files).sort()) buildHash.update(asset).update(readFileSync(files[asset]));
  const buildAsset = join(work, 'build');
  writeFileSync(buildAsset, `${name}/${version}-${buildHash.digest('hex').slice(0, 16)}`);
  const blob = join(work, 'sea-prep.blob');
  const config = join(work, 'sea-config.json');
  writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true, assets: { ...files, build: buildAsset } }, null, 2));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: ['ignore', 'ignore', 'inherit'] });
  // A copy of this Node with the blob injected (Linux ELF: no signature to remove).
  copyFileSync(process.execPath, output);
  chmodSync(output, 0o755);
  await inject(output, 'NODE_SEA_BLOB', readFileSync(blob), { sentinelFuse: seaFuse });
}
