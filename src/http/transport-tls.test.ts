import { webcrypto } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
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
