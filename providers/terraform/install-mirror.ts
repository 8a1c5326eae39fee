/**
 * Installs the provider into a local filesystem mirror (the unpacked layout Terraform and OpenTofu
 * read: <dir>/<host>/<namespace>/<type>/<version>/<os>_<arch>/terraform-provider-<type>) and writes a
 * CLI configuration that installs it from there only, so `tofu init` works offline and records the
 * provider's checksum in .terraform.lock.hcl.
 *
 *   node dist/providers/terraform/install-mirror.js <dir>
 *   export TF_CLI_CONFIG_FILE=<dir>/cli.tfrc
 */
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { executableName, providerHosts, providerNamespace, providerTypeName } from './names';

export interface InstalledMirror {
  mirrorDir: string;
  /** For TF_CLI_CONFIG_FILE. */
  cliConfigFile: string;
  version: string;
  /** The installed executables, one per registry host. */
  executables: string[];
}

/** os_arch as Terraform names platforms, e.g. linux_amd64. */
export function platform(): string {
  const arch = process.arch === 'x64' ? 'amd64' : process.arch === 'ia32' ? '386' : process.arch;
  return `${process.platform}_${arch}`;
}

export function packageVersion(root: string): string {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version?: string };
  if (!manifest.version) throw new Error('package.json has no version');
  return manifest.version;
}

/** The repository root, from the sources (tests) or from dist/providers/terraform. */
export function repositoryRoot(): string {
  const fromSource = resolve(__dirname, '..', '..');
  return __dirname.includes(`${join('dist', 'providers')}`) ? resolve(__dirname, '..', '..', '..') : fromSource;
}

/** The bundled provider (bundle.ts, run by npm run build): the launcher starts it with the code cache. */
export function providerBundle(root: string): { directory: string; launcher: string } {
  const directory = join(root, 'dist', 'providers', 'terraform', 'bundle');
  return { directory, launcher: join(directory, 'launch.js') };
}

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

export function installMirror(dir: string, options: { version?: string; root?: string } = {}): InstalledMirror {
  const root = options.root ?? repositoryRoot();
  const version = options.version ?? packageVersion(root);
  const mirrorDir = resolve(dir, 'mirror');
  // The launcher runs the bundled provider with this Node, whatever PATH the host has.
  const launcher = `#!/bin/sh\nexec ${quote(process.execPath)} ${quote(providerBundle(root).launcher)} "$@"\n`;
  const executables = providerHosts.map((host) => {
    const target = join(mirrorDir, host, providerNamespace, providerTypeName, version, platform());
    mkdirSync(target, { recursive: true });
    const executable = join(target, executableName);
    writeFileSync(executable, launcher);
    chmodSync(executable, 0o755);
    return executable;
  });
  const sources = providerHosts.map((host) => `"${host}/${providerNamespace}/${providerTypeName}"`).join(', ');
  const cliConfigFile = resolve(dir, 'cli.tfrc');
  writeFileSync(
    cliConfigFile,
    `# Written by install-mirror: install ${providerNamespace}/${providerTypeName} from the local mirror only (offline).\n` +
      `provider_installation {\n  filesystem_mirror {\n    path    = ${JSON.stringify(mirrorDir)}\n    include = [${sources}]\n  }\n}\n`,
  );
  return { mirrorDir, cliConfigFile, version, executables };
}

if (require.main === module) {
  const dir = process.argv[2];
  if (!dir) {
    process.stderr.write('usage: install-mirror <dir>   (then export TF_CLI_CONFIG_FILE=<dir>/cli.tfrc)\n');
    process.exit(2);
  }
  const installed = installMirror(dir);
  process.stdout.write(`${JSON.stringify(installed, null, 2)}\nexport TF_CLI_CONFIG_FILE=${quote(installed.cliConfigFile)}\n`);
}
