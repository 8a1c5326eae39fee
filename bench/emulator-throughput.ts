/**
 * Emulator throughput on loopback: a bounded number of requests per scenario over keep-alive
 * connections, printed as requests per second. The emulator runs in its own process (as
 * `elastic-remote-emulator`), or with --in-process next to the client. Run after a build:
 *   node dist/bench/emulator-throughput.js [requestsPerScenario] [concurrency] [--in-process]
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pool } from 'undici';
import { startEmulator } from '../src/emulator';

interface Scenario {
  name: string;
  method: 'GET' | 'PUT' | 'POST';
  path: string;
  body?: (i: number) => unknown;
}

async function measure(url: string, authorization: string, scenario: Scenario, total: number, concurrency: number): Promise<number> {
  const pool = new Pool(url, { connections: concurrency, pipelining: 1 });
  let next = 0;
  let failures = 0;
  const started = process.hrtime.bigint();
  const worker = async (): Promise<void> => {
    while (next < total) {
      const i = next++;
      const body = scenario.body?.(i);
      const response = await pool.request({
        method: scenario.method,
        path: scenario.path,
        headers: { authorization, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      await response.body.text();
      if (response.statusCode !== 200) failures += 1;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await pool.close();
  if (failures > 0) throw new Error(`${scenario.name}: ${failures} non-200 answers`);
  return total / seconds;
}

interface Target {
  clusters: Record<string, { url: string; apiKey: string; username: string; password: string; transportAddress: string }>;
  trust(from: string, to: string): Promise<void>;
  stop(): Promise<void>;
}

/** The emulator as users start it (`elastic-remote-emulator`), in its own process: its own core. */
async function separateProcess(): Promise<Target> {
  const bin = path.resolve(__dirname, '..', '..', 'bin', 'elastic-remote-emulator.js');
  const config = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'emulator-bench-')), 'topology.json');
  fs.writeFileSync(config, JSON.stringify({ clusters: [{ name: 'local' }, { name: 'remote' }] }));
  const child = spawn(process.execPath, [bin, '--config', config], { stdio: ['ignore', 'pipe', 'inherit'] });
  let text = '';
  const topology = await new Promise<{ cloudUrl: string; clusters: Target['clusters']; admin: { token: string } }>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      try {
        resolve(JSON.parse(text));
      } catch {
        // incomplete document
      }
    });
    child.on('exit', (code) => reject(new Error(`emulator exited (${code})`)));
  });
  return {
    clusters: topology.clusters,
    trust: async (from, to) => {
      await fetch(`${topology.cloudUrl}/_emulator/trust`, { method: 'POST', headers: { authorization: `Bearer ${topology.admin.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ from, to }) });
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.on('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

async function sameProcess(): Promise<Target> {
  const emulator = await startEmulator();
  return { clusters: emulator.clusters, trust: async (from, to) => emulator.trust(from, to), stop: () => emulator.stop() };
}

async function main(): Promise<void> {
  const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
  const [total = 20_000, concurrency = 16] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
  const inProcess = flags.includes('--in-process');
  const target = inProcess ? await sameProcess() : await separateProcess();
  try {
    const local = target.clusters.local;
    const remote = target.clusters.remote;
    const basic = `Basic ${Buffer.from(`${local.username}:${local.password}`).toString('base64')}`;
    await fetch(`${local.url}/_cluster/settings`, {
      method: 'PUT',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ persistent: { 'cluster.remote.bench.seeds': [remote.transportAddress] } }),
    });
    await target.trust('local', 'remote');
    await target.trust('remote', 'local');
    const scenarios: Scenario[] = [
      { name: 'GET /', method: 'GET', path: '/' },
      { name: 'GET /_remote/info', method: 'GET', path: '/_remote/info' },
      { name: 'GET /_cluster/settings?flat_settings', method: 'GET', path: '/_cluster/settings?flat_settings=true' },
      {
        name: 'PUT /_cluster/settings',
        method: 'PUT',
        path: '/_cluster/settings',
        body: (i) => ({ persistent: { 'cluster.remote.bench.skip_unavailable': i % 2 === 0 } }),
      },
    ];
    // Warm-up so the first scenario does not pay for JIT compilation.
    await measure(local.url, basic, scenarios[0], Math.min(2_000, total), concurrency);
    const results: Record<string, number> = {};
    for (const scenario of scenarios) {
      const auth = scenario.name === 'GET /' ? `ApiKey ${local.apiKey}` : basic;
      results[scenario.name] = Math.round(await measure(local.url, auth, scenario, total, concurrency));
    }
    const emulatorProcess = inProcess ? 'same process as the client' : 'own process (elastic-remote-emulator)';
    process.stdout.write(`${JSON.stringify({ emulatorProcess, requestsPerScenario: total, concurrency, requestsPerSecond: results }, null, 2)}\n`);
  } finally {
    await target.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
