/**
 * The handshake rules, and the built executable started as Terraform starts it: magic cookie,
 * version negotiation, exactly one line on stdout, SIGINT ignored, exit on the controller's Shutdown.
 */
import { spawn } from 'node:child_process';
import * as grpc from '@grpc/grpc-js';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkMagicCookie, handshakeLine, magicCookieKey, magicCookieValue, negotiateProtocolVersion, reattachConfig } from './handshake';
import { makeServerCertificate } from './certificate';
import { providerBundle } from './install-mirror';
import { loadProtocol, protocolDescriptor } from './protocol';

describe('handshake rules', () => {
  it('accepts only the Terraform magic cookie', () => {
    expect(() => checkMagicCookie({ [magicCookieKey]: magicCookieValue })).not.toThrow();
    expect(() => checkMagicCookie({})).toThrow(/This binary is a plugin/);
    expect(() => checkMagicCookie({ [magicCookieKey]: 'x' })).toThrow(/This binary is a plugin/);
  });

  it('negotiates protocol 6 from the host list, refusing hosts without it', () => {
    expect(negotiateProtocolVersion('5,6')).toBe(6);
    expect(negotiateProtocolVersion(' 6 ')).toBe(6);
    expect(negotiateProtocolVersion(undefined)).toBe(6);
    expect(() => negotiateProtocolVersion('4,5')).toThrow(/host speaks version\(s\) 4, 5, this provider speaks 6/);
  });

  it('prints the certificate as unpadded standard base64 of the DER', () => {
    const der = Buffer.from([1, 2, 3, 4]);
    expect(handshakeLine(6, 'tcp', '127.0.0.1:1234', der)).toBe('1|6|tcp|127.0.0.1:1234|grpc|AQIDBA');
    expect(handshakeLine(6, 'tcp', '127.0.0.1:1234')).toBe('1|6|tcp|127.0.0.1:1234|grpc');
  });

  it('writes reattach configuration for every provider address', () => {
    const parsed = JSON.parse(reattachConfig(['registry.opentofu.org/a/b'], 6, 42, '127.0.0.1:9')) as Record<string, unknown>;
    expect(parsed).toEqual({ 'registry.opentofu.org/a/b': { Protocol: 'grpc', ProtocolVersion: 6, Pid: 42, Test: true, Addr: { Network: 'tcp', String: '127.0.0.1:9' } } });
  });
});

const launcher = join(__dirname, 'bin', 'terraform-provider-elasticremote');
const built = providerBundle(join(__dirname, '..', '..')).launcher;

interface Started {
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
  kill(signal: NodeJS.Signals): void;
}

function start(env: NodeJS.ProcessEnv, args: string[] = []): Started {
  const child = spawn(launcher, args, { env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr.on('data', (c: Buffer) => (err += c.toString()));
  return { stdout: () => out, stderr: () => err, exited: new Promise((r) => child.on('exit', (code) => r(code))), kill: (s) => child.kill(s) };
}

async function until(condition: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the executable (compiled: npm run build)', () => {
  beforeAll(() => {
    if (!existsSync(built)) throw new Error(`${built} is missing: run npm run build first (scripts/test.sh does)`);
  });

  it('refuses to run without the magic cookie, on stderr', async () => {
    const p = start({});
    expect(await p.exited).toBe(1);
    expect(p.stdout()).toBe('');
    expect(p.stderr()).toContain('This binary is a plugin');
  });

  it('refuses a host without protocol 6', async () => {
    const p = start({ [magicCookieKey]: magicCookieValue, PLUGIN_PROTOCOL_VERSIONS: '5', PLUGIN_CLIENT_CERT: makeServerCertificate().certPem });
    expect(await p.exited).toBe(1);
    expect(p.stderr()).toContain('Incompatible plugin protocol');
  });

  it('prints exactly one handshake line, ignores SIGINT, and keeps serving', async () => {
    const p = start({ [magicCookieKey]: magicCookieValue, PLUGIN_PROTOCOL_VERSIONS: '5,6', PLUGIN_CLIENT_CERT: makeServerCertificate().certPem });
    try {
      await until(() => p.stdout().endsWith('\n'), 'the handshake line');
      expect(p.stdout()).toMatch(/^1\|6\|tcp\|127\.0\.0\.1:\d+\|grpc\|[A-Za-z0-9+/]+\n$/);
      p.kill('SIGINT');
      const outcome = await Promise.race([p.exited, new Promise((r) => setTimeout(() => r('still running'), 300))]);
      expect(outcome).toBe('still running');
    } finally {
      p.kill('SIGKILL');
      await p.exited;
    }
  });

  it('answers the schema calls and StopProvider without loading the engine; the first call that needs it loads it', async () => {
    const p = start({ NODE_DEBUG: 'module' }, ['--debug']);
    const loaded = (chunk: string) => new RegExp(`load "[^"]*/bundle/${chunk}(-[A-Z0-9]+)?\\.js"`).test(p.stderr());
    try {
      await until(() => p.stdout().includes("TF_REATTACH_PROVIDERS='"), 'the reattach line');
      const address = /"String":"([^"]+)"/.exec(p.stdout())![1];
      const Provider = grpc.makeGenericClientConstructor(loadProtocol().provider, 'Provider');
      const client = new Provider(address, grpc.credentials.createInsecure()) as unknown as grpc.Client & Record<string, (r: object, cb: (e: Error | null, res: { diagnostics: unknown[] }) => void) => void>;
      const call = (method: string) => new Promise<{ diagnostics: unknown[] }>((resolve, reject) => client[method]({}, (e, res) => (e ? reject(e) : resolve(res))));
      expect((await call('GetProviderSchema')).diagnostics).toEqual([]);
      await call('GetMetadata');
      await call('StopProvider');
      expect(loaded('main')).toBe(true);
      expect(loaded('provider')).toBe(false);
      expect((await call('ValidateProviderConfig')).diagnostics).toEqual([]);
      expect(loaded('provider')).toBe(true);
      client.close();
    } finally {
      p.kill('SIGKILL');
      await p.exited;
    }
  });

  it('--debug prints TF_REATTACH_PROVIDERS for the provider addresses', async () => {
    const p = start({}, ['--debug']);
    try {
      await until(() => p.stdout().includes("TF_REATTACH_PROVIDERS='"), 'the reattach line');
      const json = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(p.stdout())![1];
      const config = JSON.parse(json) as Record<string, { Addr: { String: string }; ProtocolVersion: number }>;
      expect(config['registry.opentofu.org/elastic-remote/elasticremote']).toMatchObject({ ProtocolVersion: 6, Addr: { String: expect.stringMatching(/^127\.0\.0\.1:\d+$/) } });
    } finally {
      p.kill('SIGKILL');
      await p.exited;
    }
  });
});

describe('protocol descriptor', () => {
  it('proto/descriptor.json is generated from the current .proto files (node dist/providers/terraform/protocol.js)', () => {
    const stored = JSON.parse(readFileSync(join(__dirname, 'proto', 'descriptor.json'), 'utf8')) as object;
    expect(stored).toEqual(protocolDescriptor());
  });

  it('serves the tfplugin6 methods under their protocol paths', () => {
    const { provider, controller, stdio, health } = loadProtocol();
    expect(provider.PlanResourceChange.path).toBe('/tfplugin6.Provider/PlanResourceChange');
    expect(controller.Shutdown.path).toBe('/plugin.GRPCController/Shutdown');
    expect(stdio.StreamStdio.path).toBe('/plugin.GRPCStdio/StreamStdio');
    expect(health.Check.path).toBe('/grpc.health.v1.Health/Check');
  });
});
