/**
 * Terraform provider start-up as OpenTofu sees it, side by side in one run with a bare `node -e ''`
 * (the floor any Node provider pays): spawn to the handshake line, and spawn to the first
 * GetProviderSchema answered over the handshake's address with mutual TLS; then the host's
 * Shutdown, which lets the code cache be written as a real run would. Variants: the bundle with its
 * code cache (what the mirror installs), the same bundle with the cache removed before each start,
 * the unbundled tsc output, and with --before <checkout> another checkout's build (e.g. the commit
 * before the bundle). With OpenTofu built (.tools/bin), also `tofu validate` and `tofu plan` of
 * examples/hcl against the emulator, for the bundle and the --before checkout. With the single executable
 * made (npm run package:provider), it is measured too, installed from its packed mirror. Goal: schema ≤ 3x node.
 *   npm run build && node dist/bench/provider-startup.js [runs] [--before <checkout root>]
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../src/emulator';
import { installMirror, providerBundle } from '../providers/terraform/install-mirror';
import { bareNode, startPlugin } from './plugin-start';
import { median, timed } from './measure';
import { repoRoot, runOk, tofuEnv, toolPaths } from '../test/e2e/tools';

const bundle = providerBundle(repoRoot);

interface Variant {
  name: string;
  /** A script run with this Node, or (the single executable) a command run as it is. */
  script?: string;
  command?: string;
  /** Added to the provider's environment. */
  env?: NodeJS.ProcessEnv;
  /** Runs before each start (e.g. removes the code cache). */
  prepare?: () => void;
}

/** Milliseconds to the handshake line and to the first GetProviderSchema answer. */
function startProvider(variant: Variant): Promise<{ handshake: number; schema: number }> {
  variant.prepare?.();
  return variant.command ? startPlugin(variant.command, [], variant.env) : startPlugin(process.execPath, [variant.script ?? ''], variant.env);
}

/** What npm run package:provider left in dist/provider-package, if anything. */
function packagedProvider(): { executable: string; mirrorDir: string } | undefined {
  const dir = join(repoRoot, 'dist', 'provider-package');
  const sea = join(dir, '.sea');
  const executable = existsSync(sea) ? readdirSync(sea).find((name) => name.startsWith('terraform-provider-')) : undefined;
  return executable ? { executable: join(sea, executable), mirrorDir: join(dir, 'mirror') } : undefined;
}

const ms = (x: number) => `${x.toFixed(0).padStart(5)} ms`;

function removeCodeCache(): void {
  for (const file of readdirSync(bundle.directory)) if (file.endsWith('.cache')) rmSync(join(bundle.directory, file));
}

/** N runs of each, interleaved so that machine noise falls on every variant alike. */
async function providerStarts(variants: Variant[], runs: number): Promise<string[]> {
  const bare: number[] = [];
  const results = variants.map(() => ({ handshake: [] as number[], schema: [] as number[] }));
  for (const variant of variants) await startProvider(variant); // warm the file cache (and write the code cache), as any later start finds them
  for (let i = 0; i < runs; i++) {
    bare.push(await bareNode());
    for (const [index, variant] of variants.entries()) {
      const { handshake, schema } = await startProvider(variant);
      results[index].handshake.push(handshake);
      results[index].schema.push(schema);
    }
  }
  const floor = median(bare);
  const ratio = (x: number) => `${(x / floor).toFixed(2)}x`;
  return [
    `provider start, ${runs} runs each, medians (ratio to node -e '')`,
    `  node -e '':${' '.repeat(31)}${ms(floor)}`,
    ...variants.map((v, i) => {
      const { handshake, schema } = results[i];
      return `  ${v.name.padEnd(34)}handshake ${ms(median(handshake))} (${ratio(median(handshake))})   schema answered ${ms(median(schema))} (${ratio(median(schema))})`;
    }),
  ];
}

