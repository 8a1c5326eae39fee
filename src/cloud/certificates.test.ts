import { makeCa, type TestCa } from '../../test/seeds/support/certificates';
import { certificateFingerprints, certificateProblem, parseCertificateBundle } from './certificates';

describe('parseCertificateBundle', () => {
  let ca: TestCa;
  let other: TestCa;
  beforeAll(async () => {
    [ca, other] = await Promise.all([makeCa('ECE env CA'), makeCa('Other CA')]);
  });

  it('parses a real CA certificate: subject, CA flag, SHA-256 fingerprint', () => {
    const [parsed] = parseCertificateBundle(ca.pem);
    expect(parsed.subject).toBe('CN=ECE env CA');
    expect(parsed.isCa).toBe(true);
    expect(parsed.fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });

  it('parses a bundle and gives one fingerprint per certificate, independent of line layout', () => {
    const bundle = `${ca.pem}\n${other.pem}\n`;
    expect(parseCertificateBundle(bundle)).toHaveLength(2);
    const rewrapped = ca.pem.replace(/\n/g, '\r\n');
    expect(certificateFingerprints(rewrapped)).toEqual(certificateFingerprints(ca.pem));
    expect(certificateFingerprints(other.pem)).not.toEqual(certificateFingerprints(ca.pem));
  });

  it('rejects the seed placeholder (an elided certificate) because it does not decode', () => {
    expect(certificateProblem('-----BEGIN CERTIFICATE-----\nMIIDTzCCA...H0=\n-----END CERTIFICATE-----')).toMatch(/not a valid X.509 certificate/);
  });

  it('rejects a truncated certificate', () => {
    const lines = ca.pem.trim().split('\n');
    const truncated = [...lines.slice(0, 3), lines[lines.length - 1]].join('\n');
    expect(certificateProblem(truncated)).toMatch(/not a valid X.509 certificate/);
  });

  it('rejects a private key without echoing it', () => {
    const problem = certificateProblem(ca.privateKeyPem) ?? '';
    expect(problem).toMatch(/private key/);
    expect(problem).not.toContain(ca.privateKeyPem.split('\n')[1]);
  });

  it('rejects text that is not PEM, and text around PEM blocks', () => {
    expect(certificateProblem('hello')).toMatch(/no PEM block found/);
    expect(certificateProblem(`garbage\n${ca.pem}`)).toMatch(/text outside/);
  });

  it('rejects an expired certificate', async () => {
    const expired = await makeCa('Old CA', { notBefore: new Date(Date.now() - 10 * 86_400_000), days: 2 });
    expect(certificateProblem(expired.pem)).toMatch(/expired on/);
  });
});
