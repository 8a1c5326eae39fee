/**
 * Packages the bundled provider (npm run build) as a release a platform team can host, with no Node
 * needed where it runs (npm run package:provider):
 *
 *   <out>/terraform-provider-elasticremote_<version>_<os>_<arch>.zip   the executable, as Terraform zips providers
 *   <out>/terraform-provider-elasticremote_<version>_SHA256SUMS
 *   <out>/mirror/<host>/<namespace>/<type>/{index.json,<version>.json,<zip>}
 *
 * The executable is a Node single executable application (../single-executable.ts), built for this
 * machine's platform only.
 * mirror/ is both a provider network mirror (serve it over HTTPS: index.json and <version>.json as the
 * protocol wants, the zip next to them at a relative URL) and a packed filesystem mirror (the zip's name
 * and place are the packed layout), so one directory serves `network_mirror` and `filesystem_mirror`.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, createWriteStream, linkSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ZipFile } from 'yazl';
import { buildSingleExecutable } from '../single-executable';
import { packageVersion, platform, providerBundle, repositoryRoot } from './install-mirror';
import { executableName, providerHosts, providerNamespace, providerTypeName } from './names';

export interface ProviderPackage {
  version: string;
  /** os_arch, e.g. linux_amd64. */
  platform: string;
  /** The single executable (also inside the zip). */
  executable: string;
  zip: string;
  sha256Sums: string;
  /** Network mirror and packed filesystem mirror at once. */
  mirrorDir: string;
  /** The zip's hashes as OpenTofu records them in .terraform.lock.hcl: h1 (its contents) and zh (the zip). */
  hashes: { h1: string; zh: string };
}

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest();

/**
 * OpenTofu's h1 hash of a provider zip: Go's dirhash Hash1 of the files in it, a SHA-256 over the
 * lines "<sha256 hex>  <name>\n" sorted by name. The zip holds one file, so it is computed from it.
 */
export function h1Hash(files: Record<string, Buffer>): string {
  const summary = Object.keys(files)
    .sort()
    .map((name) => `${sha256(files[name]).toString('hex')}  ${name}\n`)
    .join('');
  return `h1:${sha256(Buffer.from(summary)).toString('base64')}`;
}

function writeZip(zipPath: string, entryName: string, data: Buffer): Promise<void> {
  return new Promise((done, fail) => {
    const zip = new ZipFile();
    // The mode travels in the zip, so the executable is executable once OpenTofu unpacks it.
    zip.addBuffer(data, entryName, { mode: 0o100755, mtime: new Date(0), compress: true });
    zip.end();
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', done).on('error', fail);
    zip.outputStream.on('error', fail);
  });
}

export async function packageProvider(outDir: string, options: { root?: string; version?: string } = {}): Promise<ProviderPackage> {
  const root = options.root ?? repositoryRoot();
  const version = options.version ?? packageVersion(root);
  const target = platform();
  const bundle = providerBundle(root).directory;
  const bundleFiles = readdirSync(bundle).filter((name) => name.endsWith('.js') && name !== 'launch.js');
  if (!bundleFiles.includes('main.js')) throw new Error(`the provider bundle is missing in ${bundle}: run npm run build first`);

  const out = resolve(outDir);
  const work = join(out, '.sea');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });

  // 1. The executable: the bundle files (not the npm package's launcher) in a single executable.
  const executable = join(work, `${executableName}_v${version}`);
  const files = Object.fromEntries(bundleFiles.map((name) => [name, join(bundle, name)]));
  await buildSingleExecutable({ root, name: executableName, version, files, output: executable, work });

  // 2. The zip and its SHA256SUMS, named as Terraform providers' releases are.
  const base = `${executableName}_${version}`;
  const zipName = `${base}_${target}.zip`;
  const zip = join(out, zipName);
  const executableBytes = readFileSync(executable);
  await writeZip(zip, `${executableName}_v${version}`, executableBytes);
  const zipSha = sha256(readFileSync(zip)).toString('hex');
  const sha256Sums = join(out, `${base}_SHA256SUMS`);
  writeFileSync(sha256Sums, `${zipSha}  ${zipName}\n`);
  const hashes = { h1: h1Hash({ [`${executableName}_v${version}`]: executableBytes }), zh: `zh:${zipSha}` };

  // 3. The mirror, under each registry host the provider is known by.
  const mirrorDir = join(out, 'mirror');
  for (const host of providerHosts) {
    const dir = join(mirrorDir, host, providerNamespace, providerTypeName);
    mkdirSync(dir, { recursive: true });
    try {
      linkSync(zip, join(dir, zipName)); // the same bytes, not another copy of tens of MB
    } catch {
      copyFileSync(zip, join(dir, zipName));
    }
    writeFileSync(join(dir, 'index.json'), `${JSON.stringify({ versions: { [version]: {} } }, null, 2)}\n`);
    const archives = { [target]: { url: zipName, hashes: [hashes.h1, hashes.zh] } };
    writeFileSync(join(dir, `${version}.json`), `${JSON.stringify({ archives }, null, 2)}\n`);
  }
  return { version, platform: target, executable, zip, sha256Sums, mirrorDir, hashes };
}

if (require.main === module) {
  const outDir = process.argv[2] ?? join(repositoryRoot(), 'dist', 'provider-package');
  const started = Date.now();
  packageProvider(outDir).then(
    (result) => process.stdout.write(`${JSON.stringify(result, null, 2)}\npackaged in ${((Date.now() - started) / 1000).toFixed(1)} s\n`),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}