/** `tofu validate` and `tofu plan` of examples/hcl (2 resources to create) with the provider of each mirror. */
async function tofuRuns(tofu: string, mirrors: Array<{ name: string; cliConfigFile: string }>, runs: number, workDir: string): Promise<string[]> {
  // Plain JavaScript next to the example (the stack's own helper): loaded from the source tree.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { clusterVariables } = require(join(repoRoot, 'examples', 'hcl', 'emulator-tfvars.js')) as typeof import('../examples/hcl/emulator-tfvars');
  const emulator = await startEmulator();
  try {
    const variables = { secrets_key: 'bench-secrets-key-0123456789', alias: 'eu-logs', ...clusterVariables(emulator.clusters.local, emulator.clusters.remote) };
    const workspaces = [];
    for (const mirror of mirrors) {
      const dir = join(workDir, mirror.name.replace(/\W+/g, '-'));
      mkdirSync(dir, { recursive: true });
      for (const file of ['main.tf', 'variables.tf', 'outputs.tf']) cpSync(join(repoRoot, 'examples', 'hcl', file), join(dir, file));
      const env = { ...tofuEnv(dir), TF_CLI_CONFIG_FILE: mirror.cliConfigFile, ...Object.fromEntries(Object.entries(variables).map(([k, v]) => [`TF_VAR_${k}`, v])) };
      const options = { cwd: dir, env, timeoutMs: 120_000 };
      await runOk(tofu, ['init', '-input=false', '-no-color'], options);
      workspaces.push({ name: mirror.name, options, validate: [] as number[], plan: [] as number[] });
    }
    // Interleaved, as the provider starts are.
    for (let i = 0; i < runs; i++) {
      for (const w of workspaces) {
        w.validate.push(await timed(tofu, ['validate', '-no-color'], w.options));
        w.plan.push(await timed(tofu, ['plan', '-input=false', '-no-color'], w.options));
      }
    }
    const lines = [`tofu of examples/hcl, ${runs} runs each, medians`];
    for (const w of workspaces) lines.push(`  ${w.name.padEnd(34)}tofu validate ${ms(median(w.validate))}   tofu plan ${ms(median(w.plan))}`);
    return lines;
  } finally {
    await emulator.stop();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const beforeAt = args.indexOf('--before');
  const before = beforeAt >= 0 ? args.splice(beforeAt, 2)[1] : undefined;
  const runs = Number(args[0] ?? 10);
  const variants: Variant[] = [
    { name: 'bundle + code cache (installed)', script: bundle.launcher },
    { name: 'bundle, no code cache', script: bundle.launcher, prepare: removeCodeCache },
    { name: 'unbundled (dist/, tsc)', script: join(repoRoot, 'dist', 'providers', 'terraform', 'main.js') },
    ...(before ? [{ name: `--before ${before}`, script: join(before, 'dist', 'providers', 'terraform', 'main.js') }] : []),
  ];
  // The single executable, when npm run package:provider has made it (this build's bundle inside).
  const sea = packagedProvider();
  if (sea) {
    variants.push({ name: 'single executable (SEA)', command: sea.executable });
    // Its code cache lives under $XDG_CACHE_HOME: under a file (/dev/null) none can be made.
    variants.push({ name: 'single executable, no code cache', command: sea.executable, env: { XDG_CACHE_HOME: '/dev/null' } });
  }
  else process.stdout.write('single executable not measured: run npm run package:provider first\n');
  const lines = await providerStarts(variants, runs);
  process.stdout.write(`${lines.join('\n')}\n`);
  let tofu: string;
  try {
    tofu = toolPaths().tofu;
  } catch (error) {
    process.stdout.write(`tofu validate/plan skipped: ${error instanceof Error ? error.message : String(error)}\n`);
    return;
  }
  const workDir = mkdtempSync(join(tmpdir(), 'provider-startup-'));
  try {
    const mirrors = [{ name: 'bundle + code cache (installed)', cliConfigFile: installMirror(join(workDir, 'bundle')).cliConfigFile }];
    if (sea) {
      const cliConfigFile = join(workDir, 'sea.tfrc');
      writeFileSync(cliConfigFile, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(sea.mirrorDir)}\n  }\n}\n`);
      mirrors.push({ name: 'single executable (SEA)', cliConfigFile });
    }
    if (before) {
      // That checkout's own installer, so its mirror launches its own provider.
      execFileSync(process.execPath, [join(before, 'dist', 'providers', 'terraform', 'install-mirror.js'), join(workDir, 'before')], { stdio: 'ignore' });
      mirrors.push({ name: `--before ${before}`, cliConfigFile: join(workDir, 'before', 'cli.tfrc') });
    }
    process.stdout.write(`${(await tofuRuns(tofu, mirrors, Math.min(runs, 5), workDir)).join('\n')}\n`);
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
