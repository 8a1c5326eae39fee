/** TLS (private CAs, verification, the insecure switch) and HTTP proxies, on real HTTPS servers and a CONNECT proxy. */
import { webcrypto } from 'node:crypto';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer, type Server } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import * as x509 from '@peculiar/x509';
import { memoryLogger } from '../log';
import { TransportError } from './errors';
import { HttpTransport, type TransportOptions } from './transport';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

/** A private CA and a server certificate it signed for 127.0.0.1, like an ECE installation's. */
async function makePki(): Promise<{ caPem: string; certPem: string; keyPem: string }> {
  const caKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Test Private CA',
    keys: caKeys,
    signingAlgorithm: algorithm,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [new x509.BasicConstraintsExtension(true, undefined, true), new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign, true)],
  });
  const serverKeys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.create({
    subject: 'CN=127.0.0.1',
    issuer: ca.subject,
    publicKey: serverKeys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: algorithm,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 86_400_000),
    extensions: [
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }]),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', serverKeys.privateKey);
  return { caPem: ca.toString('pem'), certPem: cert.toString('pem'), keyPem: x509.PemConverter.encode(pkcs8, 'PRIVATE KEY') };
}

let server: Server;
let baseUrl: string;
let caPem: string;
const transports: HttpTransport[] = [];

beforeAll(async () => {
  const pki = await makePki();
  caPem = pki.caPem;
  server = createServer({ cert: pki.certPem, key: pki.keyPem }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"tagline":"You Know, for Search"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function transport(options: Partial<TransportOptions>): HttpTransport {
  const t = new HttpTransport({ service: 'elasticsearch', baseUrl, sleep: async () => undefined, ...options });
  transports.push(t);
  return t;
}

it('trusts a private CA given as a PEM bundle', async () => {
  const response = await transport({ caCertPem: caPem }).request({ method: 'GET', path: '/' });
  expect(response.body).toEqual({ tagline: 'You Know, for Search' });
});

it('rejects the server without the CA, without retrying, and says how to fix it', async () => {
  const t = transport({});
  const error = await t.request({ method: 'GET', path: '/' }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(TransportError);
  expect(error).toMatchObject({ failure: 'tls', attempts: 1 });
  expect((error as TransportError).code).toMatch(/UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED|UNABLE_TO_VERIFY/);
  expect((error as Error).message).toMatch(/TLS verification of https:\/\/127\.0\.0\.1:\d+ failed .*CA bundle.*insecure/);
  expect(t.requestCount).toBe(1);
});

it('rejects the server when the bundle holds a different CA', async () => {
  const other = await makePki();
  const error = await transport({ caCertPem: other.caPem }).request({ method: 'GET', path: '/' }).catch((e: unknown) => e);
  expect(error).toMatchObject({ failure: 'tls' });
});

it('connects without verification only when insecureSkipVerify is set, and warns', async () => {
  const log = memoryLogger();
  const response = await transport({ insecureSkipVerify: true, logger: log }).request({ method: 'GET', path: '/' });
  expect(response.status).toBe(200);
  expect(log.entries.filter((e) => e.level === 'warn').map((e) => e.message)).toEqual(['TLS certificate verification is off for this API (insecure)']);
});

/** A forward proxy that tunnels CONNECT requests, recording them; `refuse` answers 407 instead. */
async function startProxy(options: { refuse?: boolean } = {}) {
  const tunnels: { target: string; headers: IncomingHttpHeaders }[] = [];
  const sockets = new Set<Socket>();
  const proxy = createHttpServer((_req, res) => res.writeHead(405).end());
  proxy.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  proxy.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push({ target: req.url ?? '', headers: req.headers });
    if (options.refuse) return void client.end('HTTP/1.1 407 Proxy Authentication Required\r\ncontent-length: 0\r\n\r\n');
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    // A tunnel lives and dies as one: either side closing ends the other.
    upstream.on('close', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://proxy-user:proxy%20pass-secret@127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    tunnels,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => proxy.close(() => resolve()));
    },
  };
}

describe('through a proxy', () => {
  it('tunnels to a private-CA server, authenticates to the proxy, and keeps the tunnel alive', async () => {
    const proxy = await startProxy();
    try {
      const t = transport({ caCertPem: caPem, proxyUrl: proxy.url });
      for (let i = 0; i < 5; i++) expect((await t.request({ method: 'GET', path: '/' })).status).toBe(200);
      expect(proxy.tunnels.length).toBeLessThanOrEqual(2);
      expect(proxy.tunnels[0].target).toBe(new URL(baseUrl).host);
      expect(proxy.tunnels[0].headers['proxy-authorization']).toBe(`Basic ${Buffer.from('proxy-user:proxy pass-secret').toString('base64')}`);
    } finally {
      await proxy.close();
    }
  });

  it('still verifies the server behind the proxy', async () => {
    const proxy = await startProxy();
    try {
      const error = await transport({ proxyUrl: proxy.url }).request({ method: 'GET', path: '/' }).catch((e: unknown) => e);
      expect(error).toMatchObject({ failure: 'tls' });
    } finally {
      await proxy.close();
    }
  });

  it('reports a refusing proxy without its credentials', async () => {
    const proxy = await startProxy({ refuse: true });
    try {
      const error = await transport({ caCertPem: caPem, proxyUrl: proxy.url }).request({ method: 'GET', path: '/' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      const message = (error as Error).message;
      expect(message).toMatch(/through the proxy http:\/\/127\.0\.0\.1:\d+ failed .*407/);
      expect(message).not.toMatch(/proxy-user:|pass-secret|proxy%20pass/);
    } finally {
      await proxy.close();
    }
  });

  it('rejects a proxy setting that is not an http(s) URL', () => {
    expect(() => transport({ proxyUrl: 'socks5://127.0.0.1:1080' })).toThrow('elasticsearch proxy must use http or https, not socks5:');
  });
});
