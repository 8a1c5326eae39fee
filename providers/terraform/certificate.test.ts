import { createPrivateKey, X509Certificate } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeServerCertificate } from './certificate';

describe('server certificate for automatic mutual TLS', () => {
  const made = makeServerCertificate(new Date('2026-05-01T12:00:00Z'));
  const cert = new X509Certificate(made.der);

  it('is a self-signed ECDSA P-256 CA certificate for localhost', () => {
    expect(cert.subject).toContain('CN=localhost');
    expect(cert.subjectAltName).toBe('DNS:localhost');
    expect(cert.ca).toBe(true);
    expect(cert.checkHost('localhost')).toBe('localhost');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(cert.checkPrivateKey(createPrivateKey(made.keyPem))).toBe(true);
    expect(new X509Certificate(made.certPem).fingerprint256).toBe(cert.fingerprint256);
  });

  it('is valid from just before its creation, for server and client authentication', () => {
    expect(new Date(cert.validFrom).getTime()).toBe(new Date('2026-05-01T11:59:30Z').getTime());
    expect(new Date(cert.validTo).getTime()).toBeGreaterThan(new Date('2026-05-30T00:00:00Z').getTime());
    expect(cert.keyUsage).toEqual(expect.arrayContaining(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']));
  });

  it('passes OpenSSL verification as its own trust anchor (how the host trusts it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cert-'));
    const current = makeServerCertificate();
    writeFileSync(join(dir, 'c.pem'), current.certPem);
    const out = execFileSync('openssl', ['verify', '-purpose', 'sslserver', '-CAfile', join(dir, 'c.pem'), join(dir, 'c.pem')]).toString();
    expect(out.trim()).toMatch(/: OK$/);
  });

  it('is valid DER every time (a random serial never gets a leading zero byte)', () => {
    for (let i = 0; i < 3000; i++) {
      const { der } = makeServerCertificate();
      expect(() => new X509Certificate(der)).not.toThrow();
    }
  });

  it('is fresh at every start', () => {
    expect(makeServerCertificate().der.equals(makeServerCertificate().der)).toBe(false);
  });
});
