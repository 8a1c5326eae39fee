/**
 * Emulator throughput on loopback: a bounded number of requests per scenario over keep-alive
 * connections, printed as requests per second. Run after a build:
 *   node dist/bench/emulator-throughput.js [requestsPerScenario] [concurrency]
 */
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

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 20_000);
  const concurrency = Number(process.argv[3] ?? 16);
  const emulator = await startEmulator();
  try {
    const local = emulator.clusters.local;
    const remote = emulator.clusters.remote;
    const basic = `Basic ${Buffer.from(`${local.username}:${local.password}`).toString('base64')}`;
    await fetch(`${local.url}/_cluster/settings`, {
      method: 'PUT',
      headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ persistent: { 'cluster.remote.bench.seeds': [remote.transportAddress] } }),
    });
    emulator.trust('local', 'remote');
    emulator.trust('remote', 'local');
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
    const results: Record<string, number> = {};
    for (const scenario of scenarios) {
      const auth = scenario.name === 'GET /' ? `ApiKey ${local.apiKey}` : basic;
      results[scenario.name] = Math.round(await measure(local.url, auth, scenario, total, concurrency));
    }
    process.stdout.write(`${JSON.stringify({ requestsPerScenario: total, concurrency, requestsPerSecond: results }, null, 2)}\n`);
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
