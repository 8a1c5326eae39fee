/**
 * A provider's start as OpenTofu sees it: spawn to the handshake line, and spawn to the first
 * GetProviderSchema answered over the handshake's address with mutual TLS, then the host's Shutdown.
 * Works for any go-plugin provider (ours in Node, a Go one), over TCP or a Unix socket.
 */
import { spawn } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { makeServerCertificate } from '../providers/terraform/certificate';
import { magicCookieKey, magicCookieValue } from '../providers/terraform/handshake';
import { loadProtocol } from '../providers/terraform/protocol';
import { elapsed } from './measure';

const hostCert = makeServerCertificate();
const protocol = loadProtocol();


/** Spawn to exit of a bare `node -e ''`: the floor any Node provider pays. */
export function bareNode(): Promise<number> {
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

type UnaryClient = grpc.Client & Record<string, (request: object, callback: (error: Error | null) => void) => void>;

function client(service: grpc.ServiceDefinition, address: string, serverCert: string): UnaryClient {
  const Client = grpc.makeGenericClientConstructor(service, 'Service');
  const credentials = grpc.credentials.createSsl(Buffer.from(pem(serverCert)), Buffer.from(hostCert.keyPem), Buffer.from(hostCert.certPem));
  return new Client(address, credentials, { 'grpc.ssl_target_name_override': 'localhost' }) as unknown as UnaryClient;
}

const call = (c: UnaryClient, method: string) => new Promise<void>((resolve, reject) => c[method]({}, (error) => (error ? reject(error) : resolve())));

/** `1|6|tcp|127.0.0.1:1234|grpc|<cert>` or `...|unix|/tmp/plugin123|...`: a gRPC target and the server certificate. */
function parseHandshake(line: string): { target: string; cert: string } {
  const [, , network, address, , cert] = line.trim().split('|');
  return { target: network === 'unix' ? `unix:${address}` : address, cert };
}

/** Milliseconds from spawn to the handshake line and to the first GetProviderSchema answer. */
export function startPlugin(command: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ handshake: number; schema: number }> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(command, args, {
      env: { ...env, PATH: process.env.PATH, HOME: process.env.HOME, [magicCookieKey]: magicCookieValue, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: hostCert.certPem },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    const exited = new Promise((done) => child.on('exit', done));
    let out = '';
    child.on('error', reject);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      // Only the first line is the handshake; anything later is not ours to read.
      if (!out.includes('\n')) return;
      const handshake = elapsed(start);
      const { target, cert } = parseHandshake(out.slice(0, out.indexOf('\n')));
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      const provider = client(protocol.provider, target, cert);
      call(provider, 'GetProviderSchema')
        .then(async () => {
          const schema = elapsed(start);
          provider.close();
          const controller = client(protocol.controller, target, cert);
          // go-plugin's Go servers may drop the connection as they stop, before answering: stopping is the answer.
          await call(controller, 'Shutdown').catch(() => undefined);
          controller.close();
          await exited;
          resolve({ handshake, schema });
        })
        .catch((error: unknown) => {
          child.kill('SIGKILL');
          reject(error);
        });
    });
  });
}
