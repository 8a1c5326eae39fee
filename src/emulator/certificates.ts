/** Real self-signed CA certificates (ECDSA P-256) for emulated ECE environments and ECH regions. */
import * as x509 from '@peculiar/x509';
import { webcrypto } from 'node:crypto';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface CertificateAuthorityPem {
  pem: string;
  /** SHA-256 fingerprint, lowercase hex. */
  fingerprint: string;
  validFrom: string;
  validTo: string;
  /** Signs server certificates (emulator-internal, never served). */
  readonly issuer: { name: string; keys: webcrypto.CryptoKeyPair };
}

type GeneratorKeys = Parameters<typeof x509.X509CertificateGenerator.createSelfSigned>[0]['keys'];

const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export async function createCertificateAuthority(commonName: string, notBefore: Date): Promise<CertificateAuthorityPem> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const notAfter = new Date(notBefore.getTime() + 3 * 365 * 86_400_000);
  const name = `CN=${commonName}, O=elastic-remote-emulator`;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name,
    notBefore,
    notAfter,
    signingAlgorithm: algorithm,
    keys: keys as unknown as GeneratorKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const fingerprint = Buffer.from(await certificate.getThumbprint('SHA-256')).toString('hex');
  return { pem: certificate.toString('pem'), fingerprint, validFrom: notBefore.toISOString(), validTo: notAfter.toISOString(), issuer: { name, keys } };
}

const serialNumber = (): string => webcrypto.getRandomValues(new Uint8Array(8)).reduce((hex, b) => hex + b.toString(16).padStart(2, '0'), '01');

/** A TLS server certificate for 127.0.0.1 and localhost signed by the CA (ECE coordinators with a private CA). */
export async function issueServerCertificate(ca: CertificateAuthorityPem, commonName: string): Promise<{ certPem: string; keyPem: string }> {
  const keys = (await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const generatorKeys = keys as unknown as GeneratorKeys;
  const notBefore = new Date(Date.now() - 3_600_000);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: `CN=${commonName}`,
    issuer: ca.issuer.name,
    notBefore,
    notAfter: new Date(notBefore.getTime() + 365 * 86_400_000),
    signingAlgorithm: algorithm,
    publicKey: generatorKeys.publicKey,
    signingKey: (ca.issuer.keys as unknown as GeneratorKeys).privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([
        { type: 'ip', value: '127.0.0.1' },
        { type: 'dns', value: 'localhost' },
      ]),
    ],
  });
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
  const keyPem = `-----BEGIN PRIVATE KEY-----\n${pkcs8.match(/.{1,64}/g)?.join('\n')}\n-----END PRIVATE KEY-----\n`;
  return { certPem: certificate.toString('pem'), keyPem };
}

/** Whether the text is one parseable PEM certificate. */
export function isPemCertificate(text: string): boolean {
  if (!/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/.test(text)) return false;
  try {
    new x509.X509Certificate(text.trim());
    return true;
  } catch {
    return false;
  }
}

/** Compares certificates by their base64 body, ignoring line breaks and surrounding whitespace. */
export function samePem(a: string, b: string): boolean {
  const body = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----/g, '').replace(/\s+/g, '');
  return body(a) === body(b);
}
