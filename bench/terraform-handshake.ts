/**
 * Provider start-up as Terraform/OpenTofu see it: from spawning the provider executable to its
 * handshake line on stdout, and to the first GetProviderSchema answer over mutual TLS, compared with
 * a bare `node -e ''` in the same run (the floor any Node provider pays). Goal: handshake < 300 ms.
 * Run after a build:
 *   node dist/bench/terraform-handshake.js [iterations]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { makeServerCertificate } from '../providers/terraform/certificate';
import { magicCookieKey, magicCookieValue } from '../providers/terraform/handshake';
import { loadProtocol } from '../providers/terraform/protocol';

const launcher = join(__dirname, '..', '..', 'providers', 'terraform', 'bin', 'terraform-provider-elasticremote');
const hostCert = makeServerCertificate();
const protocol = loadProtocol();

const elapsed = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

function bareNode(): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
    child.on('error', reject);
    child.on('exit', () => resolve(elapsed(start)));
  });
}

function pem(base64Der: string): string {
  return `-----BEGIN CERTIFICATE-----\n${Buffer.from(base64Der, 'base64').toString('base64').match(/.{1,64}/g)!.join('\n')}\n-----END CERTIFICATE-----\n`;
}

/** Milliseconds to the handshake line and to the first GetProviderSchema answer. */
function provider(): Promise<{ handshake: number; schema: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(launcher, [], {
      env: { PATH: process.env.PATH, [magicCookieKey]: magicCookieValue, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: hostCert.certPem },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    let out = '';
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (!out.endsWith('\n')) return;
      const handshake = elapsed(start);
      const [, , , address, , cert] = out.trim().split('|');
      const Client = grpc.makeGenericClientConstructor(protocol.provider, 'Provider');
      const client = new Client(address, grpc.credentials.createSsl(Buffer.from(pem(cert)), Buffer.from(hostCert.keyPem), Buffer.from(hostCert.certPem)), {
        'grpc.ssl_target_name_override': 'localhost',
      }) as unknown as grpc.Client & { GetProviderSchema(r: object, cb: (e: Error | null) => void): void };
      client.GetProviderSchema({}, (error) => {
        const schema = elapsed(start);
        client.close();
        child.kill('SIGKILL');
        if (error) reject(error);
        else resolve({ handshake, schema });
      });
    });
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const fmt = (xs: number[]) => `median ${median(xs).toFixed(0)} ms, min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)}`;

async function main(): Promise<void> {
  const iterations = Number(process.argv[2] ?? 10);
  const bare: number[] = [];
  const handshake: number[] = [];
  const schema: number[] = [];
  await provider(); // warm the file system cache, as any second start would be
  for (let i = 0; i < iterations; i++) {
    bare.push(await bareNode());
    const p = await provider();
    handshake.push(p.handshake);
    schema.push(p.schema);
  }
  process.stdout.write(
    [
      `iterations: ${iterations}`,
      `node -e '':                        ${fmt(bare)}`,
      `provider start → handshake line:   ${fmt(handshake)}  (goal < 300 ms)`,
      `provider start → schema answered:  ${fmt(schema)}`,
      `handshake over bare node (median): +${(median(handshake) - median(bare)).toFixed(0)} ms`,
    ].join('\n') + '\n',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
