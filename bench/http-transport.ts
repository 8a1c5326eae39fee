/**
 * How fast the transport is on loopback, so it is never the bottleneck: sequential and concurrent
 * requests against a bare node:http server (transport overhead, sockets used) and against the
 * embedded emulator's `GET /`.
 *
 *   npm run build && node dist/bench/http-transport.js [requests]
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startEmulator } from '../src/emulator';
import { HttpTransport, type TransportOptions } from '../src/http/transport';

interface Measurement {
  target: string;
  concurrency: number;
  requests: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  sockets?: number;
}

async function measure(target: string, options: TransportOptions, requests: number, concurrency: number, sockets?: () => number): Promise<Measurement> {
  const transport = new HttpTransport(options);
  await transport.request({ method: 'GET', path: '/' }); // warm-up: connect once
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < requests) {
        const t0 = process.hrtime.bigint();
        await transport.request({ method: 'GET', path: '/' });
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await transport.close();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => Number(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(2));
  return { target, concurrency, requests, perSecond: Math.round(requests / seconds), p50Ms: at(0.5), p99Ms: at(0.99), sockets: sockets?.() };
}

async function main(): Promise<void> {
  const requests = Number(process.argv[2] ?? 5000);
  let sockets = 0;
  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  });
  bare.on('connection', () => sockets++);
  await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
  const bareUrl = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;
  const emulator = await startEmulator();
  const local = emulator.clusters.local;
  const emulatorOptions: TransportOptions = { service: 'elasticsearch', baseUrl: local.url, auth: { kind: 'apiKey', apiKey: local.apiKey } };

  const results: Measurement[] = [];
  for (const concurrency of [1, 16]) {
    sockets = 0;
    results.push(await measure('node:http server', { service: 'elasticsearch', baseUrl: bareUrl }, requests, concurrency, () => sockets));
    results.push(await measure('emulator GET /', emulatorOptions, requests, concurrency));
  }
  console.table(results);
  await emulator.stop();
  bare.closeAllConnections();
  bare.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
